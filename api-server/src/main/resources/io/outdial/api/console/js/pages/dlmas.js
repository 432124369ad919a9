// Dial lists (dlmas): their list and the form that creates one; each opens its own page with
// its entries and the CSV import.
import { h } from '../dom.js';
import { renderCatalogue, vars } from '../catalogue.js';

export function render(view, ctx) {
  renderCatalogue(view, ctx, {
    title: 'Dial lists',
    kind: 'dlma',
    route: 'dlmas',
    path: '/v1/dlmas',
    columns: [
      ['Name', (d) => h('a', { href: `#/dlmas/${d.id}`, class: 'dlma-link' }, d.name)],
      ['Detail', (d) => d.detail || ''],
      ['Variables', (d) => vars(d.variables)],
    ],
    fields: [
      { name: 'name', label: 'Name', required: true },
      { name: 'detail', label: 'Detail' },
      { name: 'variables', label: 'Variables', kind: 'vars', placeholder: 'NAME=value, one a line' },
    ],
  });
}
