// Reporting duties (SPEC C8): the incident page's panel, the loud notice
// at the top of the page when one is due soon or late, and what the
// cross-incident deadlines screen shares with them.  A state is never
// colour alone: each has an icon and words.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { getZone, label, t, timeEl } from '../i18n.js';
import { can } from '../session.js';
import { localInputToIso, nowLocalInput } from '../time.js';
import { drafts, keepDraft, keepFocus, panel, readForm, toast, untilText } from '../ui.js';

export const LOUD = ['due_soon', 'past_target', 'overdue'];

export function stateBadge(state, id) {
  return h('span', { class: ['duty-state', `ds-${state}`], id, text: t(`ds.${state}`) });
}

export function regimeChips(d) {
  return [h('span', { class: 'regime', text: t(`regime.${d.regime}`) }),
    h('span', { class: 'stage', text: t(`stage.${d.stage}`) })];
}

// When it is due, in the user's zone, with how long is left.
export function dueText(d) {
  if (!d.due_at) return h('span', { class: 'due-promptly', text: t('obl.promptly') });
  return h('span', { class: 'due' }, timeEl(d.due_at), ' ',
    h('span', { class: ['until', LOUD.includes(d.state) ? 'is-loud' : null], text: `(${untilText(d.due_at)})` }));
}

// The duties that must be shouted about (open, due soon or late).
export function urgent(items) {
  return items.filter((d) => d.applies && d.status === 'pending' && LOUD.includes(d.state));
}

// The notice at the top of the incident page.
export function urgentNotice(list) {
  if (!list.length) return null;
  const worst = list.some((d) => d.state === 'overdue') ? 'overdue' : list.some((d) => d.state === 'past_target') ? 'past_target' : 'due_soon';
  return h('div', { class: ['alert', 'alert-duty', `alert-${worst}`], role: 'alert', id: 'duty-alert' },
    h('p', { class: 'alert-title', text: t(`obl.alert_${worst}`) }),
    h('ul', {}, list.map((d) => h('li', {}, stateBadge(d.state), ' ', h('strong', { text: d.label }), ' ', dueText(d)))),
    h('p', {}, h('a', { href: '#obligations', text: t('obl.alert_go') })));
}

