// Same-origin calls to /api/v1 with the session cookie; every change carries the session's CSRF token.
import { inRussian } from './messages.js';

let csrfToken = null;
let onUnauthorized = () => {};
let reauthenticate = async () => false;
let reauthenticating = null;
let sessionGeneration = 0; // a new session each login: a call refused by an older one is just sent again

export function setCsrf(token) { csrfToken = token; sessionGeneration++; }
export function whenUnauthorized(fn) { onUnauthorized = fn; }
/**
 * A session that ended while a page was open (idle too long) is renewed in place: `fn` asks for the password again and
 * answers whether the same principal is back. The refused call is then sent once more, so nothing typed on the page is
 * lost. The calls refused meanwhile wait for the same answer.
 */
export function whenSessionEnds(fn) { reauthenticate = fn; }

export class ApiError extends Error {
  constructor(status, problem) {
    super(inRussian(problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    // Each field's refusal in Russian where the console knows it (the API itself answers in English)
    this.errors = ((problem && problem.errors) || []).map(e => ({ ...e, message: inRussian(e.message) }));
    // A refused activation names the table's defects (a 409 with the validation's issues)
    this.issues = (problem && problem.issues) || [];
  }
}

export async function api(method, path, options = {}) {
  const send = () => {
    const headers = {};
    let body = options.body;
    if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.contentType) {
      headers['Content-Type'] = options.contentType;
    }
    if (options.accept) headers.Accept = options.accept;
    return fetch('/api/v1' + path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  };
  const sentIn = sessionGeneration;
  let response = await send();
  if (response.status === 401 && !options.login) {
    // Refused before anything was done (no session): safe to send again once the same principal is back — at once
    // if the session was renewed since this call went out (its refusal came after another call's dialog)
    if (sessionGeneration === sentIn) {
      reauthenticating ||= reauthenticate().finally(() => { reauthenticating = null; });
      if (await reauthenticating) response = await send();
    } else {
      response = await send();
    }
    if (response.status === 401) onUnauthorized();
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch (e) { /* not problem+json */ }
    throw new ApiError(response.status, problem);
  }
  if (options.raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

export const get = (path, options) => api('GET', path, options);
export const post = (path, options) => api('POST', path, options);
export const put = (path, options) => api('PUT', path, options);
export const del = (path, options) => api('DELETE', path, options);
export const q = encodeURIComponent;
