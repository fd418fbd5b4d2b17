// router.js - client-side addresses on history.pushState.  The server
// answers every extension-less path with index.html, so each screen has
// an address that survives a reload and can be shared.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { alertBox } from './ui.js';

const routes = [];
let seq = 0;
let cleanup = null;
let guard = null;
let main = null;

export function addRoute(pattern, render, opts = {}) {
  const names = [];
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (m, n) => {
    names.push(n);
    return '([^/]+)';
  })}/?$`);
  routes.push({ re, names, render, ...opts });
}

// 'fn(route) -> path|null': where to go instead (sign-in first).
export function setGuard(fn) {
  guard = fn;
}

function match(path) {
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) {
      const params = {};
      r.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1]);
      });
      return { route: r, params };
    }
  }
  return null;
}

export function navigate(path, { replace: rep = false } = {}) {
  if (rep) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  return render();
}

// Update the address without rendering again (filters of the list).
export function setQuery(query) {
  const s = query.toString();
  history.replaceState(null, '', `${location.pathname}${s ? `?${s}` : ''}`);
}

export async function render({ focus = true } = {}) {
  const my = ++seq;
  if (cleanup) {
    try {
      cleanup();
    } catch {
      /* a screen that failed to clean up must not block the next */
    }
    cleanup = null;
  }
  const found = match(location.pathname);
  const other = guard ? guard(found && found.route) : null;
  if (other && other !== location.pathname) {
    return navigate(other, { replace: true });
  }
  const view = h('div', { class: 'view' });
  replace(main, view);
  if (!found) {
    document.title = `${t('notfound.title')} - kizuki`;
    view.append(h('h1', { tabindex: '-1', class: 'screen-title', text: t('notfound.title') }),
      h('p', {}, h('a', { href: '/', text: t('notfound.home') })));
  } else {
    document.title = `${t(found.route.title || 'app.name')} - kizuki`;
    try {
      const done = await found.route.render({
        view,
        params: found.params,
        query: new URLSearchParams(location.search),
        current: () => my === seq,
      });
      if (my === seq && typeof done === 'function') cleanup = done;
    } catch (e) {
      if (my !== seq) return;
      if (e && e.status === 401) return;
      view.append(alertBox(e && e.message ? e.message : String(e)));
    }
  }
  if (my === seq && focus) {
    const target = sectionAsked(view) || view.querySelector('[data-autofocus]') || view.querySelector('.screen-title') || main;
    target.focus({ preventScroll: false });
  }
}

// The heading of the section the address names (/incidents/X#obligations),
// which is where the person came for; null when there is none.
function sectionAsked(view) {
  if (!location.hash) return null;
  let id;
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return null;
  }
  const el = document.getElementById(id);
  if (!el || !view.contains(el)) return null;
  if (el.hasAttribute('tabindex')) return el;
  return el.querySelector('h2[tabindex], h3[tabindex]');
}

export function start(mainEl) {
  main = mainEl;
  window.addEventListener('popstate', () => render());
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const u = new URL(a.href, location.href);
    if (u.origin !== location.origin || u.pathname.startsWith('/api/')) return;
    if (u.hash && u.pathname === location.pathname && u.search === location.search) return;
    e.preventDefault();
    navigate(u.pathname + u.search + u.hash);
  });
  return render();
}
