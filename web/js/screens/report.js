// 報告する / Report: for anyone, on any device.  Two things are required -
// what happened and when it was noticed - and everything else may be left
// for later.  What is typed is kept in this tab until it is sent, so a
// reload, a language switch or an expired session loses nothing.

import { api } from '../api.js';
import { h } from '../dom.js';
import { getZone, t, taxonomy } from '../i18n.js';
import { navigate } from '../router.js';
import { can } from '../session.js';
import { localInputToIso, nowLocalInput } from '../time.js';
import { alertBox, drafts, errorSlot, field, formMessage, title } from '../ui.js';
import { TITLE_MAX, titleTooLong } from './fields.js';

const DRAFT = 'report';

function options(name, placeholder) {
  return [h('option', { value: '', text: placeholder }),
    ...taxonomy(name).items.map((i) => h('option', { value: i.key, text: i.label }))];
}

function doneScreen(view, ref, kind) {
  view.append(h('section', { class: 'done card', 'aria-labelledby': 'done-title' },
    h('h1', { id: 'done-title', class: 'screen-title', tabindex: '-1', text: t('report.done_title') }),
    h('p', { class: 'lead', text: kind === 'near_miss' ? t('report.done_lead_near_miss') : t('report.done_lead') }),
    h('p', { class: 'refbox' },
      h('span', { class: 'refbox-label', text: t('report.your_ref') }),
      h('strong', { class: 'ref', id: 'done-ref', text: ref })),
    h('h2', { text: t('report.next_title') }),
    h('ol', { class: 'next-steps' },
      h('li', { text: t('report.next_1') }),
      h('li', { text: t('report.next_2') }),
      h('li', { text: t('report.next_3') })),
    h('p', { class: 'actions' },
      h('a', { class: 'btn btn-primary', href: `/incidents/${encodeURIComponent(ref)}`, text: t('report.open_it') }),
      h('a', { class: 'btn', href: '/report', text: t('report.another') }))));
}

