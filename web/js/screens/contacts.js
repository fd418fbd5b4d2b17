// 連絡先 / Contacts: people and outside bodies to call, with roles, mail,
// phone, chat webhook, the on-call windows (weekday business hours,
// nights, holidays) and order, and when the entry was last verified.
// Entries not verified for a long time are flagged (icon and text, not
// colour alone), can be listed alone, and marked verified today.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { formatAge, getZone, label, t, taxonomy, timeEl } from '../i18n.js';
import { setQuery } from '../router.js';
import { can } from '../session.js';
import { isoInZone, isoToLocalInput, localInputToIso } from '../time.js';
import { alertBox, choices, field, toast } from '../ui.js';
import { intro, recordForm, removeRecord, text } from './registry.js';

const ENDPOINT = '/api/v1/contacts';

export function staleFlag(c) {
  if (!c.stale) return null;
  return h('span', { class: 'flag flag-stale', text: c.last_verified_at ? t('contact.stale') : t('contact.never_verified') });
}

function fields(v, item) {
  const name = h('input', { type: 'text', name: 'name', maxlength: '200', autocomplete: 'off', value: v.name });
  const org = h('input', { type: 'text', name: 'organisation', maxlength: '200', autocomplete: 'off', value: v.organisation });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'off', value: v.email });
  const phone = h('input', { type: 'tel', name: 'phone', autocomplete: 'off', value: v.phone });
  const hook = h('input', { type: 'text', name: 'webhook_url', autocomplete: 'off', spellcheck: 'false', value: v.webhook_url });
  const order = h('input', { type: 'number', name: 'oncall_order', min: '1', max: '99', step: '1', inputmode: 'numeric', value: v.oncall_order });
  const verified = h('input', { type: 'datetime-local', name: 'last_verified_at', value: v.last_verified_at });
  const notes = h('textarea', { name: 'notes', rows: '3', value: v.notes });
  const map = {
    name: field({ label: t('contact.name'), control: name, required: true, id: 'contact-name', hint: t('contact.name_hint') }),
    organisation: field({ label: t('contact.organisation'), control: org, id: 'contact-organisation' }),
    roles: choices({ legend: t('contact.roles'), name: 'roles', items: taxonomy('contact_role').items, values: v.roles, id: 'contact-roles', hint: t('contact.roles_hint') }),
    email: field({ label: t('contact.email'), control: email, id: 'contact-email' }),
    phone: field({ label: t('contact.phone'), control: phone, id: 'contact-phone', hint: t('contact.phone_hint') }),
    webhook_url: field({ label: t('contact.webhook'), control: hook, id: 'contact-webhook', hint: item && item.webhook_url ? t('contact.webhook_masked') : t('contact.webhook_hint') }),
    windows: choices({ legend: t('contact.windows'), name: 'windows', items: taxonomy('oncall_window').items, values: v.windows, id: 'contact-windows', hint: t('contact.windows_hint') }),
    oncall_order: field({ label: t('contact.order'), control: order, id: 'contact-order', hint: t('contact.order_hint') }),
    last_verified_at: field({ label: t('contact.verified_at'), control: verified, id: 'contact-verified', hint: t('contact.verified_hint', { zone: getZone() }) }),
    notes: field({ label: t('contact.notes'), control: notes, id: 'contact-notes' }),
  };
  return {
    map,
    parts: [
      h('div', { class: 'form-grid' }, map.name, map.organisation),
      map.roles,
      h('div', { class: 'form-grid' }, map.email, map.phone),
      map.webhook_url,
      map.windows,
      h('div', { class: 'form-grid' }, map.oncall_order, map.last_verified_at),
      map.notes,
    ],
  };
}

function fromItem(c) {
  return {
    name: c.name || '', organisation: c.organisation || '', roles: c.roles || [], email: c.email || '',
    phone: c.phone || '', webhook_url: c.webhook_url || '', windows: c.windows || [],
    oncall_order: String(c.oncall_order || 1), notes: c.notes || '',
    last_verified_at: c.last_verified_at ? isoToLocalInput(c.last_verified_at, getZone()) : '',
  };
}

function blank() {
  return { name: '', organisation: '', roles: [], email: '', phone: '', webhook_url: '', windows: ['business'], oncall_order: '1', notes: '', last_verified_at: '' };
}

function toBody(v) {
  const errors = {};
  if (!v.name.trim()) errors.name = t('form.required_msg');
  if (!/^\d+$/.test(v.oncall_order.trim())) errors.oncall_order = t('contact.order_bad');
  let verified = null;
  if (v.last_verified_at) {
    verified = localInputToIso(v.last_verified_at, getZone());
    if (!verified) errors.last_verified_at = t('form.bad_time');
  }
  if (Object.keys(errors).length) return { errors };
  return {
    body: {
      name: v.name.trim(), organisation: text(v.organisation), roles: v.roles || [],
      email: text(v.email), phone: text(v.phone), webhook_url: text(v.webhook_url),
      windows: v.windows || [], oncall_order: Number(v.oncall_order), notes: text(v.notes),
      last_verified_at: verified,
    },
  };
}

function channels(c) {
  return h('ul', { class: 'plain' },
    c.email ? h('li', {}, h('span', { class: 'ch-label', text: t('contact.email_short') }), ' ', h('span', { text: c.email })) : null,
    c.phone ? h('li', {}, h('span', { class: 'ch-label', text: t('contact.phone_short') }), ' ', h('span', { text: c.phone })) : null,
    c.webhook_url ? h('li', {}, h('span', { class: 'ch-label', text: t('contact.webhook_short') }), ' ', h('code', { text: c.webhook_url })) : null,
    !c.email && !c.phone && !c.webhook_url ? h('li', { class: 'flag flag-warn', text: t('contact.no_channel') }) : null);
}

