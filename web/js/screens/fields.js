// fields.js - the incident record's fields (src/json/incident_json.c):
// how each is shown, how it is edited in place, and how an editor's
// state turns back into the JSON value the server wants.
//
// An editor's "raw" state is plain data (strings, arrays) so it can be
// kept as a draft and restored after a reload or a conflict.

import { h, newId } from '../dom.js';
import { formatNumber, getZone, label, t, taxonomy, timeEl } from '../i18n.js';
import { isoToLocalInput, localInputToIso } from '../time.js';
import { isUnrated, severityBadge } from '../ui.js';

// type, taxonomy name, whether null is allowed.
// The longest title the server takes (src/core/incident.h), in
// characters (code points, as the server counts).
export const TITLE_MAX = 200;

// "The title must be at most 200 characters (it has 253)", as the server
// says it.
export function titleTooLong(s) {
  return t('form.title_too_long', { max: formatNumber(TITLE_MAX), count: formatNumber([...s].length) });
}

export const FIELDS = {
  title: { type: 'text', required: true, max: 200 },
  description: { type: 'multiline' },
  kind: { type: 'select', tax: 'kind', required: true },
  category: { type: 'select', tax: 'category' },
  severity: { type: 'severity', keys: ['severity', 'severity_reason'] },
  priority: { type: 'priority' },
  tlp: { type: 'select', tax: 'tlp', required: true },
  occurred_at: { type: 'time' },
  discovered_at: { type: 'time', required: true },
  reported_at: { type: 'time', required: true },
  place: { type: 'select', tax: 'place' },
  detection_trigger: { type: 'select', tax: 'detection_trigger' },
  discoverer: { type: 'text', max: 200 },
  reporter: { type: 'text', max: 200 },
  owner: { type: 'text', max: 200, people: true },
  parties: { type: 'keys', tax: 'party' },
  assets: { type: 'assets' },
  info_types: { type: 'info' },
  affected_persons: { type: 'count' },
  // The guideline: report on the largest number that may be affected.
  affected_persons_max: { type: 'count' },
  impacts: { type: 'keys', tax: 'impact' },
  direct_cause: { type: 'multiline' },
  latent_factors: { type: 'multiline' },
  initial_response: { type: 'multiline' },
  additional_measures: { type: 'multiline' },
  prevention_measures: { type: 'keys', tax: 'prevention_measure' },
  tags: { type: 'lines' },
  restricted: { type: 'bool', restrict: true },
  members: { type: 'lines', restrict: true, people: true },
  // What decides the reporting duties and the damage estimate (C7, C8).
  aware_at: { type: 'time' },
  possible_leak: { type: 'bool' },
  leak_kinds: { type: 'keys', tax: 'leak_kind' },
  leak_indicators: { type: 'keys', tax: 'leak_indicator' },
  encrypted: { type: 'bool' },
  improper_purpose: { type: 'bool' },
  improper_purpose_reason: { type: 'multiline' },
  mynumber_system: { type: 'bool' },
  publicly_viewable: { type: 'bool' },
  nis2_disruption: { type: 'bool' },
  nis2_damage_others: { type: 'bool' },
  eu_data_subjects: { type: 'bool' },
  social_responsibility: { type: 'small' },
  response_evaluation: { type: 'small' },
  materiality_determined_at: { type: 'time' },
};

export const SECTIONS = [
  ['sec.summary', ['title', 'description', 'kind', 'category', 'severity', 'priority', 'tlp']],
  ['sec.times', ['occurred_at', 'discovered_at', 'reported_at']],
  ['sec.people', ['place', 'detection_trigger', 'discoverer', 'reporter', 'owner', 'parties']],
  ['sec.damage', ['assets', 'info_types', 'affected_persons', 'affected_persons_max', 'impacts']],
  ['sec.duties', ['aware_at', 'possible_leak', 'leak_kinds', 'leak_indicators', 'encrypted', 'improper_purpose',
    'improper_purpose_reason', 'mynumber_system', 'publicly_viewable', 'eu_data_subjects', 'nis2_disruption',
    'nis2_damage_others', 'social_responsibility', 'response_evaluation', 'materiality_determined_at']],
  ['sec.cause', ['direct_cause', 'latent_factors', 'initial_response', 'additional_measures', 'prevention_measures']],
  ['sec.access', ['tags', 'restricted', 'members']],
];

