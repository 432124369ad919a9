// Building the DOM without innerHTML: text always goes in as text nodes, so nothing the server
// or a user sends can become markup.

// h('a', {href: x, class: 'y', onclick: f, dataset: {k: v}, style: {width: '5%'}}, 'text', child, [more])
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') Object.assign(el.style, v); // through the CSSOM, which the CSP allows
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// Appends children to el, skipping null, undefined and false (Element.append would write
// them as text).
export function add(el, ...children) {
  append(el, children);
  return el;
}

// Replaces el's children.
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// A link that opens outside the console (the Temporal UI), only for http(s) addresses.
export function externalLink(href, text, attrs = {}) {
  if (!href || !/^https?:\/\//i.test(href)) return h('span', { class: 'muted' }, text, ' (no link)');
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', ...attrs }, text);
}

// A code with its name beside it: "4 ANSWERED".
export function coded(code, name) {
  if (code === null || code === undefined) return '';
  return name ? `${code} ${name}` : String(code);
}

export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

export function percent(x) {
  return x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)} %`;
}

// A message box for an error of the API (or any Error).
export function errorBox(error) {
  const lines = [];
  if (error && error.status === 403) lines.push('Not allowed for your role: ');
  lines.push(error && error.message ? error.message : String(error));
  const box = h('div', { class: 'error', role: 'alert' }, lines.join(''));
  const body = error && error.body;
  if (body && body.currentStatusName) {
    box.append(h('div', {}, `current status: ${body.currentStatus} ${body.currentStatusName}`));
  }
  if (body && body.nextOpening) box.append(h('div', {}, `next calling window opens ${when(body.nextOpening)}`));
  return box;
}