export async function render({ view, query, current }) {
  if (!intro(view, 'contacts.title', 'contacts.lead')) return;
  const manage = can('manage');
  let items = [];
  let staleOnly = query.get('stale') === '1';
  const slot = h('div', { class: 'error-slot', id: 'contacts-error' });
  const summary = h('p', { class: 'result-count', id: 'contacts-count', role: 'status' });
  const listSlot = h('div', { id: 'contacts' });

  async function load() {
    const r = await api.get(ENDPOINT);
    items = r.items;
    return items;
  }

  async function verifiedToday(c) {
    try {
      await api.patch(`${ENDPOINT}/${c.id}`, { last_verified_at: isoInZone(Date.now(), getZone()) }, { headers: { 'If-Match': `"${c.version}"` } });
      toast(t('contact.verified_done', { name: c.name }));
      await refresh();
      const b = document.getElementById(`edit-contact-${c.id}`);
      if (b) b.focus();
    } catch (e) {
      if (e.status === 401) return;
      replace(slot, alertBox(e.status === 409 || e.status === 412 ? t('config.conflict_list') : e.message));
      await refresh();
    }
  }

  function row(c) {
    const now = Date.now();
    return h('tr', { id: `contact-${c.id}`, class: c.stale ? 'is-stale' : null },
      h('th', { scope: 'row' },
        h('span', { class: 'rec-name', text: c.name }),
        c.organisation ? h('span', { class: 'rec-sub', text: c.organisation }) : null),
      h('td', {}, c.roles.length
        ? h('ul', { class: 'chips' }, c.roles.map((r) => h('li', { text: label('contact_role', r) })))
        : h('span', { class: 'empty', text: t('value.none_short') })),
      h('td', {}, channels(c)),
      h('td', {},
        h('ul', { class: 'plain' }, (c.windows.length ? c.windows : ['business']).map((w) => h('li', { text: label('oncall_window', w) }))),
        h('span', { class: 'rec-sub', text: t('contact.order_n', { n: c.oncall_order }) })),
      h('td', { class: 'verified-cell' },
        c.last_verified_at
          ? [timeEl(c.last_verified_at, 'short'), h('span', { class: 'rec-sub', text: t('contact.ago', { age: formatAge(now - Date.parse(c.last_verified_at)) }) })]
          : h('span', { class: 'empty', text: t('contact.never') }),
        staleFlag(c)),
      manage ? h('td', {}, h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'btn btn-small', id: `verify-contact-${c.id}`,
          'aria-label': t('contact.verify_of', { name: c.name }), onclick: () => verifiedToday(c),
        }, t('contact.verify')),
        h('button', {
          type: 'button', class: 'btn btn-small', id: `edit-contact-${c.id}`,
          'aria-label': t('config.edit_of', { name: c.name }), onclick: () => form.edit(c),
        }, t('edit.button')),
        h('button', {
          type: 'button', class: 'btn btn-small btn-danger', id: `delete-contact-${c.id}`,
          'aria-label': t('config.delete_of', { name: c.name }),
          onclick: () => removeRecord({ endpoint: ENDPOINT, name: 'contact', item: c, question: t('config.delete_confirm', { name: c.name }), slot, done: refresh }),
        }, t('config.delete')))) : null);
  }

  function draw() {
    const stale = items.filter((c) => c.stale);
    const shown = staleOnly ? stale : items;
    summary.textContent = t('contacts.count', { n: items.length, stale: stale.length });
    if (!shown.length) {
      replace(listSlot, h('p', { class: 'empty-state', text: staleOnly ? t('contacts.none_stale') : t('contacts.none') }));
      return;
    }
    replace(listSlot, h('div', { class: 'table-wrap' }, h('table', { class: 'records contacts' },
      h('caption', { class: 'sr-only', text: t('contacts.title') }),
      h('thead', {}, h('tr', {}, ['contact.name', 'contact.roles', 'contact.channels', 'contact.windows', 'contact.verified_at', manage ? 'admin.actions' : null]
        .filter(Boolean).map((k) => h('th', { scope: 'col', text: t(k) })))),
      h('tbody', {}, shown.map(row)))));
  }

  async function refresh() {
    replace(slot);
    await load();
    if (!current()) return;
    draw();
    if (form) form.sync(items);
  }

  const filter = h('input', { type: 'checkbox', id: 'contacts-stale-only', checked: staleOnly });
  filter.addEventListener('change', () => {
    staleOnly = filter.checked;
    const q = new URLSearchParams();
    if (staleOnly) q.set('stale', '1');
    setQuery(q);
    draw();
  });

  const form = manage ? recordForm({
    name: 'contact', endpoint: ENDPOINT, fields, toBody, fromItem, blank,
    headingNew: t('contact.add'), headingEdit: (c) => t('config.editing', { name: c.name }),
    submitNew: t('contact.add_submit'), submitEdit: t('edit.save'),
    reload: load,
    onSaved: async (c, isNew) => {
      toast(t(isNew ? 'config.added' : 'config.saved', { name: c.name }));
      await refresh();
    },
  }) : null;

  view.append(
    h('div', { class: 'toolbar' },
      h('div', { class: 'filter-check' }, filter, h('label', { for: 'contacts-stale-only', text: t('contacts.stale_only') })),
      h('span', { class: 'legend' }, staleFlag({ stale: true, last_verified_at: 'x' }), h('span', { text: t('contacts.stale_legend') }))),
    summary, slot, listSlot, form ? form.el : null);
  await refresh();
}
