// 情報資産 / Assets: the inventory - name, kind, owner, priority 1-4, who
// may decide to stop it (停止判断者), outsourced to (委託先), the vendor's
// responsibility split and emergency contact.  Incidents name affected
// assets from it (their priority feeds the triage score).

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { label, t, taxonomy } from '../i18n.js';
import { can } from '../session.js';
import { alertBox, field, toast } from '../ui.js';
import { intro, recordForm, removeRecord, text } from './registry.js';

const ENDPOINT = '/api/v1/assets';

export function priorityBadge(p) {
  return h('span', { class: ['prio', `prio-${p}`], text: t('asset.priority_n', { n: p }) });
}

function fields(v) {
  const name = h('input', { type: 'text', name: 'name', maxlength: '200', autocomplete: 'off', value: v.name });
  const kind = h('select', { name: 'kind', value: v.kind },
    h('option', { value: '', text: t('value.unset') }),
    taxonomy('asset_kind').items.map((i) => h('option', { value: i.key, text: i.label })));
  const prio = h('select', { name: 'priority', value: v.priority },
    [1, 2, 3, 4].map((n) => h('option', { value: String(n), text: t(`asset.priority_${n}`) })));
  const owner = h('input', { type: 'text', name: 'owner', maxlength: '200', autocomplete: 'off', value: v.owner });
  const stop = h('input', { type: 'text', name: 'stop_decider', maxlength: '200', autocomplete: 'off', value: v.stop_decider });
  const out = h('input', { type: 'text', name: 'outsourced_to', maxlength: '200', autocomplete: 'off', value: v.outsourced_to });
  const split = h('textarea', { name: 'vendor_responsibility', rows: '3', value: v.vendor_responsibility });
  const vcontact = h('textarea', { name: 'vendor_contact', rows: '2', value: v.vendor_contact });
  const notes = h('textarea', { name: 'notes', rows: '2', value: v.notes });
  const map = {
    name: field({ label: t('asset.name'), control: name, required: true, id: 'asset-name', hint: t('asset.name_hint') }),
    kind: field({ label: t('asset.kind'), control: kind, id: 'asset-kind' }),
    priority: field({ label: t('asset.priority'), control: prio, required: true, id: 'asset-priority', hint: t('asset.priority_hint') }),
    owner: field({ label: t('asset.owner'), control: owner, id: 'asset-owner' }),
    stop_decider: field({ label: t('asset.stop_decider'), control: stop, id: 'asset-stop', hint: t('asset.stop_hint') }),
    outsourced_to: field({ label: t('asset.outsourced_to'), control: out, id: 'asset-outsourced' }),
    vendor_responsibility: field({ label: t('asset.vendor_split'), control: split, id: 'asset-split', hint: t('asset.vendor_split_hint') }),
    vendor_contact: field({ label: t('asset.vendor_contact'), control: vcontact, id: 'asset-vendor-contact', hint: t('asset.vendor_contact_hint') }),
    notes: field({ label: t('asset.notes'), control: notes, id: 'asset-notes' }),
  };
  return {
    map,
    parts: [
      h('div', { class: 'form-grid' }, map.name, map.kind),
      h('div', { class: 'form-grid' }, map.priority, map.owner),
      map.stop_decider,
      h('fieldset', { class: 'subgroup' }, h('legend', { text: t('asset.vendor') }),
        map.outsourced_to, map.vendor_responsibility, map.vendor_contact),
      map.notes,
    ],
  };
}

const KEYS = ['name', 'kind', 'owner', 'stop_decider', 'outsourced_to', 'vendor_responsibility', 'vendor_contact', 'notes'];

function fromItem(a) {
  const v = { priority: String(a.priority || 3) };
  for (const k of KEYS) v[k] = a[k] || '';
  return v;
}

function blank() {
  const v = { priority: '3' };
  for (const k of KEYS) v[k] = '';
  return v;
}

