// The list's saved filters (issue 10 item 7): a menu to save the filters
// the list shows, apply one, rename it, make it the one the list opens
// with, or delete it.  Each person's own (GET/POST/PATCH/DELETE
// /api/v1/account/filters); the server checks the query as the list
// checks it and keeps it in canonical form.

import { api, fieldMessage } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';

// The caller's filters; [] when they cannot be read (the list still works).
export async function loadSavedFilters() {
  try {
    return (await api.get('/api/v1/account/filters')).items;
  } catch {
    return [];
  }
}

// The menu.  'currentQuery()' gives the list's parameters as the API takes
// them; 'apply(params)' shows the list with a saved filter's parameters.
export function savedFiltersMenu({ filters, currentQuery, apply }) {
  let items = filters;
  let mode = null; // 'save' or 'rename' while the form is open
  const status = h('p', { class: 'saved-status', id: 'saved-status', role: 'status' });
  const choose = h('select', { id: 'saved-filter' });
  const name = h('input', { type: 'text', id: 'saved-name', maxlength: '200', autocomplete: 'off', required: true, 'aria-describedby': 'saved-name-error' });
  const nameError = h('p', { class: 'field-error', id: 'saved-name-error', hidden: true });
  const isDefault = h('input', { type: 'checkbox', id: 'saved-default' });
  const formTitle = h('legend', {});
  const form = h('form', { class: 'saved-form', id: 'saved-form', hidden: true },
    h('fieldset', {},
      formTitle,
      h('div', { class: 'filter' },
        h('label', { for: 'saved-name', text: t('list.saved_name') }), name, nameError),
      h('div', { class: 'filter filter-check' }, isDefault,
        h('label', { for: 'saved-default', text: t('list.saved_default') })),
      h('div', { class: 'inline' },
        h('button', { type: 'submit', class: 'btn btn-primary', id: 'saved-submit', text: t('list.saved_submit') }),
        h('button', { type: 'button', class: 'btn btn-quiet', id: 'saved-cancel', text: t('list.saved_cancel'), onclick: () => closeForm() }))));

  const selected = () => items.find((f) => String(f.id) === choose.value);
  const actions = {};
  function fill(keep) {
    replace(choose,
      h('option', { value: '', text: items.length ? t('list.saved_choose') : t('list.saved_none') }),
      items.map((f) => h('option', {
        value: String(f.id),
        text: f.default ? t('list.saved_is_default', { name: f.name }) : f.name,
      })));
    choose.value = keep && items.some((f) => String(f.id) === keep) ? keep : '';
    const none = !selected();
    for (const b of Object.values(actions)) b.disabled = none;
  }
  const button = (id, key, onclick) => h('button', { type: 'button', class: 'btn', id, text: t(key), onclick });
  actions.apply = button('saved-apply', 'list.saved_apply', () => {
    const f = selected();
    if (f) apply(f.params);
  });
  actions.rename = button('saved-rename', 'list.saved_rename', () => openForm('rename'));
  actions.remove = button('saved-delete', 'list.saved_delete', async () => {
    const f = selected();
    if (!f) return;
    try {
      await api.del(`/api/v1/account/filters/${f.id}`);
      items = items.filter((x) => x !== f);
      fill('');
      status.textContent = t('list.saved_deleted', { name: f.name });
      choose.focus();
    } catch (e) {
      status.textContent = e.message;
    }
  });
  choose.addEventListener('change', () => fill(choose.value));

  function openForm(m) {
    mode = m;
    const f = selected();
    formTitle.textContent = t(m === 'save' ? 'list.saved_save_title' : 'list.saved_rename_title');
    name.value = m === 'rename' && f ? f.name : '';
    isDefault.checked = m === 'rename' && f ? f.default : false;
    nameError.textContent = '';
    nameError.hidden = true;
    name.removeAttribute('aria-invalid');
    form.hidden = false;
    name.focus();
  }
  function closeForm() {
    form.hidden = true;
    mode = null;
    (choose.value ? choose : saveButton).focus();
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { name: name.value.trim(), default: isDefault.checked };
    try {
      let f;
      if (mode === 'save') {
        f = await api.post('/api/v1/account/filters', { ...body, query: currentQuery() });
        items = items.concat(f);
      } else {
        f = await api.patch(`/api/v1/account/filters/${selected().id}`, body);
        items = items.map((x) => (x.id === f.id ? f : x));
      }
      // One default per person: the server took the mark from the other.
      if (f.default) items = items.map((x) => (x.id === f.id ? x : { ...x, default: false }));
      items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      fill(String(f.id));
      status.textContent = t(mode === 'save' ? 'list.saved_saved' : 'list.saved_renamed', { name: f.name });
      closeForm();
    } catch (err) {
      const msg = fieldMessage(err.fields, 'name') || err.message;
      nameError.textContent = msg;
      nameError.hidden = false;
      name.setAttribute('aria-invalid', 'true');
      name.focus();
    }
  });
  const saveButton = h('button', { type: 'button', class: 'btn', id: 'saved-new', text: t('list.saved_new'), onclick: () => openForm('save') });
  fill('');
  return h('section', { class: 'saved-filters', 'aria-labelledby': 'saved-title' },
    h('h2', { id: 'saved-title', class: 'saved-title', text: t('list.saved_title') }),
    h('div', { class: 'inline' },
      h('label', { for: 'saved-filter', class: 'sr-only', text: t('list.saved_title') }),
      choose, actions.apply, actions.rename, actions.remove, saveButton),
    form,
    status);
}

// The list's address for a saved filter's parameters (the API's names):
// dates back to whole days (the list sends the day after its end date).
export function addressOf(params) {
  const q = new URLSearchParams();
  const day = (v) => (/^\d{4}-\d{2}-\d{2}/.test(v || '') ? v.slice(0, 10) : '');
  for (const k of ['phase', 'kind', 'category', 'severity', 'q', 'owner', 'tag', 'sort', 'order']) {
    if (params[k]) q.set(k, params[k]);
  }
  if (day(params.since)) q.set('since', day(params.since));
  if (day(params.until)) {
    const d = new Date(`${day(params.until)}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    q.set('until', d.toISOString().slice(0, 10));
  }
  if (params.open !== 'true') q.set('open', 'all');
  if (params.overdue === 'true') q.set('overdue', '1');
  return q;
}
