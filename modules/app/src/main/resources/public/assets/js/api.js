// The one way the dashboard talks to the server: the session JWT from sessionStorage as a Bearer
// token, problem+json turned into a readable message, and the password confirmation that token
// minting and revocation ask a session for (reason confirmation_required) done by a prompt and a
// retry with X-Confirm-Password. The password is never stored.

const KEY = 'latchkey.session';

export const session = {
  get token() { return sessionStorage.getItem(KEY); },
  set(token) { sessionStorage.setItem(KEY, token); },
  clear() { sessionStorage.removeItem(KEY); },
  get active() { return !!sessionStorage.getItem(KEY); },
};

/** A refusal or failure of the API, with a message a person can read. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(readable(status, problem));
    this.status = status;
    this.problem = problem || {};
    this.reason = this.problem.reason || null;
  }
}

/** Set by the UI: asks for the password, resolves to it or to null when the person cancels. */
let passwordPrompt = async () => null;
export function onPasswordNeeded(fn) { passwordPrompt = fn; }

/** Called when the session is gone (401 on a session call): the UI goes back to the login page. */
let sessionExpired = () => {};
export function onSessionExpired(fn) { sessionExpired = fn; }

const WORDS = {
  missing_permission: 'you do not have the permission',
  subject_lacks_right: 'you do not hold the right',
  outside_token_scope: 'the token does not cover',
};

function readable(status, problem) {
  if (!problem || typeof problem !== 'object') {
    return status ? `The server answered ${status}.` : 'The server could not be reached.';
  }
  let message = problem.detail || problem.title || `The server answered ${status}.`;
  message = message.charAt(0).toUpperCase() + message.slice(1);
  if (problem.missingPermission) {
    const why = WORDS[problem.reason] || 'missing permission';
    message += ` (${why} “${problem.missingPermission}”)`;
  }
  if (!/[.!?)]$/.test(message)) message += '.';
  return message;
}

async function send(method, path, body, confirmPassword) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (confirmPassword) headers['X-Confirm-Password'] = confirmPassword;
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = null; }
  }
  return { status: response.status, ok: response.ok, data };
}

/**
 * Calls the API and returns the parsed JSON body (null for 204). Throws ApiError with a readable
 * message; a 403 asking for confirmation prompts for the password and retries once per attempt.
 */
export async function api(method, path, body, { prompt = true } = {}) {
  let reply = await send(method, path, body);
  while (prompt && reply.status === 403 && reply.data
         && (reply.data.reason === 'confirmation_required' || reply.data.reason === 'confirmation_failed')) {
    const retry = reply.data.reason === 'confirmation_failed';
    const password = await passwordPrompt(retry);
    if (!password) throw new ApiError(403, { detail: 'Cancelled: the action needs your password.', reason: 'cancelled' });
    reply = await send(method, path, body, password);
  }
  if (reply.status === 401 && session.active && path !== '/login') {
    session.clear();
    sessionExpired();
    throw new ApiError(401, { detail: 'Your session has ended; log in again.' });
  }
  if (!reply.ok) throw new ApiError(reply.status, reply.data);
  return reply.data;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);
/** A POST whose body carries the password itself (changing it): a refusal is shown, never prompted for. */
export const postWithoutPrompt = (path, body) => api('POST', path, body, { prompt: false });

/** Every page of a paged list ({items, nextCursor}), up to a bound. */
export async function all(path, max = 1000) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await get(`${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...(page.items || []));
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/** Whether the caller may do `permission` on the workspace; a failed check counts as no. */
export async function allowed(permission, workspace) {
  try {
    const answer = await post('/api/authz/check', { permission, workspace });
    return !!answer.allowed;
  } catch (e) {
    return false;
  }
}

export async function login(username, password) {
  const reply = await send('POST', '/login', { username, password });
  if (!reply.ok || !reply.data || !reply.data.access_token) {
    throw new ApiError(reply.status, reply.status === 401 || reply.status === 400
      ? { detail: 'The email or the password is wrong.' } : reply.data);
  }
  session.set(reply.data.access_token);
}

export const enc = encodeURIComponent;
