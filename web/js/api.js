// api.js - the one way the UI talks to the server (/api/v1).
//
// Every request says which language its messages should be in; every
// state-changing one carries the session's CSRF token.  The session
// cookie itself is HttpOnly: this code never sees it.  Errors become
// ApiError with the server's message and per-field messages.

import { getLang, t } from './i18n.js';

let csrf = null;
let onUnauthorized = null;

export function setCsrf(token) {
  csrf = token || null;
}

// For the requests api.js cannot send itself (an upload with progress,
// evidence.js): the session's CSRF token.
export function csrfToken() {
  return csrf;
}

// Called when the server says the session is gone (401), except for the
// calls that expect it (signing in, asking who we are).
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || (status === 0 ? t('err.network') : t('err.http', { status })));
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : 'http');
    this.fields = e.fields || {};
    this.currentVersion = e.current_version;
    this.openItems = e.open_items || null;
  }
}

function url(path, query) {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': getLang() };
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let body;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  Object.assign(headers, opts.headers || {});
  let res;
  try {
    res = await fetch(url(path, opts.query), {
      method, headers, body, credentials: 'same-origin', cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, null);
  }
  let data = null;
  if (opts.text && res.ok) return res.text();
  if (res.status !== 204) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && !opts.expectUnauthorized && onUnauthorized) onUnauthorized(err);
    throw err;
  }
  return data;
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  put: (path, body, opts) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
  // A text answer (a Markdown draft); errors are JSON like any other.
  text: (path, query, opts) => request('GET', path, { ...opts, query, text: true, headers: { Accept: 'text/markdown, text/plain, application/json' } }),
};

// The first message among 'fields' for 'name': its own, or one about a
// part of it (info_types[1].count, members[0]).
export function fieldMessage(fields, name) {
  if (!fields) return null;
  if (fields[name]) return fields[name];
  for (const [k, v] of Object.entries(fields)) {
    if (k.startsWith(`${name}[`) || k.startsWith(`${name}.`)) return v;
  }
  return null;
}
