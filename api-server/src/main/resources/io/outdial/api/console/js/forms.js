// Create forms built from a list of fields. The server checks every rule: the console sends
// what was typed (numbers as numbers when they look like one) and shows each error of the
// answer ({field, rule}) next to the field it names, e.g. "maxRetry[0]" at maxRetry,
// "schedule.timeStart" at that field, "variables.LANG" at variables.
import { h, replace, errorBox } from './dom.js';

// Field kinds: text, int, number, select (options: [[value, label]]), textarea, ints
// (comma-separated, an empty slot is null), vars (NAME=value lines), trunks
// (name,maxChannels,callsPerSecond lines). A dotted name ("schedule.mode") nests the value.
export function makeForm({ id, fields, submitLabel, onSubmit, disabled }) {
  const inputs = new Map();
  const messages = new Map();
  const general = h('div', { class: 'form-errors' });
  const rows = fields.map((f) => {
    const inputId = `${id}-${f.name.replace(/\./g, '-')}`;
    const input = control(f, inputId);
    inputs.set(f.name, input);
    const message = h('div', { class: 'field-error', id: `${inputId}-error`, 'data-field': f.name });
    messages.set(f.name, message);
    return h(
      'div',
      { class: 'field', 'data-field': f.name },
      h('label', { for: inputId }, f.label, f.required ? ' *' : ''),
      input,
      f.hint ? h('div', { class: 'hint' }, f.hint) : null,
      message
    );
  });
  const button = h('button', { type: 'submit', id: `${id}-submit`, disabled: !!disabled }, submitLabel || 'Create');
  const done = h('div', { class: 'form-done', id: `${id}-done`, role: 'status' });
  const form = h('form', { id, class: 'resource-form', novalidate: true }, rows, h('div', { class: 'actions' }, button), general, done);

  function clearErrors() {
    for (const m of messages.values()) replace(m);
    for (const input of inputs.values()) input.removeAttribute('aria-invalid');
    replace(general);
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors();
    replace(done);
    button.disabled = true;
    try {
      const result = await onSubmit(collect(fields, inputs));
      replace(done, result && result.id ? `Created ${result.id}` : 'Done');
      form.reset();
    } catch (error) {
      showErrors(error, fields, inputs, messages, general);
    } finally {
      button.disabled = !!disabled;
    }
  });
  return form;
}

function control(f, inputId) {
  const attrs = { id: inputId, name: f.name };
  if (f.kind === 'select') {
    return h(
      'select',
      attrs,
      f.options.map(([value, label]) => h('option', { value: String(value), selected: value === f.value }, label))
    );
  }
  if (f.kind === 'textarea' || f.kind === 'vars' || f.kind === 'trunks') {
    return h('textarea', { ...attrs, rows: 3, placeholder: f.placeholder });
  }
  const numeric = f.kind === 'int' || f.kind === 'number';
  return h('input', {
    ...attrs,
    type: f.secret ? 'password' : 'text',
    inputmode: numeric ? 'decimal' : null,
    placeholder: f.placeholder,
    value: f.value,
    autocomplete: 'off',
  });
}

// The body of the request: empty inputs are left out, so the server applies its defaults.
function collect(fields, inputs) {
  const body = {};
  for (const f of fields) {
    const raw = inputs.get(f.name).value;
    const value = parse(f, raw);
    if (value === undefined) continue;
    const path = f.name.split('.');
    let target = body;
    for (const key of path.slice(0, -1)) target = target[key] = target[key] || {};
    target[path[path.length - 1]] = value;
  }
  return body;
}

function parse(f, raw) {
  const text = raw.trim();
  if (text === '') return undefined;
  switch (f.kind) {
    case 'int':
    case 'number':
      // Not a number: sent as typed, for the server to name the field.
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'select':
      return /^\d+$/.test(text) ? Number(text) : text;
    case 'ints':
      return text.split(',').map((s) => (s.trim() === '' ? null : /^-?\d+$/.test(s.trim()) ? Number(s) : s.trim()));
    case 'vars': {
      const vars = {};
      for (const line of raw.split(/\r?\n/)) {
        if (line.trim() === '') continue;
        const eq = line.indexOf('=');
        if (eq < 0) vars[line.trim()] = '';
        else vars[line.slice(0, eq).trim()] = line.slice(eq + 1);
      }
      return vars;
    }
    case 'trunks':
      return raw
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
        .map((line) => {
          const [name, maxChannels, callsPerSecond] = line.split(',').map((s) => s.trim());
          const trunk = { name };
          if (maxChannels) trunk.maxChannels = /^\d+$/.test(maxChannels) ? Number(maxChannels) : maxChannels;
          if (callsPerSecond) trunk.callsPerSecond = /^\d+(\.\d+)?$/.test(callsPerSecond) ? Number(callsPerSecond) : callsPerSecond;
          return trunk;
        });
    default:
      return raw;
  }
}

// The field of the form an error's path names: the longest field name that is the path or
// its start ("trunks[2].name" is at trunks, "schedule.timeStart" at schedule.timeStart).
export function fieldFor(path, names) {
  let best = null;
  for (const name of names) {
    if (path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`)) {
      if (best === null || name.length > best.length) best = name;
    }
  }
  return best;
}

function showErrors(error, fields, inputs, messages, general) {
  const names = fields.map((f) => f.name);
  const unplaced = [];
  for (const e of error.errors || []) {
    const name = fieldFor(e.field || '', names);
    if (name === null) {
      unplaced.push(e);
      continue;
    }
    inputs.get(name).setAttribute('aria-invalid', 'true');
    const where = e.field === name ? '' : `${e.field}: `;
    messages.get(name).append(h('div', {}, where + e.rule));
  }
  general.append(errorBox(error));
  for (const e of unplaced) general.append(h('div', { class: 'error-line' }, `${e.field}: ${e.rule}`));
}
