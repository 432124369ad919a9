// Who is signed in: the operator's bearer token, kept in sessionStorage (gone when the tab
// closes), and what GET /v1/me says about it ({name, role, sharedToken}).
const KEY = 'outdial.token';

let current = null;

export function token() {
  return sessionStorage.getItem(KEY);
}

export function me() {
  return current;
}

// Supervisors may start, stop and create; viewers only look (the server answers their writes
// with 403 anyway).
export function canWrite() {
  return current !== null && current.role === 'supervisor';
}

// Checks the token with GET /v1/me and keeps it when the server takes it. Resolves to the
// operator; rejects with the API's error (401 for a wrong token).
export async function signIn(candidate) {
  const response = await fetch('/v1/me', { headers: { Authorization: `Bearer ${candidate}` } });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const error = new Error((body && body.message) || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  } else {
    current = body;
  }
  sessionStorage.setItem(KEY, candidate);
  return current;
}

// Signs in again with the kept token (a reload); resolves to the operator, or null.
export async function resume() {
  const t = token();
  if (!t) return null;
  try {
    return await signIn(t);
  } catch (e) {
    if (e.status === 401 || e.status === 403) signOut();
    return null;
  }
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  current = null;
}