// The asset inventory (GET /api/v1/assets), for picking affected assets.
let inventory = [];
export function setInventory(items) {
  inventory = [...items].sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
}

export function fieldLabel(key) {
  const s = t(`f.${key}`);
  return s === `f.${key}` ? key : s;
}

const empty = () => h('span', { class: 'empty', text: t('value.none') });

// A value as a person reads it (also used for field_change entries).
export function displayValue(key, v, { short = false, inc = null } = {}) {
  // 漏えい等 in three states: a confirmed leak never reads "no" (issue 9).
  if (key === 'possible_leak') {
    const state = inc && inc.leak_state ? inc.leak_state : (v ? 'possible' : 'not_possible');
    return h('span', { class: ['leak-state', `leak-${state}`], text: t(`leak.${state}`) });
  }
  if (key === 'improper_purpose' && inc) {
    return h('span', {}, h('span', { text: v ? t('value.yes') : t('value.no') }), ' ',
      h('span', { class: 'sev-source', text: t(`improper.${inc.improper_purpose_source === 'manual' ? 'manual' : 'derived'}`) }));
  }
  const f = FIELDS[key] || (key === 'severity_reason' ? { type: 'multiline' } : { type: typeof v === 'string' ? 'text' : 'json' });
  if (f.type === 'small' && (v === null || v === undefined)) return h('span', { class: 'empty', text: t(`f.${key}_unset`) });
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0) || v === '') return empty();
  switch (f.type) {
    case 'text':
      return h('span', { text: v });
    case 'multiline': {
      const s = short && v.length > 300 ? `${v.slice(0, 300)}…` : v;
      return h('span', { class: 'pre', text: s });
    }
    case 'severity':
      return severityBadge(v);
    case 'select':
      return h('span', { text: label(f.tax, v) });
    case 'priority':
      return h('span', { text: t(`priority.${v}`) });
    case 'time':
      return timeEl(v);
    case 'count':
      return h('span', { text: t('unit.persons', { n: formatNumber(v) }) });
    case 'bool':
      return h('span', { text: v ? t('value.yes') : t('value.no') });
    case 'keys':
      return h('ul', { class: 'chips' }, v.map((k) => h('li', { text: label(f.tax, k) })));
    case 'lines':
      return h('ul', { class: 'chips' }, v.map((s) => h('li', { text: s })));
    case 'assets':
      return h('ul', { class: 'chips assets-chips' }, v.map((name) => {
        const a = inventory.find((x) => x.name === name);
        return h('li', {}, h('span', { text: name }),
          a ? h('span', { class: ['prio', `prio-${a.priority}`], text: t('asset.priority_n', { n: a.priority }) }) : null);
      }));
    case 'small':
      return h('span', { text: t(`f.${key}_${v}`) });
    case 'info':
      return h('ul', { class: 'chips' }, v.map((i) => h('li', {
        text: i.count === null || i.count === undefined
          ? t('info.unknown_count', { type: label('info_type', i.type) })
          : t('info.count', { type: label('info_type', i.type), n: formatNumber(i.count) }),
      })));
    default:
      return h('span', { text: JSON.stringify(v) });
  }
}

// Severity as the record page shows it: the level, whether a person set
// it (and why) or the triage score did, and the score's reasons (C4).
export function severityDetail(inc) {
  const tr = inc.triage || null;
  const manual = inc.severity_source === 'manual';
  const unrated = isUnrated(inc);
  return h('div', { class: 'severity-detail' },
    h('p', { class: 'sev-line' },
      inc.severity || unrated ? severityBadge(inc.severity, inc) : h('span', { class: 'empty', text: t('value.none') }),
      ' ',
      h('span', { class: 'sev-source', text: manual ? t('sev.manual') : t('sev.by_score') })),
    // What to record so that the score can rate it.
    unrated && tr.missing && tr.missing.length
      ? h('div', { class: 'sev-missing', id: 'sev-missing' },
        h('p', { text: t('sev.missing') }),
        h('ul', {}, tr.missing.map((m) => h('li', { text: m.text }))))
      : null,
    manual && inc.severity_reason
      ? h('p', { class: 'sev-reason' }, h('strong', { text: t('sev.reason') }), ' ', h('span', { class: 'pre', text: inc.severity_reason }))
      : null,
    tr ? h('details', { class: 'triage' },
      h('summary', { text: t('sev.score', { score: tr.score, severity: tr.severity ? label('severity', tr.severity) : t('sev.none') }) }),
      tr.reasons && tr.reasons.length
        ? h('ul', {}, tr.reasons.map((r) => h('li', { text: t('sev.reason_line', { text: r.text, points: r.points }) })))
        : h('p', { class: 'hint', text: t('sev.no_reasons') })) : null);
}

