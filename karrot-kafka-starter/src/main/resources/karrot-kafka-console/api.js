// Calls to the actuator endpoints beside the console; the console is <base>/kafkaconsole, its files <base>/kafkaconsole/*.
const BASE = new URL('../', import.meta.url);

/**
 * The CSRF token Spring Security keeps in the XSRF-TOKEN cookie (CookieCsrfTokenRepository, as `csrf.spa()` sets it
 * up), sent back in the X-XSRF-TOKEN header of every write; null when there is no such cookie.
 */
function csrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) : null;
}

/** The endpoint's answer: its HTTP status and its JSON body (null when it has none). */
async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  const token = method === 'GET' ? null : csrfToken();
  if (token) init.headers['X-XSRF-TOKEN'] = token;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(new URL(path, BASE), init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: response.status, ok: response.ok, body: json };
}

export const get = (path) => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);
export const del = (path) => call('DELETE', path);

/** Why a call did not answer with data, in words. */
export function failure(result, endpoint) {
  if (result.status === 404) return `The ${endpoint} endpoint is not available (not exposed, or nothing of it here).`;
  if (result.status === 401 || result.status === 403) return `You may not read the ${endpoint} endpoint (HTTP ${result.status}).`;
  const detail = result.body && (result.body.message || result.body.error);
  return `The ${endpoint} endpoint answered HTTP ${result.status}${detail ? ': ' + detail : ''}.`;
}

/**
 * Whether the caller may use an endpoint's write operations, probed with a call that changes nothing: the endpoint
 * answers 2xx or 400 (it read the request) when writes are granted, 401/403 (security), 404/405 (operation not
 * registered: read-only access) when not.
 */
export async function mayWrite(path, body) {
  try {
    const result = await post(path, body);
    return result.ok || result.status === 400;
  } catch {
    return false;
  }
}
