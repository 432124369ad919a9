// The REST API under /v1 on the same origin, with the signed-in operator's bearer token.
// Every failure is an ApiError carrying the API's one error body
// ({status, message, errors: [{field, rule, line, index}], ...details}).
import { token } from './session.js';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body || { status, message: this.message, errors: [] };
    this.errors = Array.isArray(this.body.errors) ? this.body.errors : [];
  }
}

// Handlers told when the server answers 401 (the token is no longer valid).
const unauthorizedHandlers = [];
export function onUnauthorized(handler) {
  unauthorizedHandlers.push(handler);
}

// Tells them; for what reads the API without request() (the event stream).
export function unauthorized() {
  unauthorizedHandlers.forEach((h) => h());
}

function authHeaders(extra) {
  const headers = new Headers(extra || {});
  const t = token();
  if (t) headers.set('Authorization', `Bearer ${t}`);
  return headers;
}

async function errorOf(response) {
  let body = null;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = null; // not the API's body (a proxy's page): the status says enough
  }
  if (response.status === 401) unauthorized();
  return new ApiError(response.status, body);
}

// One request; resolves to the parsed JSON (null for 204), rejects with an ApiError.
export async function request(method, path, body, options = {}) {
  const headers = authHeaders(options.headers);
  const init = { method, headers, signal: options.signal };
  if (body !== undefined) {
    headers.set('Content-Type', 'application/json');
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { status: 0, message: 'the server cannot be reached', errors: [] });
  }
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return null;
  return response.json();
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body, options) => request('POST', path, body, options);
export const del = (path, options) => request('DELETE', path, undefined, options);

// A query string of the non-empty values of params.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// GET with Accept: text/csv; resolves to a Blob.
export async function getCsv(path) {
  const response = await fetch(path, { headers: authHeaders({ Accept: 'text/csv' }) });
  if (!response.ok) throw await errorOf(response);
  return response.blob();
}

// POSTs a file through XMLHttpRequest, which reports upload progress (fetch does not):
// onProgress(sentBytes, totalBytes). Resolves to the parsed JSON answer.
export function upload(path, file, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Authorization', `Bearer ${token()}`);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch (e) {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
      } else {
        if (xhr.status === 401) unauthorized();
        reject(new ApiError(xhr.status, body));
      }
    };
    xhr.onerror = () =>
      reject(new ApiError(0, { status: 0, message: 'the upload failed: the server cannot be reached', errors: [] }));
    xhr.send(file);
  });
}