function toBody(v) {
  if (!v.name.trim()) return { errors: { name: t('form.required_msg') } };
  const body = { priority: Number(v.priority) };
  for (const k of KEYS) body[k] = text(v[k]);
  return { body };
}

export async function render({ view, current }) {
  if (!intro(view, 'assets.title', 'assets.lead')) return;
  const manage = can('manage');
  let items = [];
  const slot = h('div', { class: 'error-slot', id: 'assets-error' });
  const summary = h('p', { class: 'result-count', id: 'assets-count', role: 'status' });
  const listSlot = h('div', { id: 'assets' });

  async function load() {
    items = (await api.get(ENDPOINT)).items;
    items.sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
    return items;
  }

  function row(a) {
    return h('tr', { id: `asset-${a.id}` },
      h('th', { scope: 'row' },
        h('span', { class: 'rec-name', text: a.name }),
        a.kind ? h('span', { class: 'rec-sub', text: label('asset_kind', a.kind) }) : null),
      h('td', {}, priorityBadge(a.priority)),
      h('td', { text: a.owner || t('value.none_short') }),
      h('td', { text: a.stop_decider || t('value.none_short') }),
      h('td', {},
        a.outsourced_to ? h('span', { class: 'rec-name', text: a.outsourced_to }) : h('span', { class: 'empty', text: t('asset.in_house') }),
        a.vendor_responsibility ? h('p', { class: 'rec-sub pre' }, h('strong', { text: t('asset.vendor_split_short') }), ' ', a.vendor_responsibility) : null,
        a.vendor_contact ? h('p', { class: 'rec-sub pre' }, h('strong', { text: t('asset.vendor_contact_short') }), ' ', a.vendor_contact) : null),
      manage ? h('td', {}, h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'btn btn-small', id: `edit-asset-${a.id}`,
          'aria-label': t('config.edit_of', { name: a.name }), onclick: () => form.edit(a),
        }, t('edit.button')),
        h('button', {
          type: 'button', class: 'btn btn-small btn-danger', id: `delete-asset-${a.id}`,
          'aria-label': t('config.delete_of', { name: a.name }),
          onclick: () => removeRecord({ endpoint: ENDPOINT, name: 'asset', item: a, question: t('config.delete_confirm', { name: a.name }), slot, done: refresh }),
        }, t('config.delete')))) : null);
  }

  function draw() {
    summary.textContent = t('assets.count', { n: items.length });
    if (!items.length) {
      replace(listSlot, h('p', { class: 'empty-state', text: t('assets.none') }));
      return;
    }
    replace(listSlot, h('div', { class: 'table-wrap' }, h('table', { class: 'records assets' },
      h('caption', { class: 'sr-only', text: t('assets.title') }),
      h('thead', {}, h('tr', {}, ['asset.name', 'asset.priority', 'asset.owner', 'asset.stop_decider', 'asset.vendor', manage ? 'admin.actions' : null]
        .filter(Boolean).map((k) => h('th', { scope: 'col', text: t(k) })))),
      h('tbody', {}, items.map(row)))));
  }

  async function refresh() {
    replace(slot);
    await load();
    if (!current()) return;
    draw();
    if (form) form.sync(items);
  }

  const form = manage ? recordForm({
    name: 'asset', endpoint: ENDPOINT, fields, toBody, fromItem, blank,
    headingNew: t('asset.add'), headingEdit: (a) => t('config.editing', { name: a.name }),
    submitNew: t('asset.add_submit'), submitEdit: t('edit.save'),
    reload: load,
    onSaved: async (a, isNew) => {
      toast(t(isNew ? 'config.added' : 'config.saved', { name: a.name }));
      await refresh();
    },
  }) : null;

  view.append(summary, slot, listSlot, form ? form.el : null);
  try {
    await refresh();
  } catch (e) {
    if (e.status !== 401) replace(slot, alertBox(e.message));
  }
}
