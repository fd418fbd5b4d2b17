// プレイブック / Playbooks: per category, the steps of each phase with the
// pre-agreed first-aid measures marked.  Choosing a category on an
// incident turns its playbook into tasks.  Commanders and administrators
// edit the steps (kept as a draft while typed) or go back to kizuki's
// default.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { getLang, label, t, taxonomy } from '../i18n.js';
import { can } from '../session.js';
import { alertBox, drafts, errorSlot, formMessage, title, toast } from '../ui.js';

function customBadge(custom) {
  return h('span', { class: ['state', custom ? 'state-custom' : 'state-default'], text: custom ? t('pb.custom') : t('pb.default') });
}

export function firstAidBadge() {
  return h('span', { class: 'first-aid-badge', text: t('task.first_aid') });
}

export async function renderList({ view, current }) {
  view.append(title(t('pb.title')), h('p', { class: 'lead', text: t('pb.lead') }));
  if (!can('config')) {
    view.append(alertBox(t('config.forbidden')));
    return;
  }
  const r = await api.get('/api/v1/playbooks');
  if (!current()) return;
  view.append(h('div', { class: 'table-wrap' }, h('table', { class: 'records playbooks', id: 'playbooks' },
    h('caption', { class: 'sr-only', text: t('pb.title') }),
    h('thead', {}, h('tr', {}, ['col.category', 'pb.state', 'pb.steps'].map((k) => h('th', { scope: 'col', text: t(k) })))),
    h('tbody', {}, r.items.map((p) => h('tr', { id: `pb-${p.category}` },
      h('th', { scope: 'row' }, h('a', { href: `/playbooks/${encodeURIComponent(p.category)}`, text: p.label })),
      h('td', {}, customBadge(p.custom)),
      h('td', { text: t('pb.steps_n', { n: p.steps }) })))))));
}

function stepTitle(s) {
  return (getLang() === 'en' ? s.title_en || s.title_ja : s.title_ja || s.title_en) || '';
}

function stepsView(steps) {
  const phases = taxonomy('phase').items;
  const groups = phases.map((p) => ({ p, steps: steps.filter((s) => s.phase === p.key) })).filter((g) => g.steps.length);
  if (!groups.length) return h('p', { class: 'empty-state', text: t('pb.no_steps') });
  return h('div', { class: 'pb-phases' }, groups.map((g) => h('section', { class: 'pb-phase', 'aria-labelledby': `pbp-${g.p.key}` },
    h('h3', { id: `pbp-${g.p.key}`, text: g.p.label }),
    h('ol', { class: 'pb-steps' }, g.steps.map((s) => h('li', { class: ['pb-step', s.first_aid ? 'is-first-aid' : null] },
      s.first_aid ? firstAidBadge() : null,
      h('span', { class: 'pb-title', text: stepTitle(s) }),
      h('span', { class: 'pb-meta' },
        s.owner_role ? h('span', { text: t('pb.owner', { role: label('contact_role', s.owner_role) }) }) : null,
        h('span', { text: t('pb.due', { n: s.due_hours }) }))))))));
}

