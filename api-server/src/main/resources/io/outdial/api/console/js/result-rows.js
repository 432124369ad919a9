// One result as a table row, on the results page and in a campaign's latest results: codes
// with their names, and the links into the Temporal UI at the events that sent the call's
// Originate and recorded its result.
import { h, coded, when, externalLink } from './dom.js';

export const RESULT_COLUMNS = ['Recorded', 'Customer', 'Number', 'Which, try', 'Dialing status', 'Dial result', 'Hangup cause', 'Temporal'];

export function resultHead() {
  return h('thead', {}, h('tr', {}, RESULT_COLUMNS.map((c) => h('th', {}, c))));
}

export function resultRow(r) {
  const entry = r.snapshot && r.snapshot.entry ? r.snapshot.entry : {};
  return h(
    'tr',
    { class: 'result', 'data-result': r.id, 'data-res-dial': r.resDial },
    h('td', {}, when(r.createdAt)),
    h('td', {}, entry.name || ''),
    h('td', { class: 'number' }, r.number),
    h('td', { class: 'num', title: 'number of the entry, try on it' }, `#${r.numberIndex}, try ${r.tryCount}`),
    h('td', {}, coded(r.dialingStatus, r.dialingStatusName)),
    h('td', { class: 'res-dial' }, coded(r.resDial, r.resDialName)),
    h('td', { title: r.resHangupText || '' }, coded(r.resHangup, r.resHangupName), r.resHangupText ? h('div', { class: 'muted' }, r.resHangupText) : null),
    h(
      'td',
      {},
      r.temporalUiUrl ? externalLink(r.temporalUiUrl, 'originate', { class: 'temporal-call' }) : h('span', { class: 'muted' }, '–'),
      r.temporalUiRecordedUrl ? [' · ', externalLink(r.temporalUiRecordedUrl, 'recorded')] : null
    )
  );
}