// The record's value -> an editor's raw state.
export function toRaw(key, v, inc) {
  const f = FIELDS[key];
  switch (f.type) {
    case 'severity':
      return {
        sev: inc && inc.severity_source === 'manual' ? (v || '') : '',
        reason: (inc && inc.severity_source === 'manual' && inc.severity_reason) || '',
      };
    case 'text':
    case 'multiline':
    case 'select':
      return v || '';
    case 'priority':
    case 'count':
      return v === null || v === undefined ? '' : String(v);
    case 'time':
      return v ? isoToLocalInput(v, getZone()) : '';
    case 'bool':
      return !!v;
    case 'keys':
      return [...(v || [])];
    case 'lines':
      return (v || []).join('\n');
    case 'assets':
      return { names: [...(v || [])], other: '' };
    case 'small':
      return v === null || v === undefined ? '' : String(v);
    case 'info':
      return (v || []).map((i) => ({ type: i.type, count: i.count === null || i.count === undefined ? '' : String(i.count) }));
    default:
      return v;
  }
}

// An editor's raw state -> { value } or { error } (checked before sending;
// the server checks again and its messages win).
export function fromRaw(key, raw) {
  const f = FIELDS[key];
  switch (f.type) {
    case 'severity':
      if (!raw.sev) return { patch: { severity: null } };
      if (!raw.reason.trim()) return { error: t('sev.reason_required') };
      return { patch: { severity: raw.sev, severity_reason: raw.reason.trim() } };
    case 'text':
    case 'multiline': {
      const s = f.type === 'text' ? raw.trim() : raw.replace(/\s+$/, '');
      if (!s.trim()) return f.required ? { error: t('form.required_msg') } : { value: null };
      if (key === 'title' && [...s].length > TITLE_MAX) return { error: titleTooLong(s) };
      return { value: s };
    }
    case 'select':
      if (!raw) return f.required ? { error: t('form.required_msg') } : { value: null };
      return { value: raw };
    case 'priority':
      return { value: raw ? Number(raw) : null };
    case 'count':
      if (raw === '') return { value: null };
      if (!/^\d+$/.test(raw.trim())) return { error: t('form.bad_count') };
      return { value: Number(raw) };
    case 'time': {
      if (!raw) return f.required ? { error: t('form.required_msg') } : { value: null };
      const iso = localInputToIso(raw, getZone());
      return iso ? { value: iso } : { error: t('form.bad_time') };
    }
    case 'bool':
      return { value: !!raw };
    case 'keys':
      return { value: raw };
    case 'lines':
      return { value: raw.split('\n').map((s) => s.trim()).filter(Boolean) };
    case 'assets': {
      const all = [...raw.names, ...raw.other.split('\n').map((s) => s.trim()).filter(Boolean)];
      return { value: [...new Set(all)] };
    }
    case 'small':
      return { value: raw ? Number(raw) : null };
    case 'info': {
      const rows = raw.filter((r) => r.type);
      for (const r of rows) if (r.count !== '' && !/^\d+$/.test(String(r.count).trim())) return { error: t('form.bad_count') };
      return { value: rows.map((r) => ({ type: r.type, count: r.count === '' ? null : Number(r.count) })) };
    }
    default:
      return { value: raw };
  }
}

function taxOptions(tax, nullable) {
  return [nullable ? h('option', { value: '', text: t('value.unset') }) : null,
    ...taxonomy(tax).items.map((i) => h('option', { value: i.key, text: i.label }))];
}

