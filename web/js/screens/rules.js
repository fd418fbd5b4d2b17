// 招集基準 / Convocation rules, each written as the sentence it is: "when
// the category is … and the severity is S2 or worse (and the kind is …),
// summon these roles and people, and expect acknowledgement within N
// minutes".  The form reads as the same sentence and shows it as typed.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { label, t, taxonomy } from '../i18n.js';
import { can } from '../session.js';
import { alertBox, choices, field, readForm, toast } from '../ui.js';
import { intro, recordForm, removeRecord, text } from './registry.js';

const ENDPOINT = '/api/v1/convocation-rules';

// The message 'key' with {name} placeholders replaced by nodes.
function tn(key, vars) {
  const out = [];
  const s = t(key);
  let last = 0;
  for (const m of s.matchAll(/\{(\w+)\}/g)) {
    out.push(s.slice(last, m.index));
    out.push(m[1] in vars ? vars[m[1]] : m[0]);
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out.filter((x) => x !== '');
}

function list(values, sep = 'rule.or') {
  const out = [];
  values.forEach((v, i) => {
    if (i) out.push(t(sep));
    out.push(h('strong', { class: 'val', text: v }));
  });
  return h('span', {}, out);
}

// The rule as a sentence (nodes), with 'contacts' to name the people.
export function sentence(r, contacts) {
  const conds = [];
  conds.push(r.categories && r.categories.length
    ? tn('rule.cond_category', { list: list(r.categories.map((c) => label('category', c))) })
    : [t('rule.cond_any_category')]);
  conds.push(tn('rule.cond_severity', { sev: h('strong', { class: 'val', text: label('severity', r.max_severity) }) }));
  if (r.kinds && r.kinds.length) conds.push(tn('rule.cond_kind', { list: list(r.kinds.map((k) => label('kind', k))) }));
  const cond = [];
  conds.forEach((c, i) => {
    if (i) cond.push(t('rule.and'));
    cond.push(...c);
  });
  const who = [
    ...(r.summon_roles || []).map((k) => t('rule.who_role', { role: label('contact_role', k) })),
    ...(r.summon_contacts || []).map((id) => {
      const c = contacts.find((x) => x.id === id);
      return c ? c.name : t('rule.unknown_contact', { id });
    }),
  ];
  const whoNode = who.length ? list(who, 'rule.plus') : h('strong', { class: 'val', text: t('rule.nobody') });
  return tn('rule.sentence', {
    cond: h('span', {}, cond),
    who: whoNode,
    minutes: h('strong', { class: 'val', text: String(r.ack_minutes) }),
  });
}

function fields(getContacts) {
  return (v) => {
    const contacts = getContacts();
    const name = h('input', { type: 'text', name: 'name', maxlength: '200', autocomplete: 'off', value: v.name });
    const sev = h('select', { name: 'max_severity', value: v.max_severity },
      taxonomy('severity').items.map((s) => h('option', { value: s.key, text: t('rule.sev_option', { sev: s.label }) })));
    const minutes = h('input', { type: 'number', name: 'ack_minutes', min: '1', max: '10080', step: '1', inputmode: 'numeric', value: v.ack_minutes });
    const enabled = h('input', { type: 'checkbox', name: 'enabled', value: 'on', id: 'rule-enabled', checked: v.enabled.includes('on') });
    const enabledErr = h('p', { class: 'field-error', id: 'rule-enabled-error', hidden: true });
    const map = {
      name: field({ label: t('rule.name'), control: name, required: true, id: 'rule-name', hint: t('rule.name_hint') }),
      categories: choices({ legend: t('rule.categories'), name: 'categories', items: taxonomy('category').items, values: v.categories, id: 'rule-categories', hint: t('rule.categories_hint'), cls: 'many' }),
      max_severity: field({ label: t('rule.max_severity'), control: sev, required: true, id: 'rule-severity', hint: t('rule.max_severity_hint') }),
      kinds: choices({ legend: t('rule.kinds'), name: 'kinds', items: taxonomy('kind').items, values: v.kinds, id: 'rule-kinds', hint: t('rule.kinds_hint') }),
      summon_roles: choices({ legend: t('rule.roles'), name: 'summon_roles', items: taxonomy('contact_role').items, values: v.summon_roles, id: 'rule-roles', hint: t('rule.roles_hint'), cls: 'many' }),
      summon_contacts: choices({
        legend: t('rule.contacts'), name: 'summon_contacts', id: 'rule-contacts', hint: contacts.length ? t('rule.contacts_hint') : t('rule.no_contacts'),
        items: contacts.map((c) => ({ key: String(c.id), label: c.organisation ? `${c.name}（${c.organisation}）` : c.name })), values: v.summon_contacts,
      }),
      ack_minutes: field({ label: t('rule.ack_minutes'), control: minutes, required: true, id: 'rule-minutes', hint: t('rule.ack_minutes_hint') }),
      enabled: {
        control: enabled,
        setError: (msg) => {
          enabledErr.hidden = !msg;
          enabledErr.textContent = msg || '';
        },
      },
    };
    const preview = h('p', { class: 'rule-sentence preview', id: 'rule-preview', 'aria-live': 'polite' });
    const update = (form) => {
      const r = toRule(readForm(form));
      replace(preview, h('span', { class: 'preview-label', text: t('rule.preview') }), ' ', sentence(r, contacts));
    };
    queueMicrotask(() => {
      const form = preview.closest('form');
      if (!form) return;
      update(form);
      form.addEventListener('input', () => update(form));
      form.addEventListener('change', () => update(form));
    });
    return {
      map,
      parts: [
        map.name,
        h('fieldset', { class: 'subgroup' }, h('legend', { text: t('rule.when') }), map.categories, map.max_severity, map.kinds),
        h('fieldset', { class: 'subgroup' }, h('legend', { text: t('rule.summon') }), map.summon_roles, map.summon_contacts),
        map.ack_minutes,
        h('div', { class: 'field' }, h('span', { class: 'check' }, enabled, h('label', { for: 'rule-enabled', text: t('rule.enabled_check') })), enabledErr),
        preview,
      ],
    };
  };
}

function toRule(v) {
  return {
    name: v.name, categories: v.categories || [], kinds: v.kinds || [], max_severity: v.max_severity,
    summon_roles: v.summon_roles || [], summon_contacts: (v.summon_contacts || []).map(Number),
    ack_minutes: v.ack_minutes, enabled: (v.enabled || []).includes('on'),
  };
}

function fromItem(r) {
  return {
    name: r.name || '', categories: r.categories, kinds: r.kinds, max_severity: r.max_severity || 'S2',
    summon_roles: r.summon_roles, summon_contacts: r.summon_contacts.map(String),
    ack_minutes: String(r.ack_minutes), enabled: r.enabled ? ['on'] : [],
  };
}

function blank() {
  return { name: '', categories: [], kinds: [], max_severity: 'S2', summon_roles: [], summon_contacts: [], ack_minutes: '30', enabled: ['on'] };
}

function toBody(v) {
  const r = toRule(v);
  const errors = {};
  if (!/^\d+$/.test(String(r.ack_minutes).trim())) errors.ack_minutes = t('rule.minutes_bad');
  if (Object.keys(errors).length) return { errors };
  return { body: { ...r, name: text(r.name), ack_minutes: Number(r.ack_minutes) } };
}

export async function render({ view, current }) {
  if (!intro(view, 'rules.title', 'rules.lead')) return;
  const manage = can('manage');
  let items = [];
  let contacts = [];
  const slot = h('div', { class: 'error-slot', id: 'rules-error' });
  const summary = h('p', { class: 'result-count', id: 'rules-count', role: 'status' });
  const listSlot = h('div', { id: 'rules' });
  let form = null;

  async function load() {
    const [r, c] = await Promise.all([api.get(ENDPOINT), api.get('/api/v1/contacts')]);
    items = r.items;
    contacts = c.items;
    return items;
  }

  async function toggle(r) {
    try {
      await api.patch(`${ENDPOINT}/${r.id}`, { enabled: !r.enabled }, { headers: { 'If-Match': `"${r.version}"` } });
      toast(t(r.enabled ? 'rule.disabled_msg' : 'rule.enabled_msg', { name: r.name }));
      await refresh();
      const b = document.getElementById(`toggle-rule-${r.id}`);
      if (b) b.focus();
    } catch (e) {
      if (e.status === 401) return;
      replace(slot, alertBox(e.status === 409 || e.status === 412 ? t('config.conflict_list') : e.message));
      await refresh();
    }
  }

  function card(r) {
    return h('li', { class: ['rule', r.enabled ? 'is-on' : 'is-off'], id: `rule-${r.id}` },
      h('div', { class: 'rule-head' },
        h('h3', { text: r.name }),
        h('span', { class: ['state', r.enabled ? 'state-on' : 'state-off'], text: r.enabled ? t('rule.on') : t('rule.off') })),
      h('p', { class: 'rule-sentence' }, sentence(r, contacts)),
      manage ? h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'btn btn-small', id: `edit-rule-${r.id}`,
          'aria-label': t('config.edit_of', { name: r.name }), onclick: () => form.edit(r),
        }, t('edit.button')),
        h('button', {
          type: 'button', class: 'btn btn-small', id: `toggle-rule-${r.id}`,
          'aria-label': t(r.enabled ? 'rule.disable_of' : 'rule.enable_of', { name: r.name }), onclick: () => toggle(r),
        }, r.enabled ? t('rule.disable') : t('rule.enable')),
        h('button', {
          type: 'button', class: 'btn btn-small btn-danger', id: `delete-rule-${r.id}`,
          'aria-label': t('config.delete_of', { name: r.name }),
          onclick: () => removeRecord({ endpoint: ENDPOINT, name: 'rule', item: r, question: t('config.delete_confirm', { name: r.name }), slot, done: refresh }),
        }, t('config.delete'))) : null);
  }

  function draw() {
    summary.textContent = t('rules.count', { n: items.length, on: items.filter((r) => r.enabled).length });
    replace(listSlot, items.length
      ? h('ul', { class: 'rule-list' }, items.map(card))
      : h('p', { class: 'empty-state', text: t('rules.none') }));
  }

  async function refresh() {
    replace(slot);
    await load();
    if (!current()) return;
    draw();
    if (manage && !form) {
      form = recordForm({
        name: 'rule', endpoint: ENDPOINT, fields: fields(() => contacts), toBody, fromItem, blank,
        headingNew: t('rule.add'), headingEdit: (r) => t('config.editing', { name: r.name }),
        submitNew: t('rule.add_submit'), submitEdit: t('edit.save'),
        reload: load,
        onSaved: async (r, isNew) => {
          toast(t(isNew ? 'config.added' : 'config.saved', { name: r.name }));
          await refresh();
        },
      });
      view.append(form.el);
    }
    if (form) form.sync(items);
  }

  view.append(summary, slot, listSlot);
  await refresh();
}
