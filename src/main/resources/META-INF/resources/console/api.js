// Same-origin calls to /api/v1 with the session cookie; every change carries the session's CSRF token.
let csrfToken = null;
let onUnauthorized = () => {};

export function setCsrf(token) { csrfToken = token; }
export function whenUnauthorized(fn) { onUnauthorized = fn; }

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && (problem.detail || problem.title) || `HTTP ${status}`);
    this.status = status;
    this.errors = (problem && problem.errors) || [];
    // A refused activation names the table's defects (a 409 with the validation's issues)
    this.issues = (problem && problem.issues) || [];
  }
}

export async function api(method, path, options = {}) {
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
  const response = await fetch('/api/v1' + path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  if (response.status === 401 && !options.login) onUnauthorized();
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
