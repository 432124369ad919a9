// GET /v1/events read with fetch(), because EventSource cannot send the Authorization header.
// The text/event-stream framing is parsed here (lines of `field: value`; `data` lines joined
// with \n; a blank line ends an event; lines starting with ':' are comments, the server's
// heartbeats), and a dropped stream is opened again with the Last-Event-ID of the last event
// that had one, so no status or result event is missed.
import { token } from './session.js';
import { unauthorized } from './api.js';

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15000;
// The server sends a comment every 15 s; a stream silent for longer than this is dead.
const SILENCE_MS = 40000;

export class EventStream {
  // path: '/v1/events' or '/v1/events?campaign=<id>'. handlers: {onEvent(name, data, id),
  // onOpen(), onState(text)}. A 401 (the token no longer taken) signs the console out.
  constructor(path, handlers) {
    this.path = path;
    this.handlers = handlers;
    this.lastEventId = null;
    this.retryMs = FIRST_RETRY_MS;
    this.closed = false;
    this.controller = null;
    this.timer = null;
    this.watchdog = null;
    this.connects = 0;
  }

  start() {
    this.connect();
    return this;
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    if (this.controller) this.controller.abort();
  }

  state(text) {
    if (this.handlers.onState) this.handlers.onState(text);
  }

  async connect() {
    if (this.closed) return;
    this.controller = new AbortController();
    const headers = { Authorization: `Bearer ${token()}`, Accept: 'text/event-stream' };
    if (this.lastEventId !== null) headers['Last-Event-ID'] = this.lastEventId;
    this.state(this.connects === 0 ? 'connecting' : 'reconnecting');
    let response;
    try {
      response = await fetch(this.path, { headers, signal: this.controller.signal, cache: 'no-store' });
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    if (response.status === 401) {
      this.state('signed out');
      unauthorized();
      return;
    }
    if (!response.ok) {
      // 503: too many clients or the server is starting; anything else will not get better.
      this.state(`refused (${response.status})`);
      if (response.status >= 500) this.scheduleReconnect();
      return;
    }
    this.connects++;
    this.retryMs = FIRST_RETRY_MS;
    this.state('live');
    if (this.handlers.onOpen) this.handlers.onOpen();
    try {
      await this.read(response.body.getReader());
    } catch (e) {
      // aborted by close() or the watchdog, or the connection dropped
    }
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    clearTimeout(this.watchdog);
    if (this.closed) return;
    this.state('reconnecting');
    this.timer = setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  armWatchdog() {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.controller.abort(), SILENCE_MS);
  }

  async read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = newEvent();
    this.armWatchdog();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      this.armWatchdog();
      buffer += decoder.decode(value, { stream: true });
      // A line ends at \r\n, \n or \r; the last piece may be a line not complete yet (a lone
      // \r at the end too, as its \n may be in the next chunk).
      const lines = buffer.split(/\r\n|\n|\r(?!$)/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === '') {
          this.dispatch(event);
          event = newEvent();
        } else {
          this.field(event, line);
        }
      }
    }
  }

  field(event, line) {
    if (line.startsWith(':')) {
      // A comment. The first says where the stream starts ("events after <seq>"): keep it as
      // the resume point, so a drop before the first event with an id misses nothing either.
      const m = /^: ?events after (\d+)$/.exec(line);
      if (m && this.lastEventId === null) this.lastEventId = m[1];
      return;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') event.data.push(value);
    else if (name === 'event') event.name = value;
    else if (name === 'id' && !value.includes('\0')) event.id = value;
    else if (name === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
  }

  dispatch(event) {
    if (event.id !== null) this.lastEventId = event.id;
    if (event.data.length === 0) return;
    let data;
    try {
      data = JSON.parse(event.data.join('\n'));
    } catch (e) {
      return; // every event of /v1/events is JSON; skip one that is not
    }
    this.handlers.onEvent(event.name || 'message', data, event.id);
  }
}

function newEvent() {
  return { name: null, data: [], id: null };
}
