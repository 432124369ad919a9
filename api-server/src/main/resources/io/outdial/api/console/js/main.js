// The console's shell: hash routes to one module per page, the signed-in operator in the
// header, and sign-out. Each page's render(view, ctx) may return a function that ends what it
// started (its event stream) when another page opens.
import { onUnauthorized } from './api.js';
import { me, resume, signOut } from './session.js';
import { replace } from './dom.js';
import * as signin from './pages/signin.js';
import * as campaigns from './pages/campaigns.js';
import * as campaign from './pages/campaign.js';
import * as results from './pages/results.js';
import * as plans from './pages/plans.js';
import * as destinations from './pages/destinations.js';
import * as pbxs from './pages/pbxs.js';
import * as dlmas from './pages/dlmas.js';
import * as dlma from './pages/dlma.js';
import * as operators from './pages/operators.js';

const routes = [
  [/^\/signin$/, signin],
  [/^\/campaigns$/, campaigns],
  [/^\/campaigns\/([0-9a-f-]{36})$/, campaign],
  [/^\/results$/, results],
  [/^\/plans$/, plans],
  [/^\/destinations$/, destinations],
  [/^\/pbxs$/, pbxs],
  [/^\/dlmas$/, dlmas],
  [/^\/dlmas\/([0-9a-f-]{36})$/, dlma],
  [/^\/operators$/, operators],
];

const view = document.getElementById('view');
let cleanup = null;

function setLive(text) {
  const el = document.getElementById('live-state');
  el.textContent = text ? `events: ${text}` : '';
  el.classList.toggle('live', text === 'live');
}

function showWho() {
  const who = me();
  document.getElementById('nav').hidden = !who;
  document.getElementById('who').hidden = !who;
  document.getElementById('nav-operators').hidden = !(who && who.role === 'supervisor');
  if (!who) return;
  document.getElementById('who-name').textContent = who.sharedToken ? `${who.name} (shared token)` : who.name;
  const role = document.getElementById('who-role');
  role.textContent = who.role;
  role.className = `badge ${who.role}`;
}

function route() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  setLive('');
  const hash = location.hash.replace(/^#/, '') || '/campaigns';
  const [path, queryString] = hash.split('?');
  if (!me() && path !== '/signin') {
    location.hash = '#/signin';
    return;
  }
  for (const a of document.querySelectorAll('nav a')) {
    a.classList.toggle('current', path.startsWith(a.getAttribute('href').slice(1)));
  }
  for (const [pattern, page] of routes) {
    const m = pattern.exec(path);
    if (m) {
      replace(view);
      const ctx = { params: m.slice(1), query: new URLSearchParams(queryString || ''), setLive, showWho };
      cleanup = page.render(view, ctx) || null;
      return;
    }
  }
  location.hash = '#/campaigns';
}

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  showWho();
  location.hash = '#/signin';
});

// A token the server stops taking (an operator deleted) signs the console out.
onUnauthorized(() => {
  signOut();
  showWho();
  if (location.hash !== '#/signin') location.hash = '#/signin';
});

window.addEventListener('hashchange', route);

(async () => {
  await resume();
  showWho();
  route();
})();
