// ui.js - small pieces shared by the screens: messages, form fields with
// their error text, badges, drafts that survive a reload.

import { fieldMessage } from './api.js';
import { h, replace, newId } from './dom.js';
import { t, label, formatAge, formatNumber } from './i18n.js';
import { session } from './session.js';

// --- Drafts: what a person typed, kept in this tab until it is sent.
// Each is kept under its author's account, so that after a session ends
// whoever signs in next in this tab is not shown (nor sends) someone
// else's unsent text; the author finds it again on their next sign-in.
const DRAFT = 'kizuki.draft.';

function slot(key) {
  return session.me ? `${DRAFT}${session.me.name}:${key}` : null;
}

export const drafts = {
  get(key) {
    const k = slot(key);
    if (k === null) return null;
    try {
      const v = sessionStorage.getItem(k);
      return v === null ? null : JSON.parse(v);
    } catch {
      return null;
    }
  },
  set(key, value) {
    const k = slot(key);
    if (k === null) return;
    try {
      sessionStorage.setItem(k, JSON.stringify(value));
    } catch {
      /* storage full or disabled: the text stays in the form */
    }
  },
  del(key) {
    const k = slot(key);
    if (k === null) return;
    try {
      sessionStorage.removeItem(k);
    } catch {
      /* nothing kept */
    }
  },
  clearAll() {
    try {
      for (const k of Object.keys(sessionStorage)) {
        if (k.startsWith(DRAFT)) sessionStorage.removeItem(k);
      }
    } catch {
      /* nothing kept */
    }
  },
};

// --- Announcements
let toastTimer = null;
export function toast(message) {
  const box = document.getElementById('toast');
  if (!box) return;
  box.hidden = false;
  replace(box, h('p', { text: message }));
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    box.hidden = true;
  }, 6000);
}

export function alertBox(message, kind = 'error') {
  return h('div', { class: ['alert', `alert-${kind}`], role: kind === 'error' ? 'alert' : 'status' },
    h('p', { text: message }));
}

// What to say above a form the server refused: when it named fields,
// that the fields say what is wrong (their messages are next to them).
export function formMessage(err) {
  return err.fields && Object.keys(err.fields).length ? t('form.fix_errors') : err.message;
}

// A region that shows one error (or nothing).
export function errorSlot() {
  const el = h('div', { class: 'error-slot' });
  el.show = (message) => {
    replace(el, message ? alertBox(message) : null);
  };
  return el;
}

// --- Form fields
// A labelled control with a hint and an error line that screen readers
// hear with it.  'control' gets the id, aria-describedby and
// aria-invalid; returns the wrapper with .setError(msg).
// 'lead' goes before the control, 'extra' after it: a button that fills
// the control ("just now") leads, so that it is reached by Tab before the
// control's own stops (a date-time field has seven).
export function field({ label: text, control, hint, required, id, lead, extra, cls }) {
  const cid = id || control.id || newId('f');
  control.id = cid;
  const errId = `${cid}-error`;
  const hintId = `${cid}-hint`;
  const described = [hint ? hintId : null, errId].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  if (required) {
    control.required = true;
    control.setAttribute('aria-required', 'true');
  }
  const error = h('p', { class: 'field-error', id: errId, hidden: true });
  const wrap = h('div', { class: ['field', cls] },
    h('label', { for: cid },
      h('span', { class: 'label-text', text }),
      required ? h('span', { class: 'req', text: t('form.required') }) : h('span', { class: 'opt', text: t('form.optional') })),
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null,
    lead || null, control, extra || null, error);
  wrap.setError = (msg) => {
    error.hidden = !msg;
    error.textContent = msg ? `${t('form.error_prefix')}${msg}` : '';
    if (msg) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  };
  wrap.control = control;
  return wrap;
}

// --- Badges (colour is never the only signal: each has its text)
// 'inc' (optional) marks a record the score could not rate: the facts it
// needs are missing, so it is "unrated", not "S4 minor" (also for records
// stored before kizuki rated thin reports so).
export function severityBadge(sev, inc) {
  if (isUnrated(inc) || (!sev && !inc)) return h('span', { class: 'sev sev-none sev-unrated', text: t('sev.none') });
  if (!sev) return h('span', { class: 'sev sev-none', text: t('sev.none') });
  return h('span', { class: ['sev', `sev-${sev}`], text: label('severity', sev) });
}

export function isUnrated(inc) {
  return !!(inc && inc.severity_source !== 'manual' && inc.triage && inc.triage.unrated);
}

export function kindBadge(kind, always = false) {
  if (kind === 'incident' && !always) return null;
  return h('span', { class: ['kind', `kind-${kind}`], text: label('kind', kind) });
}

export function phaseBadge(phase) {
  return h('span', { class: ['phase', `phase-${phase}`], text: label('phase', phase) });
}

const DAY = 24 * 3600 * 1000;

// Whether an open incident is late: still untriaged a day after it was
// reported, or untouched for a week.
export function lateness(inc, now = Date.now()) {
  const out = [];
  if (inc.phase === 'closed') return out;
  const reported = Date.parse(inc.reported_at);
  const updated = Date.parse(inc.updated_at);
  if (inc.phase === 'reported' && now - reported > DAY) out.push('triage_overdue');
  if (now - updated > 7 * DAY) out.push('stale');
  return out;
}

