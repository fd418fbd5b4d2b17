// The incident page's response panels (SPEC C4, C5): the tasks the
// playbook of the category created (first aid first and prominent, then
// by phase, late ones marked), and the summonses: who was called by which
// rule, whether they acknowledged and by when, escalations, and what was
// delivered on which channel.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { getZone, label, t, taxonomy, timeEl } from '../i18n.js';
import { can } from '../session.js';
import { isoToLocalInput, localInputToIso } from '../time.js';
import { drafts, errorSlot, field, formMessage, keepDraft, keepFocus, panel, readForm, showErrors, toast, untilText } from '../ui.js';
import { firstAidBadge } from './playbooks.js';

// A playbook names a role ("it_admin"); a person may be named instead.
export function ownerText(owner) {
  if (!owner) return t('task.no_owner');
  const l = label('contact_role', owner);
  return l || owner;
}

const STATUS_ICON = { open: '○', done: '✓', skipped: '–' };

export function tasksPanel(ctx) {
  const body = h('div', { id: 'tasks-body' });
  const summary = h('p', { class: 'panel-summary', id: 'tasks-summary', role: 'status' });
  const el = panel('tasks', t('task.title'), summary, body);
  const OPEN = `inc:${ctx.ref}:task.open`;
  let items = [];
  // The task whose waiver (対象外) is being written: it needs a reason.
  let skipping = null;

  async function load() {
    items = (await api.get(`${ctx.base}/tasks`)).items;
    draw();
  }

  async function patch(task, change, okKey) {
    try {
      const saved = await api.patch(`${ctx.base}/tasks/${task.id}`, change, { headers: { 'If-Match': `"${task.version}"` } });
      items = items.map((x) => (x.id === saved.id ? saved : x));
      draw();
      toast(t(okKey, { title: task.title }));
      ctx.changed('tasks');
      return saved;
    } catch (e) {
      if (e.status === 401) return null;
      if (e.status === 409 || e.status === 412) {
        await load();
        toast(t('task.conflict'));
        return null;
      }
      toast(e.message);
      return null;
    }
  }

  async function setStatus(task, status) {
    const saved = await patch(task, { status }, `task.${status}_msg`);
    if (saved) {
      const b = document.getElementById(`task-${task.id}-${status === 'open' ? 'done' : 'reopen'}`);
      if (b) b.focus();
    }
  }

  // Waiving a task says why: the reason stays with the task and in the
  // chronology, and review and closing accept the task as settled.
  function skipForm(task) {
    const fid = `task-${task.id}-skipform`;
    const reason = h('textarea', { name: 'reason', rows: '2', maxlength: '20000' });
    const f = field({ label: t('task.skip_reason'), control: reason, id: `${fid}-reason`, hint: t('task.skip_reason_hint'), required: true });
    const errors = errorSlot();
    const cancel = () => {
      skipping = null;
      draw();
      const b = document.getElementById(`task-${task.id}-skip`);
      if (b) b.focus();
    };
    const form = h('form', { class: 'inline-form', id: fid, novalidate: true, 'aria-label': t('task.skip_of', { title: task.title }) },
      errors, f,
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary btn-small', id: `${fid}-save`, text: t('task.skip') }),
        h('button', { type: 'button', class: 'btn btn-small', text: t('edit.cancel'), onclick: cancel })));
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.show(null);
      f.setError(null);
      const why = reason.value.trim();
      if (!why) {
        f.setError(t('task.skip_reason_needed'));
        reason.focus();
        return;
      }
      try {
        const saved = await api.patch(`${ctx.base}/tasks/${task.id}`, { status: 'skipped', reason: why }, { headers: { 'If-Match': `"${task.version}"` } });
        skipping = null;
        items = items.map((x) => (x.id === saved.id ? saved : x));
        draw();
        toast(t('task.skipped_msg', { title: task.title }));
        const b = document.getElementById(`task-${task.id}-reopen`);
        if (b) b.focus();
        ctx.changed('tasks');
      } catch (ex) {
        if (ex.status === 401) return;
        if (ex.status === 409 || ex.status === 412) {
          skipping = null;
          await load();
          toast(t('task.conflict'));
          return;
        }
        errors.show(formMessage(ex));
        if (ex.fields.reason) {
          f.setError(ex.fields.reason);
          reason.focus();
        }
      }
    });
    return form;
  }

  function editForm(task) {
    const fid = `task-${task.id}-form`;
    const owner = h('input', { type: 'text', name: 'owner', maxlength: '200', autocomplete: 'off', value: task.owner || '', list: `${fid}-people` });
    const due = h('input', { type: 'datetime-local', name: 'due_at', value: task.due_at ? isoToLocalInput(task.due_at, getZone()) : '' });
    const map = {
      owner: field({ label: t('task.owner'), control: owner, id: `${fid}-owner`, hint: t('task.owner_hint') }),
      due_at: field({ label: t('task.due'), control: due, id: `${fid}-due`, hint: t('form.zone', { zone: getZone() }) }),
    };
    const errors = errorSlot();
    const cancel = () => {
      drafts.del(`inc:${ctx.ref}:task.${task.id}`);
      drafts.del(OPEN);
      draw();
      const b = document.getElementById(`task-${task.id}-edit`);
      if (b) b.focus();
    };
    const form = h('form', { class: 'inline-form', id: fid, novalidate: true, 'aria-label': t('task.edit_of', { title: task.title }) },
      errors, h('div', { class: 'form-grid' }, map.owner, map.due_at),
      h('datalist', { id: `${fid}-people` }, ctx.people().map((p) => h('option', { value: p }))),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary btn-small', id: `${fid}-save`, text: t('edit.save') }),
        h('button', { type: 'button', class: 'btn btn-small', text: t('edit.cancel'), onclick: cancel })));
    keepDraft(form, `inc:${ctx.ref}:task.${task.id}`);
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.show(null);
      showErrors(map, {});
      const v = readForm(form);
      let dueIso = null;
      if (v.due_at) {
        dueIso = localInputToIso(v.due_at, getZone());
        if (!dueIso) {
          map.due_at.setError(t('form.bad_time'));
          due.focus();
          return;
        }
      }
      try {
        const saved = await api.patch(`${ctx.base}/tasks/${task.id}`, { owner: v.owner.trim() || null, due_at: dueIso }, { headers: { 'If-Match': `"${task.version}"` } });
        drafts.del(`inc:${ctx.ref}:task.${task.id}`);
        drafts.del(OPEN);
        items = items.map((x) => (x.id === saved.id ? saved : x));
        draw();
        toast(t('task.saved', { title: task.title }));
        const b = document.getElementById(`task-${task.id}-edit`);
        if (b) b.focus();
        ctx.changed('tasks');
      } catch (ex) {
        if (ex.status === 401) return;
        if (ex.status === 409 || ex.status === 412) {
          await load();
          errors.show(t('task.conflict'));
          return;
        }
        errors.show(formMessage(ex));
        const first = showErrors(map, ex.fields);
        if (first) first.focus();
      }
    });
    return form;
  }

  function row(task) {
    const may = can('update');
    const open = drafts.get(OPEN);
    const late = task.overdue && task.status === 'open';
    return h('li', { class: ['task', `task-${task.status}`, task.first_aid ? 'is-first-aid' : null, late ? 'is-overdue' : null], id: `task-${task.id}` },
      h('div', { class: 'task-main' },
        h('span', { class: ['task-status', `ts-${task.status}`] },
          h('span', { 'aria-hidden': 'true', text: STATUS_ICON[task.status] || '' }), ' ', label('task_status', task.status)),
        task.first_aid ? firstAidBadge() : null,
        h('span', { class: 'task-title', id: `task-${task.id}-title`, text: task.title })),
      h('p', { class: 'task-meta' },
        h('span', {}, t('task.owner_is', { owner: ownerText(task.owner) })),
        task.due_at ? h('span', {}, `${t('task.due_is')} `, timeEl(task.due_at, 'short'),
          task.status === 'open' ? h('span', { class: 'rec-sub', text: ` (${untilText(task.due_at)})` }) : null) : null,
        late ? h('span', { class: 'marker marker-tasks_overdue', text: t('task.overdue') }) : null,
        task.status !== 'open' && task.done_at ? h('span', {}, t('task.done_by', { name: task.done_by || '-' }), ' ', timeEl(task.done_at, 'short')) : null,
        task.status === 'skipped' && task.reason ? h('span', { class: 'task-reason', text: t('task.skip_reason_is', { reason: task.reason }) }) : null),
      may ? h('div', { class: 'actions' },
        task.status === 'open' ? [
          h('button', {
            type: 'button', class: ['btn', 'btn-small', task.first_aid || late ? 'btn-primary' : null], id: `task-${task.id}-done`,
            'aria-label': t('task.done_of', { title: task.title }), onclick: () => setStatus(task, 'done'),
          }, t('task.done')),
          h('button', {
            type: 'button', class: 'btn btn-small btn-quiet', id: `task-${task.id}-skip`,
            'aria-label': t('task.skip_of', { title: task.title }), 'aria-expanded': skipping === task.id ? 'true' : 'false',
            onclick: () => {
              skipping = task.id;
              draw();
              const c = document.getElementById(`task-${task.id}-skipform-reason`);
              if (c) c.focus();
            },
          }, t('task.skip')),
          h('button', {
            type: 'button', class: 'btn btn-small btn-quiet', id: `task-${task.id}-edit`,
            'aria-label': t('task.edit_of', { title: task.title }),
            onclick: () => {
              drafts.set(OPEN, task.id);
              draw();
              const c = document.getElementById(`task-${task.id}-form-owner`);
              if (c) c.focus();
            },
          }, t('task.edit')),
        ] : h('button', {
          type: 'button', class: 'btn btn-small', id: `task-${task.id}-reopen`,
          'aria-label': t('task.reopen_of', { title: task.title }), onclick: () => setStatus(task, 'open'),
        }, t('task.reopen'))) : null,
      may && open === task.id && task.status === 'open' ? editForm(task) : null,
      may && skipping === task.id && task.status === 'open' ? skipForm(task) : null);
  }

  function addForm() {
    const phases = taxonomy('phase').items.filter((p) => p.key !== 'reported' && p.key !== 'closed');
    const cur = ctx.inc().phase;
    const title = h('input', { type: 'text', name: 'title', maxlength: '200', autocomplete: 'off' });
    const phase = h('select', { name: 'phase', value: phases.some((p) => p.key === cur) ? cur : 'triage' },
      phases.map((p) => h('option', { value: p.key, text: p.label })));
    const owner = h('input', { type: 'text', name: 'owner', maxlength: '200', autocomplete: 'off', list: 'task-add-people' });
    const due = h('input', { type: 'datetime-local', name: 'due_at' });
    const map = {
      title: field({ label: t('task.new_title'), control: title, required: true, id: 'task-add-title' }),
      phase: field({ label: t('task.phase'), control: phase, required: true, id: 'task-add-phase' }),
      owner: field({ label: t('task.owner'), control: owner, id: 'task-add-owner', hint: t('task.owner_hint') }),
      due_at: field({ label: t('task.due'), control: due, id: 'task-add-due', hint: t('form.zone', { zone: getZone() }) }),
    };
    const errors = errorSlot();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'task-add-submit', text: t('task.add_submit') });
    const form = h('form', { class: 'panel-form', id: 'task-add', novalidate: true },
      errors, map.title, h('div', { class: 'form-grid' }, map.phase, map.owner, map.due_at),
      h('datalist', { id: 'task-add-people' }, ctx.people().map((p) => h('option', { value: p }))),
      submit);
    const DRAFT = `inc:${ctx.ref}:task.new`;
    const restored = keepDraft(form, DRAFT);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.show(null);
      showErrors(map, {});
      const v = readForm(form);
      const problems = {};
      if (!v.title.trim()) problems.title = t('form.required_msg');
      let dueIso = null;
      if (v.due_at) {
        dueIso = localInputToIso(v.due_at, getZone());
        if (!dueIso) problems.due_at = t('form.bad_time');
      }
      if (Object.keys(problems).length) {
        const first = showErrors(map, problems);
        errors.show(t('form.fix_errors'));
        if (first) first.focus();
        return;
      }
      submit.disabled = true;
      try {
        const body = { title: v.title.trim(), phase: v.phase };
        if (v.owner.trim()) body.owner = v.owner.trim();
        if (dueIso) body.due_at = dueIso;
        const saved = await api.post(`${ctx.base}/tasks`, body);
        drafts.del(DRAFT);
        items.push(saved);
        draw();
        toast(t('task.added', { title: saved.title }));
        const c = document.getElementById('task-add-title');
        if (c) c.focus();
        ctx.changed('tasks');
      } catch (ex) {
        submit.disabled = false;
        if (ex.status === 401) return;
        errors.show(formMessage(ex));
        const first = showErrors(map, ex.fields);
        (first || submit).focus();
      }
    });
    return h('details', { class: 'task-add', open: restored && restored.title ? true : undefined },
      h('summary', { text: t('task.add') }), form);
  }

  function draw() {
    const phases = taxonomy('phase').items;
    const order = (x) => phases.findIndex((p) => p.key === x.phase);
    const byDue = (a, b) => order(a) - order(b) || (Date.parse(a.due_at) || Infinity) - (Date.parse(b.due_at) || Infinity) || a.id - b.id;
    const open = items.filter((x) => x.status === 'open');
    const late = open.filter((x) => x.overdue);
    summary.textContent = items.length
      ? t('task.summary', { open: open.length, total: items.length, late: late.length })
      : t('task.none');
    summary.classList.toggle('has-late', late.length > 0);
    const aid = items.filter((x) => x.first_aid).sort(byDue);
    const rest = items.filter((x) => !x.first_aid);
    const groups = phases.map((p) => ({ p, list: rest.filter((x) => x.phase === p.key).sort(byDue) })).filter((g) => g.list.length);
    keepFocus(el, () => replace(body,
      aid.length ? h('section', { class: 'first-aid', 'aria-labelledby': 'first-aid-h' },
        h('h3', { id: 'first-aid-h', text: t('task.first_aid_title') }),
        h('p', { class: 'hint', text: t('task.first_aid_hint') }),
        h('ul', { class: 'tasks', id: 'tasks-first-aid' }, aid.map(row))) : null,
      groups.map((g) => h('section', { class: 'task-group', 'aria-labelledby': `tg-${g.p.key}` },
        h('h3', { id: `tg-${g.p.key}` },
          h('span', { text: g.p.label }), ' ',
          h('span', { class: 'rec-sub', text: t('task.group_count', { open: g.list.filter((x) => x.status === 'open').length, n: g.list.length }) })),
        h('ul', { class: 'tasks' }, g.list.map(row)))),
      !items.length ? h('p', { class: 'empty-state', text: ctx.inc().category ? t('task.none_hint') : t('task.no_category') }) : null,
      can('update') ? addForm() : null));
  }

  return { el, load };
}