// Build the editor of 'key' holding 'raw'; onInput(raw) on every change.
// Returns { el, focus, raw(), labelled } - labelled: the control has its
// own <label> (true) or is a group with a legend (false).
export function makeEditor(key, raw, onInput, { people = [], canManageAssets = false } = {}) {
  const f = FIELDS[key];
  const id = `edit-${key}`;
  const lbl = fieldLabel(key);
  const fire = () => onInput(api.raw());
  let api;
  switch (f.type) {
    case 'text': {
      const listId = f.people && people.length ? `${id}-people` : null;
      // The title has no maxlength: cutting what was pasted without a word
      // is worse than saying how long it is (fromRaw).
      const input = h('input', {
        type: 'text', id, value: raw, maxlength: key === 'title' ? null : String(f.max || 200), list: listId, autocomplete: 'off',
      });
      input.addEventListener('input', fire);
      api = { el: [input, listId ? h('datalist', { id: listId }, people.map((p) => h('option', { value: p }))) : null], focus: input, raw: () => input.value, labelled: true };
      break;
    }
    case 'multiline': {
      const ta = h('textarea', { id, rows: '5', value: raw });
      ta.addEventListener('input', fire);
      api = { el: ta, focus: ta, raw: () => ta.value, labelled: true };
      break;
    }
    case 'severity': {
      const sel = h('select', { id, value: raw.sev },
        h('option', { value: '', text: t('sev.use_score') }),
        taxonomy('severity').items.map((i) => h('option', { value: i.key, text: i.label })));
      const rid = `${id}-reason`;
      const reason = h('textarea', { id: rid, rows: '2', value: raw.reason });
      const reasonWrap = h('div', { class: 'sub-field' },
        h('label', { for: rid },
          h('span', { class: 'label-text', text: t('sev.reason_label') }),
          h('span', { class: 'req', text: t('form.required') })),
        h('span', { class: 'hint', text: t('sev.reason_hint') }),
        reason);
      const sync = () => {
        reasonWrap.hidden = !sel.value;
      };
      sync();
      sel.addEventListener('change', () => { sync(); fire(); });
      reason.addEventListener('input', fire);
      api = { el: [sel, reasonWrap], focus: sel, raw: () => ({ sev: sel.value, reason: reason.value }), labelled: true };
      break;
    }
    case 'select':
    case 'priority': {
      const opts = f.type === 'priority'
        ? [h('option', { value: '', text: t('value.unset') }), ...[1, 2, 3, 4].map((n) => h('option', { value: String(n), text: t(`priority.${n}`) }))]
        : taxOptions(f.tax, !f.required);
      const sel = h('select', { id, value: raw }, opts);
      sel.addEventListener('change', fire);
      api = { el: sel, focus: sel, raw: () => sel.value, labelled: true };
      break;
    }
    case 'time': {
      const input = h('input', { type: 'datetime-local', id, value: raw });
      input.addEventListener('input', fire);
      api = { el: [input, h('span', { class: 'zone-hint', text: t('form.zone', { zone: getZone() }) })], focus: input, raw: () => input.value, labelled: true };
      break;
    }
    case 'count': {
      const input = h('input', { type: 'number', id, min: '0', max: '10000000000', step: '1', inputmode: 'numeric', value: raw });
      input.addEventListener('input', fire);
      api = { el: input, focus: input, raw: () => input.value, labelled: true };
      break;
    }
    case 'bool': {
      const cb = h('input', { type: 'checkbox', id, checked: !!raw });
      cb.addEventListener('change', fire);
      api = { el: h('span', { class: 'check' }, cb, h('label', { for: id, text: t(`f.${key}_check`) })), focus: cb, raw: () => cb.checked, labelled: false };
      break;
    }
    case 'keys': {
      const set = new Set(raw);
      const boxes = taxonomy(f.tax).items.map((i) => {
        const cid = `${id}-${i.key}`;
        const cb = h('input', { type: 'checkbox', id: cid, value: i.key, checked: set.has(i.key) });
        cb.addEventListener('change', fire);
        return h('span', { class: 'check' }, cb, h('label', { for: cid, text: i.label }));
      });
      const box = h('div', { class: 'checks' }, boxes);
      api = {
        el: box, focus: box.querySelector('input'), labelled: false,
        raw: () => [...box.querySelectorAll('input:checked')].map((c) => c.value),
      };
      break;
    }
    case 'lines': {
      const listHint = f.people && people.length ? t('form.known_people', { names: people.join(', ') }) : null;
      const ta = h('textarea', { id, rows: '4', value: raw });
      ta.addEventListener('input', fire);
      api = { el: [ta, h('span', { class: 'hint', text: t('form.one_per_line') }), listHint ? h('span', { class: 'hint', text: listHint }) : null], focus: ta, raw: () => ta.value, labelled: true };
      break;
    }
    case 'small': {
      const sel = h('select', { id, value: raw },
        ['', '1', '2'].map((n) => h('option', { value: n, text: t(`f.${key}_${n || 'unset'}`) })));
      sel.addEventListener('change', fire);
      api = { el: [sel, h('span', { class: 'hint', text: t(`f.${key}_hint`) })], focus: sel, raw: () => sel.value, labelled: true };
      break;
    }
    case 'assets': {
      const known = new Set(inventory.map((a) => a.name));
      const picked = new Set(raw.names);
      const box = (cid, name, text) => {
        const cb = h('input', { type: 'checkbox', id: cid, class: 'asset-pick', value: name, checked: picked.has(name) });
        cb.addEventListener('change', fire);
        return h('span', { class: 'check' }, cb, h('label', { for: cid, text }));
      };
      const boxes = [
        ...inventory.map((a, i) => box(`${id}-${i}`, a.name, t('asset.pick', { name: a.name, n: a.priority, kind: a.kind ? label('asset_kind', a.kind) : t('value.none_short') }))),
        ...raw.names.filter((n) => !known.has(n)).map((n, i) => box(`${id}-x${i}`, n, t('asset.pick_unlisted', { name: n }))),
      ];
      const other = h('textarea', { id: `${id}-other`, rows: '2', value: raw.other });
      other.addEventListener('input', fire);
      const list = h('div', { class: 'checks asset-picks' }, boxes);
      api = {
        el: [
          inventory.length ? h('p', { class: 'hint', text: t('asset.pick_hint') })
            : h('p', { class: 'hint' }, t('asset.inventory_empty'), ' ', canManageAssets ? h('a', { href: '/assets', text: t('nav.assets') }) : null),
          list,
          h('div', { class: 'sub-field' }, h('label', { for: `${id}-other`, text: t('asset.pick_other') }), h('span', { class: 'hint', text: t('form.one_per_line') }), other)],
        focus: list.querySelector('input') || other, labelled: false,
        raw: () => ({ names: [...list.querySelectorAll('input:checked')].map((c) => c.value), other: other.value }),
      };
      break;
    }
    case 'info': {
      const rows = h('div', { class: 'info-rows' });
      const addRow = (r, focus) => {
        const rid = newId('info');
        const sel = h('select', { id: `${rid}-type`, class: 'info-type', value: r.type }, [h('option', { value: '', text: t('report.info_choose') }), ...taxonomy('info_type').items.map((i) => h('option', { value: i.key, text: i.label }))]);
        const cnt = h('input', { type: 'number', id: `${rid}-count`, class: 'info-count', min: '0', step: '1', inputmode: 'numeric', value: r.count });
        sel.addEventListener('change', fire);
        cnt.addEventListener('input', fire);
        const row = h('div', { class: 'info-row' },
          h('div', { class: 'info-cell' }, h('label', { for: sel.id, text: t('report.info_type') }), sel),
          h('div', { class: 'info-cell small' }, h('label', { for: cnt.id, text: t('report.info_count') }), cnt),
          h('button', {
            type: 'button', class: 'btn btn-small btn-quiet', 'aria-label': t('report.info_remove_label', { n: rows.children.length + 1 }),
            onclick: () => { row.remove(); fire(); add.focus(); },
          }, t('report.info_remove')));
        rows.append(row);
        if (focus) sel.focus();
      };
      const add = h('button', { type: 'button', class: 'btn btn-small', onclick: () => { addRow({ type: '', count: '' }, true); fire(); } }, t('report.info_add'));
      (raw.length ? raw : [{ type: '', count: '' }]).forEach((r) => addRow(r, false));
      api = {
        el: [rows, add], focus: rows.querySelector('select'), labelled: false,
        raw: () => [...rows.querySelectorAll('.info-row')].map((r) => ({ type: r.querySelector('.info-type').value, count: r.querySelector('.info-count').value })),
      };
      break;
    }
    default:
      throw new Error(`no editor for ${key}`);
  }
  api.id = id;
  api.label = lbl;
  return api;
}
