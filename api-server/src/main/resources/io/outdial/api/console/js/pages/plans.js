// Plans: how to dial (channel technology, trunk, timeouts, retries, caps).
import { renderCatalogue, vars } from '../catalogue.js';

export function render(view, ctx) {
  renderCatalogue(view, ctx, {
    title: 'Plans',
    kind: 'plan',
    route: 'plans',
    path: '/v1/plans',
    columns: [
      ['Name', (p) => p.name],
      ['Dial mode', (p) => `${p.dialMode} ${p.dialModeName}`],
      ['Channel', (p) => (p.trunkName ? `${p.techName}<number>@${p.trunkName}` : `${p.techName}<number>`)],
      ['Timeout ms', (p) => p.dialTimeout],
      ['Retry delay s', (p) => p.retryDelay],
      ['Tries per number', (p) => (p.maxRetry || []).join(',')],
      ['List end', (p) => `${p.dlEndHandle} ${p.dlEndHandleName}`],
      ['Caps', (p) => [p.maxConcurrentCalls ? `${p.maxConcurrentCalls} calls` : '', p.callsPerSecond ? `${p.callsPerSecond}/s` : ''].filter(Boolean).join(', ')],
      ['Variables', (p) => vars(p.variables)],
    ],
    fields: [
      { name: 'name', label: 'Name', required: true },
      { name: 'detail', label: 'Detail' },
      { name: 'dialMode', label: 'Dial mode', kind: 'select', options: [['', 'default (0 NONE)'], [0, '0 NONE'], [1, '1 PREDICTIVE']] },
      { name: 'dialTimeout', label: 'Dial timeout (ms)', kind: 'int', placeholder: '30000' },
      { name: 'callerId', label: 'Caller id', placeholder: '"ACME" <5551234>' },
      { name: 'techName', label: 'Channel technology', placeholder: 'PJSIP/' },
      { name: 'trunkName', label: 'Trunk name', hint: 'the channel becomes <tech><number>@<trunk>' },
      { name: 'trunkId', label: 'Trunk id (of a PBX)', hint: 'empty: the default PBX' },
      { name: 'retryDelay', label: 'Retry delay (s)', kind: 'int', placeholder: '60' },
      { name: 'maxRetry', label: 'Tries per number', kind: 'ints', placeholder: '3,1', hint: 'number 1, number 2 … (default 5 each)' },
      { name: 'serviceLevel', label: 'Service level', kind: 'int', placeholder: '0' },
      { name: 'dlEndHandle', label: 'When the list is done', kind: 'select', options: [['', 'default (1 STOP)'], [0, '0 KEEP'], [1, '1 STOP']] },
      { name: 'maxConcurrentCalls', label: 'Max concurrent calls', kind: 'int' },
      { name: 'callsPerSecond', label: 'Calls per second', kind: 'number' },
      { name: 'earlyMedia', label: 'Early media', kind: 'select', options: [['', 'not set'], ['yes', 'yes'], ['no', 'no']] },
      { name: 'codecs', label: 'Codecs', placeholder: 'ulaw,alaw' },
      { name: 'variables', label: 'Variables', kind: 'vars', placeholder: 'NAME=value, one a line' },
    ],
  });
}
