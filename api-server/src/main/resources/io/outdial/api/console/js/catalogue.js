// A page of one catalogue resource (plans, destinations, PBXs, dial lists): its list, paged
// like every list of the API, and, for supervisors, the form that creates one.
import { get, post, query } from './api.js';
import { h, add, replace, errorBox } from './dom.js';
import { makeForm } from './forms.js';
import { canWrite } from './session.js';

// spec: {title, path: '/v1/plans', kind: 'plan', columns: [[label, item => text|node]],
//        fields: [...] (forms.js), intro}
export function renderCatalogue(view, ctx, spec) {
  const offset = Number(ctx.query.get('offset') || 0);
  const limit = 100;
  const tbody = h('tbody', { id: `${spec.kind}-rows` });
  const error = h('div', { id: `${spec.kind}-error` });
  const pager = h('div', { class: 'pager' });
  add(
    view,
    h('h1', {}, spec.title),
    spec.intro ? h('p', { class: 'muted' }, spec.intro) : null,
    error,
    h('table', { id: `${spec.kind}-table` }, h('thead', {}, h('tr', {}, spec.columns.map(([label]) => h('th', {}, label)))), tbody),
    pager
  );

  function row(item) {
    return h('tr', { 'data-id': item.id }, spec.columns.map(([, cell]) => h('td', {}, cell(item))));
  }

  async function load() {
    try {
      const page = await get(`${spec.path}${query({ offset, limit })}`);
      replace(tbody, page.items.map(row));
      replace(
        pager,
        offset > 0 ? h('a', { href: `#/${spec.route}${query({ offset: Math.max(0, offset - limit) })}` }, '← Previous') : null,
        page.nextOffset !== null ? h('a', { href: `#/${spec.route}${query({ offset: page.nextOffset })}` }, 'Next →') : null
      );
    } catch (e) {
      replace(error, errorBox(e));
    }
  }
  load();

  if (canWrite()) {
    view.append(
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, `New ${spec.kind}`),
        makeForm({
          id: `${spec.kind}-form`,
          fields: spec.fields,
          submitLabel: `Create ${spec.kind}`,
          onSubmit: async (body) => {
            const created = await post(spec.path, body);
            tbody.append(row(created));
            return created;
          },
        })
      )
    );
  }
}

// Variables as NAME=value, for list cells.
export function vars(v) {
  return Object.entries(v || {})
    .map(([k, x]) => `${k}=${x}`)
    .join(' ');
}
