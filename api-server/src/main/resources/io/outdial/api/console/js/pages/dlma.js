// One dial list: its entries (paged) and the CSV import. An import is all or nothing: a file
// with a bad line imports nothing, and the answer names every bad line (its physical line,
// the header being line 1), the column and the rule it broke.
import { get, upload, query } from '../api.js';
import { h, add, replace, errorBox, coded, when } from '../dom.js';
import { canWrite } from '../session.js';

export function render(view, ctx) {
  const id = ctx.params[0];
  const offset = Number(ctx.query.get('offset') || 0);
  const limit = 100;
  const title = h('h1', { id: 'dlma-name' }, 'Dial list');
  const error = h('div', { id: 'dlma-error' });
  const tbody = h('tbody', { id: 'entry-rows' });
  const pager = h('div', { class: 'pager' });
  add(
    view,
    h('p', {}, h('a', { href: '#/dlmas' }, '← Dial lists')),
    title,
    error,
    canWrite() ? importPanel(id, () => loadEntries()) : null,
    h('h2', {}, 'Entries'),
    h(
      'table',
      { id: 'entry-table' },
      h('thead', {}, h('tr', {}, ['Name', 'Numbers', 'Status', 'Tries', 'Last dial result', 'Last hangup', 'Last dialed', 'Time zone'].map((t) => h('th', {}, t)))),
      tbody
    ),
    pager
  );

  (async () => {
    try {
      const d = await get(`/v1/dlmas/${id}`);
      replace(title, `Dial list ${d.name}`);
    } catch (e) {
      replace(error, errorBox(e));
    }
  })();

  async function loadEntries() {
    try {
      const page = await get(`/v1/dlmas/${id}/entries${query({ offset, limit })}`);
      replace(
        tbody,
        page.items.map((e) =>
          h(
            'tr',
            { 'data-id': e.id },
            h('td', {}, e.name || ''),
            h('td', { class: 'number' }, (e.numbers || []).filter(Boolean).join(', ')),
            h('td', {}, coded(e.status, e.statusName)),
            h('td', {}, (e.tryCounts || []).join(',')),
            h('td', {}, coded(e.resDial, e.resDialName)),
            h('td', {}, coded(e.resHangup, e.resHangupName)),
            h('td', {}, when(e.lastDialAt)),
            h('td', {}, e.timezone || '')
          )
        )
      );
      replace(
        pager,
        h('span', { id: 'entries-range' }, page.items.length ? `entries ${offset + 1}–${offset + page.items.length}` : 'no entries'),
        offset > 0 ? h('a', { href: `#/dlmas/${id}${query({ offset: Math.max(0, offset - limit) })}` }, '← Previous') : null,
        page.nextOffset !== null ? h('a', { href: `#/dlmas/${id}${query({ offset: page.nextOffset })}` }, 'Next →') : null
      );
    } catch (e) {
      replace(error, errorBox(e));
    }
  }
  loadEntries();
}

function importPanel(id, onImported) {
  const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,text/csv' });
  const bar = h('div', { style: { width: '0%' } });
  const progress = h('div', { class: 'progress', id: 'import-progress', role: 'progressbar', 'aria-valuenow': 0 }, bar);
  const state = h('div', { id: 'import-state', role: 'status' });
  const refused = h('div', { id: 'import-refused' });
  const button = h('button', { type: 'submit', id: 'import-submit', class: 'primary' }, 'Import');
  const form = h(
    'form',
    { id: 'import-form', class: 'controls' },
    file,
    button,
    progress
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(state);
    replace(refused);
    const f = file.files[0];
    if (!f) {
      replace(state, h('div', { class: 'error' }, 'Choose a CSV file first.'));
      return;
    }
    button.disabled = true;
    const setProgress = (sent, total) => {
      const p = total ? Math.round((100 * sent) / total) : 0;
      bar.style.width = `${p}%`;
      progress.setAttribute('aria-valuenow', p);
    };
    setProgress(0, 1);
    replace(state, `uploading ${f.name}…`);
    try {
      const r = await upload(`/v1/dlmas/${id}/entries`, f, 'text/csv; charset=utf-8', (sent, total) => {
        setProgress(sent, total);
        if (sent === total) replace(state, `${f.name} sent; the server is checking and writing it…`);
      });
      setProgress(1, 1);
      replace(state, h('div', { class: 'notice', id: 'import-created' }, `Imported ${r.created} entries from ${f.name}.`));
      onImported();
    } catch (err) {
      replace(state, errorBox(err));
      showRefused(refused, err);
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'panel' },
    h('h2', {}, 'Import entries (CSV)'),
    h('p', { class: 'hint' }, 'A header row naming columns among name, detail, number1 … number8, email, ukey, timezone and var_<NAME>. All or nothing: a bad line imports nothing.'),
    form,
    state,
    refused
  );
}

function showRefused(el, err) {
  const rows = err.errors.filter((e) => e.line !== undefined || e.index !== undefined);
  const body = err.body || {};
  if (body.badRows !== undefined) {
    el.append(h('p', { id: 'import-bad-rows' }, `${body.badRows} bad ${body.badRows === 1 ? 'line' : 'lines'}, ${body.errorCount} ${body.errorCount === 1 ? 'error' : 'errors'}; nothing was imported.`));
  }
  const others = err.errors.filter((e) => e.line === undefined && e.index === undefined);
  for (const e of others) el.append(h('div', { class: 'error-line' }, `${e.field}: ${e.rule}`));
  if (rows.length === 0) return;
  el.append(
    h(
      'table',
      { id: 'import-errors' },
      h('thead', {}, h('tr', {}, h('th', { class: 'num' }, 'Line'), h('th', {}, 'Column'), h('th', {}, 'Rule'))),
      h(
        'tbody',
        {},
        rows.map((e) =>
          h('tr', { 'data-line': e.line ?? '' }, h('td', { class: 'num' }, e.line ?? `[${e.index}]`), h('td', {}, e.field), h('td', {}, e.rule))
        )
      )
    )
  );
}
