// Sign in with an operator's bearer token (a supervisor creates it on the Operators page, or
// with POST /v1/operators). GET /v1/me checks it and says who it is.
import { h } from '../dom.js';
import { signIn } from '../session.js';

export function render(view, ctx) {
  const input = h('input', { id: 'signin-token', type: 'password', autocomplete: 'off', required: true });
  const error = h('div', { id: 'signin-error', role: 'alert' });
  const button = h('button', { type: 'submit', id: 'signin-submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { id: 'signin-form' },
    h('h1', {}, 'Sign in'),
    h('div', { class: 'field' }, h('label', { for: 'signin-token' }, 'Operator token'), input),
    h('p', { class: 'hint' }, 'The token is kept in this tab only, until you sign out or close it.'),
    h('div', { class: 'actions' }, button),
    error
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.replaceChildren();
    button.disabled = true;
    try {
      await signIn(input.value.trim());
      ctx.showWho();
      location.hash = '#/campaigns';
    } catch (err) {
      const text = err.status === 401 ? 'This token is not valid.' : `Cannot sign in: ${err.message}`;
      error.append(h('div', { class: 'error' }, text));
    } finally {
      button.disabled = false;
    }
  });
  view.append(h('section', { class: 'panel signin' }, form));
  input.focus();
}
