// Results, one per finished attempt: the filters GET /v1/results takes (campaign, entry, dial
// result, hangup cause, created from/to), paged with offset and limit, and the same filters
// exported as CSV (Accept: text/csv) into a file the browser downloads. The filters live in
// the address (#/results?campaign=...), so a view can be shared.
import { get, getCsv, query } from '../api.js';
import { h, replace, errorBox } from '../dom.js';
import { DIAL_RESULT, HANGUP_CAUSE } from '../codes.js';
import { resultHead, resultRow } from '../result-rows.js';

const FILTERS = ['campaign', 'entry', 'resDial', 'resHangup', 'from', 'to'];

export function render(view, ctx) {
  const filters = Object.fromEntries(FILTERS.map((k) => [k, ctx.query.get(k) || '']));
  const offset = Number(ctx.query.get('offset') || 0);
  const limit = Number(ctx.query.get('limit') || 100);

  const campaignSelect = h('select', { id: 'filter-campaign', name: 'campaign' }, h('option', { value: '' }, 'any campaign'));
  const inputs = {
    campaign: campaignSelect,
    entry: h('input', { id: 'filter-entry', name: 'entry', placeholder: 'entry id', value: filters.entry, size: 38 }),
    resDial: codeSelect('filter-resDial', 'any dial result', DIAL_RESULT, filters.resDial),
    resHangup: codeSelect('filter-resHangup', 'any hangup cause', HANGUP_CAUSE, filters.resHangup),
    from: h('input', { id: 'filter-from', type: 'datetime-local', step: 1, value: toLocalInput(filters.from) }),
    to: h('input', { id: 'filter-to', type: 'datetime-local', step: 1, value: toLocalInput(filters.to) }),
  };
  const limitSelect = h('select', { id: 'filter-limit' }, [25, 100, 500, 1000].map((n) => h('option', { value: n, selected: n === limit }, `${n} a page`)));
  const error = h('div', { id: 'results-error' });
  const exportState = h('span', { id: 'export-state', role: 'status' });
  const tbody = h('tbody', { id: 'result-rows' });
  const pager = h('div', { class: 'pager', id: 'results-pager' });

  const form = h(
    'form',
    { id: 'results-filters', class: 'controls' },
    Object.entries(inputs).map(([k, el]) => h('label', { class: 'field' }, h('span', { class: 'hint' }, k), el)),
    h('label', { class: 'field' }, h('span', { class: 'hint' }, 'page'), limitSelect),
    h('button', { type: 'submit', id: 'results-apply', class: 'primary' }, 'Apply'),
    h('button', { type: 'button', id: 'results-export', onclick: exportCsv }, 'Export CSV'),
    exportState
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/results${query({ ...current(), limit: limitSelect.value })}`;
  });
  view.append(h('h1', {}, 'Results'), form, error, h('table', { id: 'results-table' }, resultHead(), tbody), pager);

  function current() {
    const f = {};
    for (const k of FILTERS) f[k] = inputs[k].value.trim();
    f.from = fromLocalInput(f.from);
    f.to = fromLocalInput(f.to);
    return f;
  }

  async function exportCsv() {
    replace(exportState, 'exporting…');
    try {
      const f = current();
      const blob = await getCsv(`/v1/results${query(f)}`);
      const text = await blob.text();
      const lines = text.split(/\r?\n/).filter((l) => l !== '').length - 1;
      const name = `results-${f.campaign || 'all'}-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`;
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: name, id: 'export-link' }, name);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      replace(exportState, `downloaded ${name} (${lines} lines after the header)`);
    } catch (e) {
      replace(exportState, errorBox(e));
    }
  }

  (async () => {
    try {
      const campaigns = await get('/v1/campaigns?limit=1000');
      for (const c of campaigns.items) {
        campaignSelect.append(h('option', { value: c.id, selected: c.id === filters.campaign }, c.name));
      }
      if (filters.campaign && !campaigns.items.some((c) => c.id === filters.campaign)) {
        campaignSelect.append(h('option', { value: filters.campaign, selected: true }, filters.campaign));
      }
    } catch (e) {
      replace(error, errorBox(e));
    }
    try {
      const page = await get(`/v1/results${query({ ...filters, offset, limit })}`);
      replace(tbody, page.items.map(resultRow));
      const shown = page.items.length;
      replace(
        pager,
        h('button', { type: 'button', id: 'results-prev', disabled: offset === 0, onclick: () => go(Math.max(0, offset - limit)) }, '← Previous'),
        h('span', { id: 'results-range' }, shown === 0 ? 'no results' : `results ${offset + 1}–${offset + shown}`),
        h('button', { type: 'button', id: 'results-next', disabled: page.nextOffset === null, onclick: () => go(page.nextOffset) }, 'Next →')
      );
    } catch (e) {
      error.append(errorBox(e));
      for (const fe of e.errors || []) error.append(h('div', { class: 'error-line' }, `${fe.field}: ${fe.rule}`));
    }
  })();

  function go(to) {
    location.hash = `#/results${query({ ...filters, offset: to, limit })}`;
  }
}

function codeSelect(id, any, table, selected) {
  return h(
    'select',
    { id, name: id },
    h('option', { value: '' }, any),
    table.map(([code, name]) => h('option', { value: String(code), selected: String(code) === selected || name === selected }, `${code} ${name}`))
  );
}

// datetime-local shows local time without an offset; the API wants ISO-8601 with one.
function fromLocalInput(v) {
  if (!v) return '';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
