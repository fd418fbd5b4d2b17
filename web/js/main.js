// main.js - starts the UI: language, who is signed in, the header, the
// screens and their addresses.

import { api, setUnauthorizedHandler } from './api.js';
import { h, replace } from './dom.js';
import { getLang, label, loadLang, loadTaxonomies, t } from './i18n.js';
import { addRoute, navigate, render, setGuard, start } from './router.js';
import { can, refreshMe, session, signedOut } from './session.js';
import { drafts, toast } from './ui.js';
import * as login from './screens/login.js';
import * as report from './screens/report.js';
import * as list from './screens/list.js';
import * as incident from './screens/incident.js';

// Screens most people never open are fetched when first visited, so the
// first load stays small (tests/browser/login.test.mjs).
function lazy(load, name) {
  return async (c) => (await load())[name](c);
}
const admin = () => import('./screens/admin.js');
const assets = () => import('./screens/assets.js');
const contacts = () => import('./screens/contacts.js');
const rules = () => import('./screens/rules.js');
const playbooks = () => import('./screens/playbooks.js');
const deadlines = () => import('./screens/deadlines.js');
const alerts = () => import('./screens/alerts.js');
const settings = () => import('./screens/settings.js');
const ack = () => import('./screens/ack.js');
const account = () => import('./screens/account.js');
const search = () => import('./screens/search.js');

const NEXT = 'kizuki.next';

function rememberNext(path) {
  try {
    sessionStorage.setItem(NEXT, path);
  } catch {
    /* then we start from the home screen */
  }
}

export function takeNext() {
  try {
    const v = sessionStorage.getItem(NEXT);
    sessionStorage.removeItem(NEXT);
    return v && v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/login') ? v : null;
  } catch {
    return null;
  }
}

async function switchLanguage() {
  const next = getLang() === 'ja' ? 'en' : 'ja';
  await loadLang(next);
  if (session.me) {
    await loadTaxonomies(api.get);
    session.me.role_label = label('role', session.me.role);
  }
  renderHeader();
  await render({ focus: false });
  const btn = document.getElementById('lang-switch');
  if (btn) btn.focus();
  toast(t('lang.switched'));
}

async function logout() {
  try {
    await api.del('/api/v1/session');
  } catch (e) {
    if (e.status !== 401) {
      toast(e.message);
      return;
    }
  }
  signedOut();
  drafts.clearAll();
  renderHeader();
  await navigate('/login');
  toast(t('login.signed_out'));
}

export function renderHeader() {
  const top = document.getElementById('top');
  const me = session.me;
  const langBtn = h('button', {
    type: 'button', id: 'lang-switch', class: 'btn btn-quiet',
    lang: getLang() === 'ja' ? 'en' : 'ja',
    'aria-label': t('lang.switch_label'),
    onclick: switchLanguage,
  }, t('lang.other'));
  const skip = document.querySelector('.skip');
  if (skip) skip.textContent = t('app.skip');
  const brand = h('a', { class: 'brand', href: '/' },
    h('span', { class: 'brand-name', text: 'kizuki' }),
    h('span', { class: 'brand-sub', text: t('app.tagline') }));
  if (!me) {
    replace(top, h('div', { class: 'bar' }, brand, h('div', { class: 'who' }, langBtn)));
    return;
  }
  const nav = h('nav', { class: 'mainnav', 'aria-label': t('nav.label') },
    h('ul', {},
      can('create') ? h('li', {}, h('a', { href: '/report', class: 'nav-report', text: t('nav.report') })) : null,
      h('li', {}, h('a', { href: '/incidents', text: me.role === 'reporter' ? t('nav.my_reports') : t('nav.incidents') })),
      can('deadlines') ? h('li', {}, h('a', { href: '/deadlines', text: t('nav.deadlines') })) : null,
      can('alerts') ? h('li', {}, h('a', { href: '/alerts', text: t('nav.alerts') })) : null,
      can('config') ? [
        h('li', { class: 'nav-sep' }, h('a', { href: '/contacts', text: t('nav.contacts') })),
        h('li', {}, h('a', { href: '/rules', text: t('nav.rules') })),
        h('li', {}, h('a', { href: '/playbooks', text: t('nav.playbooks') })),
        h('li', {}, h('a', { href: '/assets', text: t('nav.assets') })),
      ] : null,
      can('admin') ? h('li', { class: 'nav-sep' }, h('a', { href: '/admin/users', text: t('nav.admin') })) : null,
      can('settings') ? h('li', {}, h('a', { href: '/settings', text: t('nav.settings') })) : null));
  // People know each other by their display name; the login name stays
  // visible because that is what they sign in with.
  const shown = me.display_name ? t('header.display_name', { display: me.display_name, name: me.name }) : me.name;
  const who = h('div', { class: 'who' },
    h('p', { class: 'signed-in', id: 'signed-in' },
      h('a', { href: '/account', id: 'account-link', title: t('nav.account') },
        t('header.signed_in_as', { name: shown, role: label('role', me.role) || me.role_label }))),
    langBtn,
    h('button', { type: 'button', class: 'btn btn-quiet', id: 'logout', onclick: logout }, t('nav.logout')));
  replace(top, h('div', { class: 'bar' }, brand, nav, searchBox(), who));
  markCurrentNav();
}