// --- summonses
export function summonsPanel(ctx) {
  const body = h('div', { id: 'summons-body' });
  const el = panel('summons', t('sum.title'), body);
  let items = [];
  let rules = null; // enabled convocation rules, once nobody was summoned

  async function load() {
    items = (await api.get(`${ctx.base}/summons`)).items;
    // Past triage with nobody summoned: say why, which needs the rules.
    if (!items.length && ctx.inc().phase !== 'reported' && can('config') && rules === null) {
      try {
        rules = (await api.get('/api/v1/convocation-rules')).items.filter((r) => r.enabled);
      } catch (e) {
        if (e.status === 401) throw e;
      }
    }
    draw();
    return items;
  }

  // Why the list is empty: not triaged yet, no rule at all, or no rule
  // that fits this incident.  An empty panel read as "someone was told".
  function noneText() {
    if (ctx.inc().phase === 'reported') return t('sum.none');
    if (rules && !rules.length) return t('sum.none_no_rules');
    return t('sum.none_no_match');
  }

  async function ack(x) {
    try {
      await api.post(`/api/v1/summons/${x.id}/ack`, {});
      await load();
      toast(t('sum.acked_msg'));
      const row = document.getElementById(`summons-${x.id}`);
      if (row) {
        row.setAttribute('tabindex', '-1');
        row.focus();
      }
      ctx.changed('summons');
    } catch (e) {
      if (e.status !== 401) toast(e.message);
    }
  }

  function delivery(d) {
    const ch = t(`sum.channel_${d.channel}`) === `sum.channel_${d.channel}` ? d.channel : t(`sum.channel_${d.channel}`);
    return h('li', { class: ['delivery', `dv-${d.status}`] },
      h('span', { class: 'dv-channel', text: ch }), ' ',
      h('span', { class: 'dv-status', text: t(`sum.dv_${d.status}`) }),
      d.sent_at ? [' ', timeEl(d.sent_at, 'short')] : null,
      d.status !== 'sent' && d.attempts ? h('span', { class: 'rec-sub', text: ` ${t('sum.attempts', { n: d.attempts })}` }) : null,
      d.status !== 'sent' && d.last_error ? h('span', { class: 'rec-sub', text: ` ${d.last_error}` }) : null);
  }

  function row(x) {
    const state = x.acked_at ? 'acked' : x.overdue ? 'overdue' : 'waiting';
    return h('li', { class: ['summons', `sm-${state}`], id: `summons-${x.id}` },
      h('div', { class: 'summons-head' },
        h('span', { class: ['sm-state', `sm-state-${state}`], text: t(`sum.state_${state}`) }),
        h('strong', { class: 'sm-who', text: x.contact.name || t('value.none_short') }),
        x.role ? h('span', { class: 'rec-sub', text: t('sum.as_role', { role: label('contact_role', x.role) }) }) : null,
        x.step > 0 ? h('span', { class: 'marker marker-escalated', text: t('sum.step', { n: x.step }) }) : null),
      h('p', { class: 'summons-meta' },
        h('span', { text: t('sum.by_rule', { rule: x.rule.name || `#${x.rule.id}` }) }), ' · ',
        h('span', {}, `${t('sum.called')} `, timeEl(x.created_at, 'short'))),
      h('p', { class: 'summons-ack' },
        x.acked_at
          ? [t('sum.acked_by', { name: x.acked_by || '-' }), ' ', timeEl(x.acked_at, 'short')]
          : [`${t('sum.ack_due')} `, timeEl(x.ack_due_at, 'short'), h('span', { class: 'rec-sub', text: ` (${untilText(x.ack_due_at)})` })],
        x.escalated ? h('span', { class: 'marker marker-escalated', text: t('sum.escalated') }) : null),
      x.deliveries.length
        ? h('ul', { class: 'deliveries', 'aria-label': t('sum.deliveries') }, x.deliveries.map(delivery))
        : h('p', { class: 'flag flag-warn', text: t('sum.no_channel') }),
      !x.acked_at && can('respond') ? h('button', {
        type: 'button', class: 'btn btn-small btn-primary', id: `summons-${x.id}-ack`,
        'aria-label': t('sum.ack_of', { name: x.contact.name || '' }), onclick: () => ack(x),
      }, t('sum.ack')) : null);
  }

  function draw() {
    const waiting = items.filter((x) => !x.acked_at);
    keepFocus(el, () => replace(body,
      items.length
        ? [h('p', { class: ['panel-summary', waiting.some((x) => x.overdue) ? 'has-late' : null], role: 'status', id: 'summons-summary', text: t('sum.summary', { n: items.length, waiting: waiting.length }) }),
          h('ul', { class: 'summonses', id: 'summonses' }, [...items].sort((a, b) => (a.acked_at ? 1 : 0) - (b.acked_at ? 1 : 0) || a.id - b.id).map(row))]
        : h('p', { class: ['empty-state', ctx.inc().phase === 'reported' ? null : 'flag flag-warn'], id: 'summons-none', text: noneText() }),
      can('config') ? h('p', { class: 'hint' }, t('sum.rules_hint'), ' ', h('a', { href: '/rules', text: t('nav.rules') })) : null));
  }

  // Still waiting for someone or for a delivery: worth asking again.
  const busy = () => items.some((x) => !x.acked_at || x.deliveries.some((d) => d.status === 'pending'));

  return { el, load, busy };
}