export function markers(inc, now = Date.now()) {
  const out = lateness(inc, now).map((m) => h('span', { class: ['marker', `marker-${m}`], text: t(`marker.${m}`) }));
  if (inc.tasks_overdue > 0 && inc.phase !== 'closed') {
    out.push(h('span', { class: 'marker marker-tasks_overdue', text: t('marker.tasks_overdue', { n: inc.tasks_overdue }) }));
  }
  // Reporting deadlines at stake stay marked after closing: a duty still
  // owed to a regulator does not end with the case.
  const duties = inc.duties || {};
  if (duties.late > 0) {
    out.push(h('span', { class: 'marker marker-duties_late', text: t('marker.duties_late', { n: duties.late }) }));
  } else if (duties.due_soon > 0) {
    out.push(h('span', { class: 'marker marker-duties_soon', text: t('marker.duties_soon', { n: duties.due_soon }) }));
  }
  return out;
}

export function ageText(inc, now = Date.now()) {
  return formatAge(now - Date.parse(inc.reported_at));
}

export function restrictedBadge() {
  return h('span', { class: 'restricted', text: t('restricted.badge') });
}

// A heading that receives focus when its screen opens.
export function title(text, level = 'h1') {
  return h(level, { tabindex: '-1', class: 'screen-title', text });
}

// --- Forms kept as drafts.  The named controls of a form are its state:
// read as plain data (checkbox groups as lists of values), kept in this
// tab as they change, and written back after a reload or a re-render.
export function readForm(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.type === 'password') continue;
    if (el.type === 'checkbox') {
      if (!out[el.name]) out[el.name] = [];
      if (el.checked) out[el.name].push(el.value);
    } else if (el.type === 'radio') {
      if (el.checked) out[el.name] = el.value;
      else if (!(el.name in out)) out[el.name] = '';
    } else {
      out[el.name] = el.value;
    }
  }
  return out;
}

export function writeForm(form, values) {
  for (const el of form.elements) {
    if (!el.name || !(el.name in values) || el.type === 'password') continue;
    const v = values[el.name];
    if (el.type === 'checkbox') el.checked = Array.isArray(v) && v.includes(el.value);
    else if (el.type === 'radio') el.checked = el.value === v;
    else el.value = v;
  }
}

// Keep what is typed into 'form' under draft 'key'; returns the draft
// that was restored (or null).
export function keepDraft(form, key) {
  const saved = drafts.get(key);
  if (saved && typeof saved === 'object') writeForm(form, saved);
  const save = () => drafts.set(key, readForm(form));
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  return saved;
}

// A group of checkboxes or radio buttons with a legend, a hint and an
// error line, like field(): returns the fieldset with .setError(msg).
export function choices({ legend, name, items, values = [], hint, id, type = 'checkbox', required, cls }) {
  const gid = id || newId(name);
  const errId = `${gid}-error`;
  const hintId = `${gid}-hint`;
  const error = h('p', { class: 'field-error', id: errId, hidden: true });
  const boxes = items.map((i) => {
    const cid = `${gid}-${i.key}`;
    return h('span', { class: 'check' },
      h('input', { type, id: cid, name, value: i.key, checked: type === 'radio' ? values === i.key : values.includes(i.key) }),
      h('label', { for: cid, text: i.label }));
  });
  const fs = h('fieldset', { class: ['field', 'group', cls], id: gid, 'aria-describedby': [hint ? hintId : null, errId].filter(Boolean).join(' ') },
    h('legend', {},
      h('span', { class: 'label-text', text: legend }),
      required ? h('span', { class: 'req', text: t('form.required') }) : h('span', { class: 'opt', text: t('form.optional') })),
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null,
    h('div', { class: 'checks' }, boxes),
    error);
  fs.setError = (msg) => {
    error.hidden = !msg;
    error.textContent = msg ? `${t('form.error_prefix')}${msg}` : '';
    for (const c of fs.querySelectorAll('input')) {
      if (msg) c.setAttribute('aria-invalid', 'true');
      else c.removeAttribute('aria-invalid');
    }
  };
  fs.control = fs.querySelector('input') || fs;
  return fs;
}

// Put the server's messages next to their fields ('map': field name ->
// what field() or choices() returned); the first control with one.
export function showErrors(map, fields) {
  let first = null;
  for (const [k, f] of Object.entries(map)) {
    const msg = fieldMessage(fields || {}, k);
    f.setError(msg || null);
    if (msg && !first) first = f.control;
  }
  return first;
}

// Render 'el' again with 'fn' and give the focus back to the control that
// had it (found again by its id).
export function keepFocus(el, fn) {
  const a = document.activeElement;
  const id = a && a !== document.body && el.contains(a) ? a.id : null;
  fn();
  if (id) {
    const again = document.getElementById(id);
    if (again) again.focus({ preventScroll: true });
  }
}

// A section of a page: a card with a heading that can take the focus.
export function panel(id, heading, ...children) {
  return h('section', { class: ['card', 'panel', `panel-${id}`], id, 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h`, tabindex: '-1', text: heading }), children);
}

export function yen(n) {
  return t('unit.yen', { n: formatNumber(n) });
}

// "in 5 h" / "3 d overdue" from now to 'iso'.
export function untilText(iso, now = Date.now()) {
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return '';
  return ms >= 0 ? t('time.in', { age: formatAge(ms) }) : t('time.ago_over', { age: formatAge(-ms) });
}