export async function renderOne({ view, params, current }) {
  const category = params.category;
  const back = h('p', { class: 'back' }, h('a', { href: '/playbooks', text: t('pb.back') }));
  if (!can('config')) {
    view.append(title(t('pb.title')), alertBox(t('config.forbidden')));
    return;
  }
  let pb;
  try {
    pb = await api.get(`/api/v1/playbooks/${encodeURIComponent(category)}`);
  } catch (e) {
    if (!current()) return;
    if (e.status === 404) {
      view.append(title(t('pb.title')), alertBox(t('pb.not_found')), back);
      return;
    }
    throw e;
  }
  if (!current()) return;
  const DRAFT = `pb.${category}`;
  const body = h('div', { id: 'pb-body' });
  const status = h('p', { class: 'pb-status', id: 'pb-status' });
  const slot = errorSlot();

  function show() {
    replace(status, customBadge(pb.custom), ' ', t('pb.steps_n', { n: pb.steps.length }));
    const editing = drafts.get(DRAFT);
    if (editing && can('manage')) {
      replace(body, editor(editing));
      return;
    }
    replace(body,
      can('manage') ? h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'btn btn-primary', id: 'pb-edit',
          onclick: () => {
            drafts.set(DRAFT, pb.steps.map((s) => ({ ...s, owner_role: s.owner_role || '' })));
            show();
            const c = body.querySelector('select, input');
            if (c) c.focus();
          },
        }, t('pb.edit')),
        pb.custom ? h('button', { type: 'button', class: 'btn', id: 'pb-reset', onclick: reset }, t('pb.reset')) : null) : null,
      stepsView(pb.steps));
  }

  async function reset() {
    if (!window.confirm(t('pb.reset_confirm', { category: label('category', category) }))) return;
    try {
      await api.del(`/api/v1/playbooks/${encodeURIComponent(category)}`);
      pb = await api.get(`/api/v1/playbooks/${encodeURIComponent(category)}`);
      drafts.del(DRAFT);
      show();
      toast(t('pb.reset_done'));
      const b = document.getElementById('pb-edit');
      if (b) b.focus();
    } catch (e) {
      if (e.status !== 401) slot.show(e.message);
    }
  }

  function editor(steps) {
    const rows = h('ol', { class: 'pb-edit-rows', id: 'pb-rows' });
    const save = () => drafts.set(DRAFT, read());
    let n = 0;
    function row(s, focus) {
      n += 1;
      const id = `pbs-${n}`;
      const phase = h('select', { id: `${id}-phase`, class: 's-phase', value: s.phase },
        taxonomy('phase').items.filter((p) => p.key !== 'reported' && p.key !== 'closed').map((p) => h('option', { value: p.key, text: p.label })));
      const ja = h('input', { type: 'text', id: `${id}-ja`, class: 's-ja', maxlength: '200', value: s.title_ja || '' });
      const en = h('input', { type: 'text', id: `${id}-en`, class: 's-en', maxlength: '200', value: s.title_en || '' });
      const due = h('input', { type: 'number', id: `${id}-due`, class: 's-due', min: '0', step: '1', inputmode: 'numeric', value: String(s.due_hours ?? '') });
      const owner = h('select', { id: `${id}-owner`, class: 's-owner', value: s.owner_role || '' },
        h('option', { value: '', text: t('value.unset') }),
        taxonomy('contact_role').items.map((r) => h('option', { value: r.key, text: r.label })));
      const aid = h('input', { type: 'checkbox', id: `${id}-aid`, class: 's-aid', checked: !!s.first_aid });
      const err = h('p', { class: 'field-error s-error', hidden: true });
      const li = h('li', { class: ['pb-edit-row', s.first_aid ? 'is-first-aid' : null] },
        h('div', { class: 'pb-edit-grid' },
          h('div', { class: 'cell' }, h('label', { for: phase.id, text: t('pb.phase') }), phase),
          h('div', { class: 'cell wide' }, h('label', { for: ja.id, text: t('pb.title_ja') }), ja),
          h('div', { class: 'cell wide' }, h('label', { for: en.id, text: t('pb.title_en') }), en),
          h('div', { class: 'cell' }, h('label', { for: due.id, text: t('pb.due_hours') }), due),
          h('div', { class: 'cell' }, h('label', { for: owner.id, text: t('pb.owner_role') }), owner),
          h('div', { class: 'cell check' }, aid, h('label', { for: aid.id, text: t('pb.first_aid_check') }))),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-label': t('pb.up_of', { n: '' }), onclick: () => move(li, -1) }, t('pb.up')),
          h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'aria-label': t('pb.down_of', { n: '' }), onclick: () => move(li, 1) }, t('pb.down')),
          h('button', {
            type: 'button', class: 'btn btn-small btn-danger', 'aria-label': t('pb.remove_of', { n: '' }),
            onclick: () => {
              const next = li.nextElementSibling || li.previousElementSibling;
              li.remove();
              save();
              relabel();
              ((next && next.querySelector('select')) || addBtn).focus();
            },
          }, t('pb.remove'))),
        err);
      aid.addEventListener('change', () => li.classList.toggle('is-first-aid', aid.checked));
      rows.append(li);
      if (focus) phase.focus();
    }
    function relabel() {
      [...rows.children].forEach((li, i) => {
        const [up, down, rm] = li.querySelectorAll('.actions button');
        up.setAttribute('aria-label', t('pb.up_of', { n: i + 1 }));
        down.setAttribute('aria-label', t('pb.down_of', { n: i + 1 }));
        rm.setAttribute('aria-label', t('pb.remove_of', { n: i + 1 }));
        up.disabled = i === 0;
        down.disabled = i === rows.children.length - 1;
      });
    }
    function move(li, d) {
      const other = d < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (!other) return;
      if (d < 0) other.before(li);
      else other.after(li);
      save();
      relabel();
      const btn = li.querySelectorAll('.actions button')[d < 0 ? 0 : 1];
      (btn.disabled ? li.querySelector('select') : btn).focus();
    }
    function read() {
      return [...rows.children].map((li) => ({
        phase: li.querySelector('.s-phase').value,
        title_ja: li.querySelector('.s-ja').value,
        title_en: li.querySelector('.s-en').value,
        due_hours: li.querySelector('.s-due').value,
        owner_role: li.querySelector('.s-owner').value,
        first_aid: li.querySelector('.s-aid').checked,
      }));
    }
    steps.forEach((s) => row(s, false));
    relabel();
    const addBtn = h('button', {
      type: 'button', class: 'btn btn-small', id: 'pb-add-step',
      onclick: () => {
        row({ phase: 'containment', title_ja: '', title_en: '', due_hours: 24, owner_role: '', first_aid: false }, true);
        relabel();
        save();
      },
    }, t('pb.add_step'));
    const errors = errorSlot();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'pb-save', text: t('pb.save') });
    const form = h('form', { class: 'pb-editor', novalidate: true, 'aria-label': t('pb.editor') },
      h('p', { class: 'hint', text: t('pb.edit_hint') }), rows, addBtn, errors,
      h('div', { class: 'form-actions' }, submit,
        h('button', {
          type: 'button', class: 'btn', id: 'pb-cancel', text: t('edit.cancel'),
          onclick: () => {
            drafts.del(DRAFT);
            show();
            const b = document.getElementById('pb-edit');
            if (b) b.focus();
          },
        })));
    form.addEventListener('input', save);
    form.addEventListener('change', save);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.show(null);
      for (const li of rows.children) li.querySelector('.s-error').hidden = true;
      const steps2 = read();
      const bad = steps2.findIndex((s) => !/^\d+$/.test(String(s.due_hours).trim()));
      if (bad >= 0) {
        const li = rows.children[bad];
        const err = li.querySelector('.s-error');
        err.hidden = false;
        err.textContent = t('pb.due_bad');
        li.querySelector('.s-due').focus();
        errors.show(t('form.fix_errors'));
        return;
      }
      submit.disabled = true;
      try {
        pb = await api.put(`/api/v1/playbooks/${encodeURIComponent(category)}`, {
          steps: steps2.map((s) => ({ ...s, due_hours: Number(s.due_hours), owner_role: s.owner_role || null })),
        });
        drafts.del(DRAFT);
        show();
        toast(t('pb.saved'));
        const b = document.getElementById('pb-edit');
        if (b) b.focus();
      } catch (ex) {
        submit.disabled = false;
        if (ex.status === 401) return;
        errors.show(formMessage(ex));
        let first = null;
        [...rows.children].forEach((li, i) => {
          const msgs = Object.entries(ex.fields).filter(([k]) => k.startsWith(`steps[${i}]`)).map(([, m]) => m);
          const err = li.querySelector('.s-error');
          err.hidden = !msgs.length;
          err.textContent = msgs.join(' ');
          if (msgs.length && !first) first = li.querySelector('select');
        });
        (first || submit).focus();
      }
    });
    return form;
  }

  view.append(back, title(t('pb.title_of', { category: label('category', category) })), status, slot, body);
  show();
}