// The search box of every screen: its results are a screen of their own
// (screens/search.js), so the address can be kept and shared.
function searchBox() {
  const input = h('input', {
    type: 'search', id: 'top-search', name: 'q', autocomplete: 'off', maxlength: '200',
    'aria-label': t('search.label'), placeholder: t('search.title'),
  });
  if (location.pathname === '/search') input.value = new URLSearchParams(location.search).get('q') || '';
  return h('form', {
    class: 'top-search', role: 'search', 'aria-label': t('search.label'),
    onsubmit: (e) => {
      e.preventDefault();
      const v = input.value.trim();
      if (v) navigate(`/search?${new URLSearchParams({ q: v })}`);
    },
  }, input, h('button', { type: 'submit', class: 'btn btn-quiet', id: 'top-search-go', text: t('search.go') }));
}

function markCurrentNav() {
  for (const a of document.querySelectorAll('.mainnav a')) {
    const here = location.pathname === a.pathname ||
      (a.pathname !== '/' && location.pathname.startsWith(`${a.pathname}/`)) ||
      (a.pathname === '/admin/users' && location.pathname.startsWith('/admin'));
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function afterSignIn() {
  await loadTaxonomies(api.get);
  renderHeader();
}

// <main> is shown only once the header above it has its height: shown
// before, it would be pushed down as the header arrives (cumulative
// layout shift, tests/browser/firstload.test.mjs).
function showMain() {
  const loading = document.getElementById('loading');
  if (loading) loading.remove();
  document.getElementById('main').hidden = false;
}

async function boot() {
  // The catalogue, who we are and the taxonomies, side by side.
  await Promise.all([
    loadLang(),
    refreshMe().then((me) => (me ? loadTaxonomies(api.get) : null)),
  ]);
  renderHeader();
  showMain();

  setUnauthorizedHandler(() => {
    if (!session.me) return;
    signedOut();
    rememberNext(location.pathname + location.search + location.hash);
    renderHeader();
    navigate('/login', { replace: true }).then(() => toast(t('login.expired')));
  });

  setGuard((route) => {
    if (route && route.public) return null;
    if (!session.me) {
      // With its #section: a link to a part of a page (#obligations)
      // still leads there after signing in.
      rememberNext(location.pathname + location.search + location.hash);
      return '/login';
    }
    markCurrentNav();
    return null;
  });

  const ctx = { afterSignIn, takeNext };
  addRoute('/login', (c) => login.render({ ...c, ...ctx }), { public: true, title: 'login.title' });
  addRoute('/', () => navigate(can('update') || !can('create') ? '/incidents' : '/report', { replace: true }));
  addRoute('/report', report.render, { title: 'report.title' });
  addRoute('/incidents', list.render, { title: 'list.title' });
  addRoute('/incidents/:ref', incident.render, { title: 'incident.title' });
  addRoute('/admin', () => navigate('/admin/users', { replace: true }));
  addRoute('/admin/users', lazy(admin, 'renderUsers'), { title: 'admin.users' });
  addRoute('/admin/tokens', lazy(admin, 'renderTokens'), { title: 'admin.tokens' });
  addRoute('/account', async (c) => (await account()).render({ ...c, renderHeader, navigate }), { title: 'account.title' });
  addRoute('/deadlines', lazy(deadlines, 'render'), { title: 'deadlines.title' });
  addRoute('/alerts', async (c) => (await alerts()).render({ ...c, navigate }), { title: 'alert.title' });
  addRoute('/alerts/:id', lazy(alerts, 'renderOne'), { title: 'alert.title' });
  addRoute('/search', lazy(search, 'render'), { title: 'search.title' });
  addRoute('/assets', lazy(assets, 'render'), { title: 'assets.title' });
  addRoute('/contacts', lazy(contacts, 'render'), { title: 'contacts.title' });
  addRoute('/rules', lazy(rules, 'render'), { title: 'rules.title' });
  addRoute('/playbooks', lazy(playbooks, 'renderList'), { title: 'pb.title' });
  addRoute('/playbooks/:category', lazy(playbooks, 'renderOne'), { title: 'pb.title' });
  addRoute('/settings', lazy(settings, 'render'), { title: 'settings.title' });
  // The link in a summons message: no sign-in, the token is the key.
  addRoute('/ack/:token', lazy(ack, 'render'), { public: true, title: 'ack.title' });

  await start(document.getElementById('main'));
}

boot().catch((e) => {
  showMain();
  const main = document.getElementById('main');
  replace(main, h('div', { class: 'alert alert-error', role: 'alert' },
    h('p', { text: `kizuki: ${e && e.message ? e.message : e}` })));
});
