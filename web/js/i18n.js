// i18n.js - the message catalogue of the chosen language (web/i18n/*.json),
// the server's taxonomy labels in that language, and dates and numbers
// formatted for it in the user's time zone.
//
// Japanese is the default; the choice is remembered in localStorage.

import { h } from './dom.js';
import { isValidZone, utcText } from './time.js';

export const LANGS = ['ja', 'en'];
const KEY = 'kizuki.lang';

// Requests made before the catalogue arrives already ask for this one.
let lang = stored();
let messages = {};
let zone = 'Asia/Tokyo';
let taxonomies = new Map();
let formatters = {};

function stored() {
  try {
    const v = localStorage.getItem(KEY);
    return LANGS.includes(v) ? v : 'ja';
  } catch {
    return 'ja';
  }
}

export function getLang() {
  return lang;
}

export function getZone() {
  return zone;
}

export function setZone(z) {
  if (z && isValidZone(z)) {
    zone = z;
    formatters = {};
  }
}

async function fetchJson(url) {
  const r = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

// Load the catalogue of 'l' (or the remembered language) and switch to it.
export async function loadLang(l) {
  const want = LANGS.includes(l) ? l : stored();
  messages = await fetchJson(`/i18n/${want}.json`);
  // At start-up the taxonomies may have arrived first, already in this
  // language: only another language's labels are stale.
  if (want !== lang) taxonomies = new Map();
  lang = want;
  formatters = {};
  document.documentElement.lang = want;
  try {
    localStorage.setItem(KEY, want);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  return want;
}

// The message 'key' with {name} placeholders filled from 'vars'.  A count
// of one takes the key's "_one" form when there is one ("1 person").
export function t(key, vars) {
  const one = vars && String(vars.n) === '1' ? messages[`${key}_one`] : undefined;
  let s = typeof one === 'string' ? one : messages[key];
  if (typeof s !== 'string') s = key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

// Taxonomies (GET /api/v1/taxonomies) in the current language.
export async function loadTaxonomies(getJson) {
  const data = await getJson('/api/v1/taxonomies');
  taxonomies = new Map(data.items.map((tx) => [tx.name, tx]));
}

export function taxonomy(name) {
  return taxonomies.get(name) || { name, label: name, items: [] };
}

export function label(name, key) {
  if (key === null || key === undefined || key === '') return '';
  const item = taxonomy(name).items.find((i) => i.key === key);
  return item ? item.label : key;
}

// One date format per language, wherever a time is shown:
// "2026年12月7日 14:05" and "7 Dec 2026, 14:05", in the user's zone (the
// stored UTC is in the <time> element's title).
function formatter(kind) {
  if (!formatters[kind]) {
    const locale = lang === 'ja' ? 'ja-JP' : 'en-GB';
    formatters[kind] = kind === 'number'
      ? new Intl.NumberFormat(locale)
      : new Intl.DateTimeFormat(locale, {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: lang === 'ja' ? 'long' : 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
      });
  }
  return formatters[kind];
}

// Callers may still say 'full' or 'short': there is one format.
export function formatTime(iso) {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : formatter('date').format(new Date(ms));
}

// A <time> element: the user's zone in front, the stored UTC behind it.
export function timeEl(iso) {
  if (!iso) return h('span', { class: 'empty', text: t('value.none') });
  const ms = Date.parse(iso);
  return h('time', {
    datetime: Number.isNaN(ms) ? iso : new Date(ms).toISOString(),
    title: utcText(iso),
    text: formatTime(iso),
  });
}

export function formatNumber(n) {
  return formatter('number').format(n);
}

// How long ago, coarsely: "3日" / "3 d".
export function formatAge(ms) {
  const min = Math.max(0, Math.floor(ms / 60000));
  if (min < 60) return t('age.minutes', { n: min });
  const hours = Math.floor(min / 60);
  if (hours < 48) return t('age.hours', { n: hours });
  return t('age.days', { n: Math.floor(hours / 24) });
}