export function obligationsPanel(ctx) {
  const body = h('div', { id: 'obligations-body', 'aria-busy': 'true' });
  const el = panel('obligations', t('obl.title'), h('p', { class: 'hint', text: t('obl.lead') }), body);
  const OPEN = `inc:${ctx.ref}:obl.open`;
  let items = [];

  async function load() {
    const r = await api.get(`${ctx.base}/obligations`);
    items = r.items;
    draw();
    ctx.onUrgent(urgent(items));
  }

  async function record(key, payload, form) {
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    const errs = form.querySelectorAll('.field-error');
    for (const e of errs) e.hidden = true;
    try {
      const r = await api.post(`${ctx.base}/obligations/${encodeURIComponent(key)}`, payload);
      drafts.del(`inc:${ctx.ref}:obl.${key}.${payload.status}`);
      drafts.del(OPEN);
      items = r.items;
      draw();
      ctx.onUrgent(urgent(items));
      const d = items.find((x) => x.key === key);
      toast(t(`obl.recorded_${payload.status}`, { duty: d ? d.label : key }));
      const h3 = document.getElementById(`duty-h-${key}`);
      if (h3) h3.focus();
      ctx.changed('obligations');
    } catch (e) {
      submit.disabled = false;
      if (e.status === 401) return;
      let shown = false;
      for (const [f, msg] of Object.entries(e.fields)) {
        const slot = form.querySelector(`[data-err="${f}"]`);
        if (slot) {
          slot.hidden = false;
          slot.textContent = msg;
          shown = true;
          const c = form.querySelector(`[name="${f}"]`);
          if (c) {
            c.setAttribute('aria-invalid', 'true');
            c.focus();
          }
        }
      }
      const top = form.querySelector('.form-error');
      top.hidden = shown;
      top.textContent = shown ? '' : e.message;
    }
  }

  async function reopen(d) {
    if (!window.confirm(t('obl.reopen_confirm', { duty: d.label }))) return;
    try {
      const r = await api.post(`${ctx.base}/obligations/${encodeURIComponent(d.key)}`, { status: 'pending' });
      items = r.items;
      draw();
      ctx.onUrgent(urgent(items));
      toast(t('obl.recorded_pending', { duty: d.label }));
      const h3 = document.getElementById(`duty-h-${d.key}`);
      if (h3) h3.focus();
      ctx.changed('obligations');
    } catch (e) {
      if (e.status !== 401) toast(e.message);
    }
  }

  function form(d, mode) {
    const key = d.key;
    const fid = `duty-${key}-${mode}`;
    const cancel = () => {
      drafts.del(`inc:${ctx.ref}:obl.${key}.${mode}`);
      drafts.del(OPEN);
      draw();
      const b = document.getElementById(`duty-${key}-${mode}-open`);
      if (b) b.focus();
    };
    const errLine = (name) => h('p', { class: 'field-error', id: `${fid}-${name}-error`, 'data-err': name, hidden: true });
    const f = h('form', { class: 'inline-form', id: fid, novalidate: true, 'aria-label': t(`obl.form_${mode}`, { duty: d.label }) },
      h('p', { class: 'alert alert-error form-error', role: 'alert', hidden: true }),
      mode === 'filed' ? [
        h('div', { class: 'field' },
          h('label', { for: `${fid}-at`, text: t('obl.filed_at') }),
          h('input', { type: 'datetime-local', id: `${fid}-at`, name: 'filed_at', value: nowLocalInput(getZone()), 'aria-describedby': `${fid}-at-hint ${fid}-filed_at-error` }),
          h('p', { class: 'hint', id: `${fid}-at-hint`, text: t('form.zone', { zone: getZone() }) }),
          errLine('filed_at')),
        h('div', { class: 'field' },
          h('label', { for: `${fid}-ref`, text: t('obl.reference') }),
          h('input', { type: 'text', id: `${fid}-ref`, name: 'reference', maxlength: '200', autocomplete: 'off', 'aria-describedby': `${fid}-reference-error` }),
          errLine('reference')),
      ] : h('div', { class: 'field' },
        h('label', { for: `${fid}-reason` }, h('span', { class: 'label-text', text: t('obl.reason') }), h('span', { class: 'req', text: t('form.required') })),
        h('p', { class: 'hint', id: `${fid}-reason-hint`, text: t('obl.reason_hint') }),
        h('textarea', { id: `${fid}-reason`, name: 'reason', rows: '3', 'aria-required': 'true', 'aria-describedby': `${fid}-reason-hint ${fid}-reason-error` }),
        errLine('reason')),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary btn-small', id: `${fid}-submit`, text: t(`obl.submit_${mode}`) }),
        h('button', { type: 'button', class: 'btn btn-small', text: t('edit.cancel'), onclick: cancel })));
    keepDraft(f, `inc:${ctx.ref}:obl.${key}.${mode}`);
    f.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    });
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      const v = readForm(f);
      if (mode === 'filed') {
        const at = v.filed_at ? localInputToIso(v.filed_at, getZone()) : null;
        if (v.filed_at && !at) {
          const s = f.querySelector('[data-err="filed_at"]');
          s.hidden = false;
          s.textContent = t('form.bad_time');
          return;
        }
        const payload = { status: 'filed' };
        if (at) payload.filed_at = at;
        if (v.reference.trim()) payload.reference = v.reference.trim();
        record(key, payload, f);
      } else {
        if (!v.reason.trim()) {
          const s = f.querySelector('[data-err="reason"]');
          s.hidden = false;
          s.textContent = t('obl.reason_required');
          f.querySelector('textarea').setAttribute('aria-invalid', 'true');
          f.querySelector('textarea').focus();
          return;
        }
        record(key, { status: 'not_applicable', reason: v.reason.trim() }, f);
      }
    });
    return f;
  }

  function row(d) {
    const open = drafts.get(OPEN);
    const respond = can('respond');
    // An undecided duty is still to be decided: filed, or judged not
    // applicable with a reason, like a pending one.
    const decided = d.status === 'filed' || d.status === 'not_applicable';
    const openBtn = (mode) => h('button', {
      type: 'button', class: ['btn', 'btn-small', mode === 'filed' ? 'btn-primary' : null], id: `duty-${d.key}-${mode}-open`,
      'aria-label': t(`obl.open_${mode}_of`, { duty: d.label }),
      onclick: () => {
        drafts.set(OPEN, { key: d.key, mode });
        draw();
        const c = document.querySelector(`#duty-${d.key}-${mode} input, #duty-${d.key}-${mode} textarea`);
        if (c) c.focus();
      },
    }, t(`obl.open_${mode}`));
    return h('li', { class: ['duty', `duty-${d.state}`], id: `duty-${d.key}` },
      h('div', { class: 'duty-head' },
        stateBadge(d.state, `duty-state-${d.key}`),
        regimeChips(d),
        h('h3', { id: `duty-h-${d.key}`, tabindex: '-1', text: d.label })),
      h('dl', { class: 'duty-times' },
        h('dt', { text: t('obl.due') }), h('dd', {}, dueText(d)),
        d.latest_at ? [h('dt', { text: t('obl.latest') }), h('dd', {}, timeEl(d.latest_at))] : null,
        h('dt', { text: t('obl.clock') }), h('dd', {}, d.clock_start ? timeEl(d.clock_start) : h('span', { class: 'empty', text: t('obl.no_clock') })),
        // Both times when the duty's trigger was met after the awareness.
        d.trigger_met_at ? [
          h('dt', { text: t('obl.trigger_met') }), h('dd', {}, timeEl(d.trigger_met_at)),
          h('dt', { text: t('obl.aware') }), h('dd', {}, d.aware_at ? timeEl(d.aware_at) : h('span', { class: 'empty', text: t('value.none') }))] : null),
      d.reasons.length ? h('ul', { class: 'reasons', 'aria-label': t('obl.reasons') }, d.reasons.map((r) => h('li', { text: r }))) : null,
      d.status === 'filed' ? h('p', { class: 'duty-done' },
        h('strong', { text: t('obl.filed_line') }), ' ', timeEl(d.filed_at),
        d.reference ? [' · ', t('obl.reference_is', { ref: d.reference })] : null) : null,
      d.status === 'not_applicable' && (d.applies || d.undecided) ? h('p', { class: 'duty-done' },
        h('strong', { text: t('obl.na_line') }), ' ', h('span', { class: 'pre', text: d.note || '' })) : null,
      respond ? h('div', { class: 'actions' },
        decided
          ? h('button', {
            type: 'button', class: 'btn btn-small', id: `duty-${d.key}-reopen`,
            'aria-label': t('obl.reopen_of', { duty: d.label }),
            onclick: () => reopen(d),
          }, t('obl.reopen'))
          : [openBtn('filed'), openBtn('not_applicable')]) : null,
      respond && !decided && open && open.key === d.key ? form(d, open.mode) : null);
  }

  function draw() {
    // Unknown is not "not applicable": an undecided duty stays in view.
    const main = items.filter((d) => d.applies || d.undecided);
    const rest = items.filter((d) => !d.applies && !d.undecided);
    const order = ['overdue', 'past_target', 'due_soon', 'undecided', 'pending', 'filed', 'not_applicable'];
    main.sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state));
    keepFocus(el, () => replace(body,
      main.length ? h('ul', { class: 'duties', id: 'duties' }, main.map(row))
        : h('p', { class: 'empty-state', text: t('obl.none') }),
      rest.length ? h('details', { class: 'duties-na' },
        h('summary', { text: t('obl.not_applicable', { n: rest.length }) }),
        h('ul', { class: 'duties' }, rest.map((d) => h('li', { class: 'duty duty-not_applicable', id: `duty-${d.key}` },
          h('div', { class: 'duty-head' }, stateBadge(d.state), regimeChips(d), h('h3', { text: d.label })),
          h('ul', { class: 'reasons' }, d.reasons.map((r) => h('li', { text: r }))))))) : null));
    body.setAttribute('aria-busy', 'false');
  }

  return { el, load };
}
