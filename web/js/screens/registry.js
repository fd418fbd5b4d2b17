// What the configuration screens (assets, contacts, convocation rules)
// share: who may change them, and one form that adds a record or edits
// the chosen one.  What is typed is kept in this tab until it is saved
// (also which record was being edited), the server's messages are shown
// next to their fields, and a record changed by someone else meanwhile is
// reloaded without losing the typing.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { can } from '../session.js';
import { alertBox, drafts, errorSlot, formMessage, keepDraft, readForm, showErrors, title } from '../ui.js';

export function intro(view, titleKey, leadKey) {
  view.append(title(t(titleKey)), h('p', { class: 'lead', text: t(leadKey) }));
  if (!can('config')) {
    view.append(alertBox(t('config.forbidden')));
    return false;
  }
  if (!can('manage')) view.append(h('p', { class: 'hint readonly-note', id: 'readonly-note', text: t('config.readonly') }));
  return true;
}

// Empty text -> null; otherwise trimmed.
export function text(v) {
  const s = (v || '').trim();
  return s ? s : null;
}

// name: ids and drafts ('contact' -> #contact-form, drafts cfg.contact.*)
// fields(values, item) -> { parts: nodes, map: { field: wrapper } }
// toBody(values, item) -> { body } or { errors: { field: message } }
// fromItem(item) / blank() -> form values; onSaved(record, isNew).
export function recordForm({ name, endpoint, fields, toBody, fromItem, blank, headingNew, headingEdit, submitNew, submitEdit, onSaved, reload }) {
  const OPEN = `cfg.${name}.open`;
  const wrap = h('section', { class: 'card record-form', id: `${name}-form-card`, 'aria-labelledby': `${name}-form-h` });
  let editing = null;
  let note = null;

  const draftKey = () => `cfg.${name}.${editing ? editing.id : 'new'}`;

  function draw(focus) {
    const { parts, map } = fields(editing ? fromItem(editing) : blank(), editing);
    const errors = errorSlot();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: `${name}-submit`, text: editing ? submitEdit : submitNew });
    const cancel = editing
      ? h('button', {
        type: 'button', class: 'btn', id: `${name}-cancel`, text: t('edit.cancel'),
        onclick: () => {
          drafts.del(draftKey());
          drafts.del(OPEN);
          editing = null;
          note = null;
          draw(true);
        },
      })
      : null;
    const form = h('form', { class: 'record-form-body', id: `${name}-form`, novalidate: true },
      errors, parts, h('div', { class: 'form-actions' }, submit, cancel));
    const restored = keepDraft(form, draftKey());
    form.addEventListener('input', () => drafts.set(OPEN, editing ? editing.id : 'new'));
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && cancel) {
        e.preventDefault();
        cancel.click();
      }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.show(null);
      showErrors(map, {});
      const values = readForm(form);
      const r = toBody(values, editing);
      if (r.errors) {
        const first = showErrors(map, r.errors);
        errors.show(t('form.fix_errors'));
        if (first) first.focus();
        return;
      }
      submit.disabled = true;
      try {
        const saved = editing
          ? await api.patch(`${endpoint}/${editing.id}`, r.body, { headers: { 'If-Match': `"${editing.version}"` } })
          : await api.post(endpoint, r.body);
        drafts.del(draftKey());
        drafts.del(OPEN);
        const isNew = !editing;
        editing = null;
        note = null;
        draw(false);
        await onSaved(saved, isNew);
      } catch (ex) {
        submit.disabled = false;
        if (ex.status === 401) return;
        if (ex.status === 409 || ex.status === 412) {
          // Changed by someone else: take theirs, keep what was typed.
          drafts.set(draftKey(), values);
          const items = await reload();
          const fresh = editing && items.find((i) => i.id === editing.id);
          if (fresh) editing = fresh;
          note = t('config.conflict');
          draw(true);
          return;
        }
        errors.show(formMessage(ex));
        const first = showErrors(map, ex.fields);
        (first || submit).focus();
      }
    });
    replace(wrap,
      h('h2', { id: `${name}-form-h`, tabindex: '-1', text: editing ? headingEdit(editing) : headingNew }),
      note ? h('div', { class: 'alert alert-warn', role: 'alert' }, h('p', { text: note })) : null,
      restored && !note ? alertBox(t('form.draft_restored'), 'info') : null,
      form);
    if (focus) {
      wrap.scrollIntoView({ block: 'start' });
      const c = form.querySelector('input:not([type=hidden]), select, textarea');
      (c || wrap).focus();
    }
  }

  return {
    el: wrap,
    edit(item) {
      editing = item;
      note = null;
      drafts.set(OPEN, item.id);
      draw(true);
    },
    // After the list is (re)loaded: reopen what was being edited.
    sync(items) {
      const open = drafts.get(OPEN);
      if (editing) {
        editing = items.find((i) => i.id === editing.id) || null;
        return;
      }
      const it = open && open !== 'new' ? items.find((i) => i.id === open) : null;
      if (it) {
        editing = it;
        draw(false);
      } else if (!wrap.firstChild) {
        draw(false);
      }
    },
    isEditing: (id) => !!editing && editing.id === id,
  };
}

// Delete 'item' after asking; the server's refusal (still in use) is
// shown in 'slot'.
export async function removeRecord({ endpoint, name, item, question, slot, done }) {
  if (!window.confirm(question)) return;
  try {
    await api.del(`${endpoint}/${item.id}`);
    drafts.del(`cfg.${name}.${item.id}`);
    await done();
  } catch (e) {
    if (e.status === 401) return;
    replace(slot, alertBox(e.message));
  }
}
