// Destinations: where an answered call goes (an extension, or an application such as Queue).
import { renderCatalogue, vars } from '../catalogue.js';

export function render(view, ctx) {
  renderCatalogue(view, ctx, {
    title: 'Destinations',
    kind: 'destination',
    route: 'destinations',
    path: '/v1/destinations',
    columns: [
      ['Name', (d) => d.name],
      ['Type', (d) => `${d.type} ${d.typeName}`],
      ['Goes to', (d) => (d.type === 0 ? `${d.exten}@${d.context}, priority ${d.priority}` : `${d.application}(${d.data || ''})`)],
      ['Variables', (d) => vars(d.variables)],
    ],
    fields: [
      { name: 'name', label: 'Name', required: true },
      { name: 'detail', label: 'Detail' },
      { name: 'type', label: 'Type', kind: 'select', required: true, options: [['', '(choose)'], [0, '0 EXTENSION'], [1, '1 APPLICATION']] },
      { name: 'context', label: 'Context', hint: 'extension only' },
      { name: 'exten', label: 'Extension', hint: 'extension only' },
      { name: 'priority', label: 'Priority', hint: 'extension only' },
      { name: 'application', label: 'Application', placeholder: 'Queue', hint: 'application only' },
      { name: 'data', label: 'Data', placeholder: 'sales', hint: 'the queue name for Queue' },
      { name: 'variables', label: 'Variables', kind: 'vars', placeholder: 'NAME=value, one a line' },
    ],
  });
}
