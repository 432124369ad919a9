// Operators (supervisors only): who may sign in, with which role. A new operator's token is
// shown once, when it is created; the server keeps no way to show it again.
import { get, post, del } from '../api.js';
import { h, replace, errorBox, when } from '../dom.js';
import { makeForm } from '../forms.js';
import { canWrite, me } from '../session.js';

export function render(view) {
  view.append(h('h1', {}, 'Operators'));
  if (!canWrite()) {
    view.append(h('p', { class: 'muted' }, 'Only supervisors manage operators.'));
    return;
  }
  const error = h('div', { id: 'operators-error' });
  const tbody = h('tbody', { id: 'operator-rows' });
  const created = h('div', { id: 'operator-created' });
  view.append(
    error,
    h('table', { id: 'operator-table' }, h('thead', {}, h('tr', {}, ['Name', 'Role', 'Created', 'By', ''].map((t) => h('th', {}, t)))), tbody),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'New operator'),
      makeForm({
        id: 'operator-form',
        fields: [
          { name: 'name', label: 'Name', required: true },
          { name: 'role', label: 'Role', kind: 'select', options: [['viewer', 'viewer (looks only)'], ['supervisor', 'supervisor (starts, stops, creates)']] },
        ],
        submitLabel: 'Create operator',
        onSubmit: async (body) => {
          const op = await post('/v1/operators', body);
          replace(
            created,
            h(
              'div',
              { class: 'notice' },
              `Token of ${op.name} (${op.role}), shown only now: give it to them, they sign in with it.`,
              h('div', { class: 'token', id: 'operator-token' }, op.token)
            )
          );
          load();
          return null;
        },
      }),
      created
    )
  );

  function row(op) {
    const self = me() && me().name === op.name;
    return h(
      'tr',
      { 'data-name': op.name },
      h('td', {}, op.name),
      h('td', {}, op.role),
      h('td', {}, when(op.createdAt)),
      h('td', {}, op.createdBy || ''),
      h(
        'td',
        {},
        self
          ? h('span', { class: 'muted' }, 'you')
          : h(
              'button',
              {
                type: 'button',
                class: 'danger',
                onclick: async () => {
                  if (!window.confirm(`Delete the operator ${op.name}? Their token stops working at once.`)) return;
                  try {
                    await del(`/v1/operators/${encodeURIComponent(op.name)}`);
                    load();
                  } catch (e) {
                    replace(error, errorBox(e));
                  }
                },
              },
              'Delete'
            )
      )
    );
  }

  async function load() {
    try {
      const page = await get('/v1/operators');
      const items = Array.isArray(page) ? page : page.items;
      replace(tbody, items.map(row));
      replace(error);
    } catch (e) {
      replace(error, errorBox(e));
    }
  }
  load();
}