export async function render({ view, query }) {
  const doneRef = query.get('done');
  if (doneRef) {
    doneScreen(view, doneRef, query.get('kind'));
    return;
  }
  if (!can('create')) {
    view.append(title(t('report.title')), alertBox(t('report.not_allowed')));
    return;
  }
  const zone = getZone();
  const saved = drafts.get(DRAFT) || {};

  // --- the two required things
  // No maxlength: a pasted title would be cut without a word; a long one
  // is refused with its length instead (TITLE_MAX).
  const what = h('input', { type: 'text', name: 'title', autocomplete: 'off', value: saved.title || '', 'data-autofocus': true });
  const fWhat = field({ label: t('report.what'), hint: t('report.what_hint'), control: what, required: true, id: 'r-title' });

  const noticed = h('input', { type: 'datetime-local', name: 'discovered_at', value: saved.discovered_at || '', max: nowLocalInput(zone) });
  const nowBtn = h('button', { type: 'button', class: 'btn btn-small', id: 'r-now', text: t('report.just_now') });
  const fNoticed = field({ label: t('report.when'), hint: t('report.when_hint', { zone }), control: noticed, required: true, id: 'r-discovered', lead: nowBtn, cls: 'with-button' });
  nowBtn.addEventListener('click', () => {
    noticed.value = nowLocalInput(zone);
    noticed.dispatchEvent(new Event('input', { bubbles: true }));
    fNoticed.setError(null);
  });

  // --- incident, near miss or exercise
  const kinds = ['incident', 'near_miss', 'exercise'];
  const kindSel = saved.kind && kinds.includes(saved.kind) ? saved.kind : 'incident';
  const kindField = h('fieldset', { class: 'choice' },
    h('legend', { text: t('report.kind') }),
    ...kinds.map((k) => h('label', { class: 'radio' },
      h('input', { type: 'radio', name: 'kind', value: k, checked: k === kindSel, id: `r-kind-${k}` }),
      h('span', {},
        h('span', { class: 'radio-title', text: t(`report.kind_${k}`) }),
        h('span', { class: 'radio-hint', text: t(`report.kind_${k}_hint`) })))));

  // --- everything else is optional
  const desc = h('textarea', { name: 'description', rows: '4', value: saved.description || '' });
  const occurred = h('input', { type: 'datetime-local', name: 'occurred_at', value: saved.occurred_at || '', max: nowLocalInput(zone) });
  const category = h('select', { name: 'category', value: saved.category || '' }, options('category', t('report.unknown_choice')));
  const place = h('select', { name: 'place', value: saved.place || '' }, options('place', t('report.unknown_choice')));
  const persons = h('input', { type: 'number', name: 'affected_persons', min: '0', step: '1', inputmode: 'numeric', value: saved.affected_persons || '' });
  const others = h('input', { type: 'text', name: 'others', autocomplete: 'off', value: saved.others || '' });

  const fDesc = field({ label: t('report.details'), hint: t('report.details_hint'), control: desc, id: 'r-description' });
  const fOccurred = field({ label: t('report.occurred'), control: occurred, id: 'r-occurred' });
  const fCategory = field({ label: t('report.category'), control: category, id: 'r-category' });
  const fPlace = field({ label: t('report.place'), control: place, id: 'r-place' });
  const fPersons = field({ label: t('report.persons'), hint: t('report.persons_hint'), control: persons, id: 'r-persons' });
  const fOthers = field({ label: t('report.others'), hint: t('report.others_hint'), control: others, id: 'r-others' });

  // What information was involved, with how many records each.
  const infoRows = h('div', { class: 'info-rows', id: 'r-info-rows' });
  const infoError = h('p', { class: 'field-error', id: 'r-info-error', hidden: true });
  let rowSeq = 0;
  function addInfoRow(type = '', count = '', focus = false) {
    rowSeq += 1;
    const n = rowSeq;
    const sel = h('select', { id: `r-info-type-${n}`, class: 'info-type', value: type }, options('info_type', t('report.info_choose')));
    const cnt = h('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', id: `r-info-count-${n}`, class: 'info-count', value: count });
    const row = h('div', { class: 'info-row' },
      h('div', { class: 'info-cell' }, h('label', { for: sel.id, text: t('report.info_type') }), sel),
      h('div', { class: 'info-cell small' }, h('label', { for: cnt.id, text: t('report.info_count') }), cnt),
      h('button', {
        type: 'button', class: 'btn btn-small btn-quiet', 'aria-label': t('report.info_remove_label', { n }),
        onclick: () => {
          row.remove();
          saveDraft();
          addBtn.focus();
        },
      }, t('report.info_remove')));
    infoRows.append(row);
    if (focus) sel.focus();
  }
  const addBtn = h('button', { type: 'button', class: 'btn btn-small', id: 'r-info-add', onclick: () => addInfoRow('', '', true) }, t('report.info_add'));
  for (const r of saved.info || []) addInfoRow(r.type, r.count);
  const infoField = h('fieldset', { class: 'field info', 'aria-describedby': 'r-info-hint r-info-error' },
    h('legend', {}, h('span', { class: 'label-text', text: t('report.info') }), h('span', { class: 'opt', text: t('form.optional') })),
    h('p', { class: 'hint', id: 'r-info-hint', text: t('report.info_hint') }),
    infoRows, addBtn, infoError);

  const errors = errorSlot();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', id: 'r-submit', text: t('report.submit') });

  const form = h('form', { class: 'report card', novalidate: true, 'aria-labelledby': 'report-title' },
    h('p', { class: 'lead', text: t('report.lead') }),
    fWhat, fNoticed, kindField,
    h('fieldset', { class: 'optional' },
      h('legend', { text: t('report.optional_title') }),
      h('p', { class: 'hint', text: t('report.optional_hint') }),
      fDesc, fOccurred, fCategory, fPlace, infoField, fPersons, fOthers),
    errors,
    submit,
    h('p', { class: 'reassure', text: t('report.reassure') }));

  function collect() {
    return {
      title: what.value,
      discovered_at: noticed.value,
      kind: (form.querySelector('input[name=kind]:checked') || {}).value || 'incident',
      description: desc.value,
      occurred_at: occurred.value,
      category: category.value,
      place: place.value,
      affected_persons: persons.value,
      others: others.value,
      info: [...infoRows.querySelectorAll('.info-row')].map((r) => ({
        type: r.querySelector('.info-type').value,
        count: r.querySelector('.info-count').value,
      })),
    };
  }
  function saveDraft() {
    drafts.set(DRAFT, collect());
  }
  form.addEventListener('input', saveDraft);
  form.addEventListener('change', saveDraft);

  const fieldsByKey = {
    title: fWhat, discovered_at: fNoticed, description: fDesc, occurred_at: fOccurred,
    category: fCategory, place: fPlace, affected_persons: fPersons,
  };

  function showErrors(fields) {
    let first = null;
    for (const [k, f] of Object.entries(fieldsByKey)) {
      const msg = fields[k] || null;
      f.setError(msg);
      if (msg && !first) first = f.control;
    }
    const infoMsg = Object.entries(fields).find(([k]) => k.startsWith('info_types'));
    infoError.hidden = !infoMsg;
    infoError.textContent = infoMsg ? `${t('form.error_prefix')}${infoMsg[1]}` : '';
    if (infoMsg && !first) first = infoRows.querySelector('select') || addBtn;
    return first;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.show(null);
    const d = collect();
    const problems = {};
    if (!d.title.trim()) problems.title = t('form.required_msg');
    else if ([...d.title.trim()].length > TITLE_MAX) problems.title = titleTooLong(d.title.trim());
    const discovered = localInputToIso(d.discovered_at, zone);
    if (!d.discovered_at) problems.discovered_at = t('report.when_required');
    else if (!discovered) problems.discovered_at = t('form.bad_time');
    const occurredIso = d.occurred_at ? localInputToIso(d.occurred_at, zone) : null;
    if (d.occurred_at && !occurredIso) problems.occurred_at = t('form.bad_time');
    if (d.affected_persons !== '' && !/^\d+$/.test(d.affected_persons)) problems.affected_persons = t('form.bad_count');
    d.info.forEach((r, i) => {
      if (r.count !== '' && !/^\d+$/.test(r.count)) problems[`info_types[${i}].count`] = t('form.bad_count');
    });
    const first = showErrors(problems);
    if (first) {
      errors.show(t('form.fix_errors'));
      first.focus();
      return;
    }
    const body = { title: d.title.trim(), discovered_at: discovered, kind: d.kind };
    const text = [d.description.trim(), d.others.trim() ? `${t('report.others_prefix')}${d.others.trim()}` : '']
      .filter(Boolean).join('\n\n');
    if (text) body.description = text;
    if (occurredIso) body.occurred_at = occurredIso;
    if (d.category) body.category = d.category;
    if (d.place) body.place = d.place;
    if (d.affected_persons !== '') body.affected_persons = Number(d.affected_persons);
    const info = d.info.filter((r) => r.type);
    if (info.length) body.info_types = info.map((r) => ({ type: r.type, count: r.count === '' ? null : Number(r.count) }));

    submit.disabled = true;
    submit.textContent = t('report.sending');
    try {
      const inc = await api.post('/api/v1/incidents', body);
      drafts.del(DRAFT);
      navigate(`/report?done=${encodeURIComponent(inc.ref)}&kind=${encodeURIComponent(inc.kind)}`);
    } catch (err) {
      submit.disabled = false;
      submit.textContent = t('report.submit');
      if (err.status === 401) return; // sign-in again; the draft is kept
      errors.show(`${formMessage(err)} ${t('report.kept')}`);
      const f = showErrors(err.fields);
      (f || submit).focus();
    }
  });

  view.append(h('div', { class: 'report-page' },
    h('h1', { id: 'report-title', class: 'screen-title', tabindex: '-1', text: t('report.title') }),
    form));
  if (Object.keys(saved).length && (saved.title || saved.description)) {
    form.prepend(alertBox(t('report.draft_restored'), 'info'));
  }
}
