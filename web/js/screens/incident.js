// The incident page: the whole record, editable in place; the phase
// stepper with the move action; the chronology, newest first; the
// "record intact" check; need-to-know marking.
//
// Whatever is typed here (an open field editor, a note, a move reason)
// is kept as a draft in this tab, so re-rendering after a change, a
// conflict, a language switch or a reload never loses it.

import { api, fieldMessage } from '../api.js';
import { append, h, replace } from '../dom.js';
import { label, t, taxonomy, timeEl } from '../i18n.js';
import { can, session } from '../session.js';
import { ageText, alertBox, drafts, formMessage, kindBadge, markers, phaseBadge, restrictedBadge, severityBadge, title, toast } from '../ui.js';
import { FIELDS, SECTIONS, displayValue, fieldLabel, fromRaw, makeEditor, setInventory, severityDetail, toRaw } from './fields.js';

const ENTRY_KINDS = ['note', 'decision', 'contact', 'action'];

export async function render({ view, params, current }) {
  const ref = params.ref;
  const base = `/api/v1/incidents/${encodeURIComponent(ref)}`;
  const dkey = (k) => `inc:${ref}:${k}`;
  const st = { inc: null, timeline: [], verify: null, people: [], urgent: [] };
  const fieldNotes = new Map(); // field -> message shown under its editor

  try {
    const [inc, tl] = await Promise.all([api.get(base), api.get(`${base}/timeline`)]);
    st.inc = inc;
    st.timeline = tl.items;
  } catch (e) {
    if (!current()) return;
    if (e.status === 404) {
      // The one who filed it keeps its receipt once it is restricted.
      const receipt = await api.get(`${base}/receipt`).catch(() => null);
      if (!current()) return;
      if (receipt) {
        (await import('./receipt.js')).render(view, receipt);
        return;
      }
      view.append(title(t('incident.not_found_title')),
        alertBox(t('incident.not_found', { ref })),
        h('p', {}, h('a', { href: '/incidents', text: t('incident.back_to_list') })));
      return;
    }
    throw e;
  }
  if (!current()) return;
  document.title = `${ref} ${st.inc.title} - kizuki`;
  if (can('directory')) {
    api.get('/api/v1/users').then((r) => {
      st.people = r.items.filter((u) => !u.disabled).map((u) => u.name);
    }).catch(() => {});
  }

  const page = h('div', { class: 'incident-page' });
  view.append(page);

  // --- the response panels (not for reporters: their page stays the
  // report and its chronology).  Each loads on its own; a write in one
  // brings the chronology, the header and the panels it affects up to
  // date without re-rendering the rest.
  const showPanels = can('deadlines');
  // The panels' modules come with the first incident page that shows them.
  const [{ obligationsPanel, urgentNotice }, { summonsPanel, tasksPanel },
    { aftercarePanel, damagePanel, disclosuresPanel, draftsPanel, driftWarning, readinessPanel }, { linksPanel },
    { evidencePanel }, { observablesPanel }] = showPanels
    ? await Promise.all([import('./obligations.js'), import('./response.js'), import('./disclosure.js'), import('./links.js'),
      import('./evidence.js'), import('./observables.js')])
    : [{ urgentNotice: () => null }, {}, { driftWarning: () => null }, {}, {}, {}];
  if (!current()) return undefined;
  const alerts = h('div', { class: 'inc-alerts', id: 'inc-alerts' });
  const ctx = {
    ref, base,
    inc: () => st.inc,
    people: () => st.people,
    onUrgent: (list) => {
      st.urgent = list;
      drawAlerts();
    },
    changed: (what) => panelChanged(what),
  };
  const P = showPanels ? {
    tasks: tasksPanel(ctx),
    summons: summonsPanel(ctx),
    obligations: obligationsPanel(ctx),
    damage: damagePanel(ctx),
    readiness: readinessPanel(ctx),
    drafts: draftsPanel(ctx),
    disclosures: disclosuresPanel(ctx),
    aftercare: aftercarePanel(ctx),
    links: linksPanel(ctx),
    evidence: evidencePanel(ctx),
    observables: observablesPanel(ctx),
  } : {};
  if (showPanels && can('config')) {
    api.get('/api/v1/assets').then((r) => {
      setInventory(r.items);
      const row = document.getElementById('fld-assets');
      if (row && !row.querySelector('form')) redrawField('assets', false, true);
    }).catch(() => {});
  }

  async function loadPanel(name) {
    const p = P[name];
    if (!p) return;
    try {
      await p.load();
    } catch (e) {
      if (e.status === 401) return;
      const body = p.el.querySelector('[id$="-body"]') || p.el;
      replace(body, alertBox(e.message));
    }
  }

  function loadPanels(names = Object.keys(P)) {
    return Promise.all(names.map(loadPanel));
  }

  function drawAlerts() {
    replace(alerts, urgentNotice(st.urgent), driftWarning(st.inc.disclosure_drift));
  }

  function redrawHeader() {
    const old = page.querySelector('.inc-head');
    if (old) old.replaceWith(header());
    drawAlerts();
  }

  function redrawChronology() {
    const old = page.querySelector('.chronology');
    if (old) old.replaceWith(chronologySection());
    drawVerify();
  }

  async function panelChanged(what) {
    try {
      const [inc, tl] = await Promise.all([api.get(base), api.get(`${base}/timeline`)]);
      st.inc = inc;
      st.timeline = tl.items;
      loadVerify();
      redrawHeader();
      redrawChronology();
      const also = { tasks: [], summons: [], facts: [], links: [], evidence: [], observables: ['links'], disclosures: ['readiness'] }[what]
        || ['readiness', 'disclosures'];
      await loadPanels(also);
    } catch {
      /* the write itself succeeded; the next reload shows the rest */
    }
  }

  function pageNav() {
    const links = [['tasks', 'task.title'], ['summons', 'sum.title'], ['obligations', 'obl.title'], ['links', 'link.title'],
      ['evidence', 'ev.title'], ['observables', 'obs.title'],
      ['record', 'record.title'],
      ['chronology', 'tl.title'], ['readiness', 'ready.title'], ['damage', 'dmg.title'], ['disclosures', 'disc.title'],
      ['drafts', 'doc.title'], ['aftercare', 'after.title']];
    return h('nav', { class: 'page-nav', 'aria-label': t('incident.sections') },
      h('ul', {}, links.map(([id, key]) => h('li', {}, h('a', { href: `#${id}`, text: t(key) })))));
  }

  async function reload() {
    const [inc, tl] = await Promise.all([api.get(base), api.get(`${base}/timeline`)]);
    st.inc = inc;
    st.timeline = tl.items;
    loadVerify();
  }

  // --- "record intact"
  const verifySlot = h('span', { class: 'verify verify-pending', id: 'verify-badge', text: t('verify.pending') });
  function drawVerify() {
    const v = st.verify;
    if (!v) return;
    if (v.error) {
      verifySlot.className = 'verify verify-unknown';
      verifySlot.textContent = t('verify.unknown');
      verifySlot.title = v.error;
    } else if (v.ok) {
      verifySlot.className = 'verify verify-ok';
      verifySlot.textContent = t('verify.ok');
      verifySlot.title = t('verify.ok_title', { n: v.checked });
    } else {
      verifySlot.className = 'verify verify-broken';
      verifySlot.textContent = t('verify.broken');
      verifySlot.title = v.broken.map((b) => `#${b.seq}: ${b.problem}`).join('\n');
    }
  }
  function loadVerify() {
    return api.get(`${base}/verify`).then((v) => {
      st.verify = v;
      drawVerify();
    }).catch((e) => {
      st.verify = { error: e.message };
      drawVerify();
    });
  }

  // --- header
  function header() {
    const inc = st.inc;
    const head = h('header', { class: 'inc-head' },
      h('p', { class: 'inc-ref' },
        h('span', { class: 'ref', text: inc.ref }),
        kindBadge(inc.kind, true),
        phaseBadge(inc.phase),
        severityBadge(inc.severity),
        inc.restricted ? restrictedBadge() : null,
        h('span', { class: 'tlp', text: label('tlp', inc.tlp) }),
        verifySlot),
      h('h1', { class: 'screen-title', tabindex: '-1', id: 'inc-title', text: inc.title }),
      h('p', { class: 'inc-meta' },
        h('span', {}, `${t('incident.reported')} `, timeEl(inc.reported_at)),
        h('span', { text: t('list.age', { age: ageText(inc) }) }),
        h('span', { text: t('incident.created_by', { name: inc.created_by || '-' }) }),
        markers(inc)));
    if (inc.restricted) {
      head.append(h('div', { class: 'restricted-panel', id: 'members-panel' },
        h('p', { text: t('restricted.explain') }),
        h('p', {}, h('strong', { text: t('restricted.members') }), ' ',
          inc.members.length ? inc.members.join(', ') : t('value.none'))));
    }
    return head;
  }

  // --- phase stepper and moving
  function phaseSection() {
    const inc = st.inc;
    const phases = taxonomy('phase').items;
    const idx = phases.findIndex((p) => p.key === inc.phase);
    const stepper = h('ol', { class: 'stepper' }, phases.map((p, i) => {
      const at = inc.phase_times[p.key];
      // A phase passed without being reached has no time: it was skipped,
      // not done (phase_times holds only the phases reached).
      const state = i < idx ? (at ? 'done' : 'skipped') : i === idx ? 'current' : 'todo';
      const mark = { done: '✓', skipped: '–' }[state] || String(i + 1);
      return h('li', { class: ['step', `step-${state}`], 'aria-current': state === 'current' ? 'step' : null },
        h('span', { class: 'step-mark', 'aria-hidden': 'true', text: mark }),
        h('span', { class: 'step-body' },
          h('span', { class: 'step-name', text: p.label }),
          h('span', { class: 'sr-only', text: ` (${t(`step.${state}`)})` }),
          state === 'current' ? h('span', { class: 'step-tag', 'aria-hidden': 'true', text: t('step.current') }) : null,
          state === 'skipped' ? h('span', { class: 'step-tag step-tag-skipped', 'aria-hidden': 'true', text: t('step.skipped') }) : null,
          at && i <= idx ? h('span', { class: 'step-time' }, timeEl(at, 'short')) : null));
    }));
    const sec = h('section', { class: 'phase-section card', 'aria-labelledby': 'phase-h' },
      h('h2', { id: 'phase-h', tabindex: '-1', text: t('phase.title') }),
      h('nav', { 'aria-label': t('phase.title') }, stepper));
    if (can('move')) sec.append(moveForm(phases, idx));
    return sec;
  }

  function moveForm(phases, idx) {
    const saved = drafts.get(dkey('move')) || {};
    const next = phases[idx + 1];
    const errors = h('div', { class: 'error-slot' });
    const wrap = h('div', { class: 'move' });
    if (next) {
      wrap.append(h('p', { class: 'next-step' },
        h('button', {
          type: 'button', class: 'btn btn-primary', id: 'move-next',
          onclick: () => move(next.key, null, errors),
        }, t('phase.next', { phase: next.label }))));
    } else {
      wrap.append(h('p', { class: 'hint', text: t('phase.is_closed') }));
    }
    const sel = h('select', { id: 'move-to', value: saved.to || '' },
      h('option', { value: '', text: t('phase.choose') }),
      phases.filter((p, i) => i !== idx).map((p) => {
        const i = phases.indexOf(p);
        return h('option', { value: p.key, text: i < idx ? t('phase.back_option', { phase: p.label }) : p.label });
      }));
    const reason = h('textarea', { id: 'move-reason', rows: '2', value: saved.reason || '', 'aria-describedby': 'move-reason-hint move-reason-error' });
    const reasonErr = h('p', { class: 'field-error', id: 'move-reason-error', hidden: true });
    const toErr = h('p', { class: 'field-error', id: 'move-to-error', hidden: true });
    const reasonLabel = h('span', { class: 'label-text' });
    const reasonTag = h('span', {});
    const isBack = () => {
      const i = phases.findIndex((p) => p.key === sel.value);
      return i >= 0 && i < idx;
    };
    const syncReason = () => {
      const back = isBack();
      reasonLabel.textContent = t('phase.reason');
      reasonTag.className = back ? 'req' : 'opt';
      reasonTag.textContent = back ? t('form.required') : t('phase.reason_when');
      if (back) reason.setAttribute('aria-required', 'true');
      else reason.removeAttribute('aria-required');
    };
    syncReason();
    const save = () => drafts.set(dkey('move'), { to: sel.value, reason: reason.value });
    sel.addEventListener('change', () => { syncReason(); save(); });
    reason.addEventListener('input', save);
    const form = h('form', { class: 'move-form', novalidate: true, 'aria-labelledby': 'move-h' },
      h('h3', { id: 'move-h', text: t('phase.other') }),
      h('div', { class: 'field' }, h('label', { for: 'move-to', text: t('phase.to') }), sel, toErr),
      h('div', { class: 'field' },
        h('label', { for: 'move-reason' }, reasonLabel, reasonTag),
        h('p', { class: 'hint', id: 'move-reason-hint', text: t('phase.reason_hint') }),
        reason, reasonErr),
      h('button', { type: 'submit', class: 'btn', id: 'move-submit', text: t('phase.move') }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!sel.value) {
        toErr.hidden = false;
        toErr.textContent = `${t('form.error_prefix')}${t('phase.choose_first')}`;
        sel.focus();
        return;
      }
      move(sel.value, reason.value.trim() || null, errors, { sel, reason, reasonErr, toErr });
    });
    wrap.append(errors, h('details', { class: 'move-other', open: !!(saved.to || saved.reason) || undefined },
      h('summary', { text: t('phase.other_summary') }), form));
    return wrap;
  }

  async function move(to, reason, errors, els) {
    replace(errors);
    if (els) {
      els.reasonErr.hidden = true;
      els.toErr.hidden = true;
      els.reason.removeAttribute('aria-invalid');
    }
    try {
      const body = { to };
      if (reason) body.reason = reason;
      await api.post(`${base}/phase`, body);
      drafts.del(dkey('move'));
      await reload();
      draw();
      loadPanels();
      toast(t('phase.moved', { phase: label('phase', to) }));
      const hd = document.getElementById('phase-h');
      if (hd) hd.focus();
    } catch (e) {
      if (e.status === 401) return;
      const rmsg = e.fields.reason;
      if (rmsg && els) {
        els.reasonErr.hidden = false;
        els.reasonErr.textContent = `${t('form.error_prefix')}${rmsg}`;
        els.reason.setAttribute('aria-invalid', 'true');
        els.reason.focus();
      } else if (e.fields.to && els) {
        els.toErr.hidden = false;
        els.toErr.textContent = `${t('form.error_prefix')}${e.fields.to}`;
        els.sel.focus();
      }
      errors.append(alertBox(els ? formMessage(e) : [e.message, ...Object.values(e.fields)].join(' ')));
      if (e.openItems && e.openItems.length) errors.append(openItemsList(e.openItems));
    }
  }

  // What keeps the incident from review or closing, each with what to do
  // (the duties and tasks panels below settle them).
  function openItemsList(items) {
    return h('div', { class: 'open-items', id: 'open-items' },
      h('p', { class: 'open-items-h', text: t('phase.open_items', { n: items.length }) }),
      h('ul', {}, items.map((it) => h('li', { class: `open-item open-item-${it.kind}` },
        h('strong', { text: it.kind === 'duty' ? t('phase.open_duty', { label: it.label }) : t('phase.open_task', { title: it.title, phase: it.phase_label || '' }) }),
        ' ', h('span', { text: it.message })))));
  }

  // --- the record, field by field
  function editableField(key) {
    return FIELDS[key].restrict ? can('restrict') : can('update');
  }

  function isEmpty(v) {
    return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  }

  function fieldRow(key) {
    const editable = editableField(key);
    const row = h('div', { class: 'fld', id: `fld-${key}` });
    const raw = editable ? drafts.get(dkey(`f.${key}`)) : null;
    if (raw !== null && raw !== undefined) {
      row.append(editorForm(key, raw));
      return row;
    }
    append(row, [
      // A term and its definition (what <dt>/<dd> say, without a <dl>
      // around rows that turn into editor forms): aria-labelledby names
      // only an element that has a role.
      h('div', { class: 'fld-label', id: `lbl-${key}`, role: 'term', text: fieldLabel(key) }),
      h('div', { class: 'fld-value', role: 'definition', 'aria-labelledby': `lbl-${key}` },
        key === 'severity' ? severityDetail(st.inc) : displayValue(key, st.inc[key], { inc: st.inc }),
        key === 'priority' && st.inc.priority && st.inc.priority_source === 'triage'
          ? h('span', { class: 'sev-source', text: ` ${t('priority.auto')}` }) : null),
      editable ? h('button', {
        type: 'button', class: 'btn btn-small btn-edit', id: `edit-btn-${key}`,
        'aria-label': t('edit.label', { field: fieldLabel(key) }),
        onclick: () => {
          drafts.set(dkey(`f.${key}`), toRaw(key, st.inc[key], st.inc));
          redrawField(key, true);
        },
      }, t('edit.button')) : null]);
    return row;
  }

  function redrawField(key, focusEditor, quiet) {
    const old = document.getElementById(`fld-${key}`);
    if (!old) return;
    const row = fieldRow(key);
    old.replaceWith(row);
    if (quiet) return;
    if (focusEditor) {
      const c = row.querySelector('input, select, textarea');
      if (c) c.focus();
    } else {
      const b = row.querySelector('.btn-edit');
      if (b) b.focus();
    }
  }

  function editorForm(key, raw) {
    const ed = makeEditor(key, raw, (r) => drafts.set(dkey(`f.${key}`), r), { people: st.people, canManageAssets: can('manage') });
    const errId = `err-${key}`;
    const err = h('p', { class: 'field-error', id: errId, hidden: true });
    const note = fieldNotes.get(key);
    const cancel = () => {
      drafts.del(dkey(`f.${key}`));
      fieldNotes.delete(key);
      redrawField(key, false);
    };
    const labelEl = ed.labelled
      ? h('label', { class: 'fld-label', for: ed.id, text: fieldLabel(key) })
      : h('legend', { class: 'fld-label', text: fieldLabel(key) });
    const body = [labelEl, ed.el,
      note ? h('div', { class: 'alert alert-warn', role: 'alert' },
        h('p', { text: note.message }),
        note.current !== undefined ? h('p', {}, h('strong', { text: t('conflict.current') }), ' ', displayValue(key, note.current)) : null) : null,
      err,
      h('div', { class: 'fld-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary btn-small', id: `save-${key}`, text: t('edit.save') }),
        h('button', { type: 'button', class: 'btn btn-small', id: `cancel-${key}`, onclick: cancel, text: t('edit.cancel') }))];
    const form = ed.labelled
      ? h('form', { class: 'fld-edit', novalidate: true }, body)
      : h('form', { class: 'fld-edit', novalidate: true }, h('fieldset', {}, body));
    for (const c of form.querySelectorAll('input, select, textarea')) {
      c.setAttribute('aria-describedby', errId);
    }
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const showErr = (msg) => {
        err.hidden = !msg;
        err.textContent = msg ? `${t('form.error_prefix')}${msg}` : '';
        for (const c of form.querySelectorAll('input, select, textarea')) {
          if (msg) c.setAttribute('aria-invalid', 'true');
          else c.removeAttribute('aria-invalid');
        }
      };
      const cur = ed.raw();
      drafts.set(dkey(`f.${key}`), cur);
      const r = fromRaw(key, cur);
      if (r.error) {
        showErr(r.error);
        ed.focus.focus();
        return;
      }
      const saveBtn = form.querySelector(`#save-${key}`);
      saveBtn.disabled = true;
      try {
        const body = r.patch || { [key]: r.value };
        const inc = await api.patch(base, body, { headers: { 'If-Match': `"${st.inc.version}"` } });
        drafts.del(dkey(`f.${key}`));
        fieldNotes.delete(key);
        st.inc = inc;
        const tl = await api.get(`${base}/timeline`);
        st.timeline = tl.items;
        loadVerify();
        draw({ focusField: key });
        loadPanels();
        toast(t('edit.saved', { field: fieldLabel(key) }));
      } catch (ex) {
        saveBtn.disabled = false;
        if (ex.status === 401) return;
        if (ex.status === 409 || ex.status === 412) {
          // Someone else changed the record: show theirs, keep ours.
          try {
            await reload();
          } catch {
            /* keep what we have */
          }
          fieldNotes.set(key, { message: t('conflict.message'), current: st.inc[key] });
          draw({ focusField: key, editing: true });
          return;
        }
        const keys = FIELDS[key].keys || [key];
        // A time that contradicts another is reported on the other one
        // (discovered before occurred): say that, not "check the form".
        showErr(keys.map((k) => fieldMessage(ex.fields, k)).find(Boolean) ||
          Object.values(ex.fields || {})[0] || ex.message);
        ed.focus.focus();
      }
    });
    return form;
  }

  function recordSection() {
    const warnings = st.inc.warnings || [];
    return h('section', { class: 'record', id: 'record', 'aria-labelledby': 'record-h' },
      h('h2', { id: 'record-h', text: t('record.title') }),
      // Contradictions the record lets through (issue 9): said where it is read.
      warnings.length ? h('div', { class: 'alert alert-warn', id: 'record-warnings' },
        h('p', { class: 'alert-title', text: t('record.warnings') }),
        h('ul', {}, warnings.map((w) => h('li', { 'data-key': w.key, text: w.message })))) : null,
      can('update') ? null : h('p', { class: 'hint', text: t('record.readonly') }),
      can('update') ? null : h('p', { class: 'hint', text: t('record.empty_hidden') }),
      SECTIONS.map(([skey, keys]) => {
        // Those who cannot edit are not shown the empty fields.
        const shown = keys.filter((k) => editableField(k) || !isEmpty(st.inc[k]));
        return shown.length ? h('section', { class: 'fld-group card', 'aria-labelledby': `sec-${skey}` },
          h('h3', { id: `sec-${skey}`, text: t(skey) }),
          shown.map(fieldRow)) : null;
      }),
      h('section', { class: 'fld-group card meta', 'aria-labelledby': 'sec-meta' },
        h('h3', { id: 'sec-meta', text: t('sec.meta') }),
        h('dl', { class: 'meta-list' },
          h('dt', { text: t('f.created_by') }), h('dd', { text: st.inc.created_by || '-' }),
          h('dt', { text: t('f.created_at') }), h('dd', {}, timeEl(st.inc.created_at)),
          h('dt', { text: t('f.updated_at') }), h('dd', {}, timeEl(st.inc.updated_at)),
          h('dt', { text: t('f.version') }), h('dd', { text: String(st.inc.version) }))));
  }

  // --- chronology
  function entryText(e) {
    const c = e.change;
    if (e.kind === 'phase_change' && c) {
      const to = label('phase', c.to);
      if (!c.from) return [h('p', { text: t('tl.created', { phase: to }) })];
      const phases = taxonomy('phase').items.map((p) => p.key);
      const back = phases.indexOf(c.to) < phases.indexOf(c.from);
      return [h('p', { text: t(back ? 'tl.moved_back' : 'tl.moved', { from: label('phase', c.from), to }) }),
        c.reason ? h('p', { class: 'reason' }, h('strong', { text: t('tl.reason') }), ' ', h('span', { class: 'pre', text: c.reason })) : null];
    }
    if (e.kind === 'field_change' && c) {
      return [h('p', { class: 'change' },
        h('strong', { text: fieldLabel(c.field) }), ': ',
        h('span', { class: 'from' }, displayValue(c.field, c.from, { short: true })),
        h('span', { class: 'arrow', text: ' → ' }),
        h('span', { class: 'to' }, displayValue(c.field, c.to, { short: true })))];
    }
    return [h('p', { class: 'pre', text: e.text ?? e.body })];
  }

  function chronologySection() {
    const items = [...st.timeline].sort((a, b) => b.seq - a.seq);
    const sec = h('section', { class: 'chronology card', id: 'chronology', 'aria-labelledby': 'tl-h' },
      h('h2', { id: 'tl-h', text: t('tl.title') }),
      h('p', { class: 'hint', text: t('tl.explain') }));
    if (can('note')) sec.append(noteForm());
    sec.append(h('ol', { class: 'timeline', id: 'timeline', reversed: true },
      items.map((e) => h('li', { class: ['entry', `entry-${e.kind}`], id: `entry-${e.seq}` },
        h('p', { class: 'entry-head' },
          h('span', { class: ['entry-kind', `ek-${e.kind}`], text: label('entry_kind', e.kind) }),
          h('span', { class: 'actor', text: e.actor === 'kizuki' ? t('tl.system') : e.actor }),
          timeEl(e.at),
          e.for_report ? h('span', { class: 'for-report', text: t('tl.for_report_badge') }) : null,
          h('span', { class: 'seq', text: `#${e.seq}` })),
        h('div', { class: 'entry-body' }, entryText(e))))));
    return sec;
  }

  function noteForm() {
    const saved = drafts.get(dkey('note')) || {};
    const reporterOnly = session.me.role === 'reporter';
    const kinds = reporterOnly ? ['note'] : ENTRY_KINDS;
    const kindSel = h('select', { id: 'note-kind', value: kinds.includes(saved.kind) ? saved.kind : 'note' },
      kinds.map((k) => h('option', { value: k, text: label('entry_kind', k) })));
    const body = h('textarea', { id: 'note-body', rows: '3', value: saved.body || '', 'aria-describedby': 'note-hint note-error' });
    const err = h('p', { class: 'field-error', id: 'note-error', hidden: true });
    // Chosen when writing: the chronology never changes an entry later.
    const forReport = h('input', { type: 'checkbox', id: 'note-for-report', checked: !!saved.for_report, 'aria-describedby': 'note-for-report-hint' });
    const save = () => drafts.set(dkey('note'), { kind: kindSel.value, body: body.value, for_report: forReport.checked });
    kindSel.addEventListener('change', save);
    body.addEventListener('input', save);
    forReport.addEventListener('change', save);
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'note-submit', text: t('tl.add') });
    const form = h('form', { class: 'note-form', novalidate: true, 'aria-label': t('tl.add_label') },
      reporterOnly ? null : h('div', { class: 'field' }, h('label', { for: 'note-kind', text: t('tl.kind') }), kindSel),
      h('div', { class: 'field' },
        h('label', { for: 'note-body', text: t('tl.body') }),
        h('p', { class: 'hint', id: 'note-hint', text: t('tl.body_hint') }),
        body, err),
      h('div', { class: 'field' },
        h('span', { class: 'check' }, forReport, h('label', { for: 'note-for-report', text: t('tl.for_report') })),
        h('p', { class: 'hint', id: 'note-for-report-hint', text: t('tl.for_report_hint') })),
      submit);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.hidden = true;
      body.removeAttribute('aria-invalid');
      if (!body.value.trim()) {
        err.hidden = false;
        err.textContent = `${t('form.error_prefix')}${t('form.required_msg')}`;
        body.setAttribute('aria-invalid', 'true');
        body.focus();
        return;
      }
      submit.disabled = true;
      try {
        await api.post(`${base}/timeline`, { kind: kindSel.value, body: body.value, for_report: forReport.checked });
        drafts.del(dkey('note'));
        const tl = await api.get(`${base}/timeline`);
        st.timeline = tl.items;
        loadVerify();
        draw();
        toast(t('tl.added'));
        const b = document.getElementById('note-body');
        if (b) b.focus();
      } catch (ex) {
        submit.disabled = false;
        if (ex.status === 401) return;
        err.hidden = false;
        err.textContent = `${t('form.error_prefix')}${ex.fields.body || ex.fields.kind || ex.message}`;
        body.setAttribute('aria-invalid', 'true');
        body.focus();
      }
    });
    return form;
  }

  function draw({ focusField, editing } = {}) {
    const y = window.scrollY;
    replace(page,
      header(),
      alerts,
      phaseSection(),
      showPanels ? pageNav() : null,
      showPanels ? h('div', { class: 'inc-response' }, P.tasks.el, h('div', { class: 'inc-side' }, P.summons.el, P.obligations.el, P.links.el,
        P.evidence.el, P.observables.el)) : null,
      h('div', { class: 'inc-columns' }, recordSection(), chronologySection()),
      showPanels ? h('div', { class: 'inc-duties' }, P.readiness.el, P.damage.el, P.disclosures.el, P.drafts.el, P.aftercare.el) : null);
    drawAlerts();
    drawVerify();
    window.scrollTo(0, y);
    if (focusField) {
      const row = document.getElementById(`fld-${focusField}`);
      const target = row && (editing ? row.querySelector('input, select, textarea') : row.querySelector('.btn-edit'));
      if (target) target.focus();
    }
  }

  // The first answers of the panels and of the check come before the
  // page is drawn: drawn empty, the panels would grow as they arrive and
  // push the record and the chronology down (cumulative layout shift,
  // tests/browser/firstload.test.mjs).  They are asked side by side.
  await Promise.all([loadVerify(), showPanels ? loadPanels() : null]);
  if (!current()) return undefined;
  draw();
  if (!showPanels) return undefined;
  // Arrived with the address of a section (the deadlines screen links
  // to #obligations): show it.
  if (location.hash) {
    const target = document.getElementById(location.hash.slice(1));
    if (target) target.scrollIntoView({ block: 'start' });
  }
  // Summonses are answered and delivered meanwhile: look again while
  // someone has not answered or a message is still on its way.
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible' && P.summons.busy()) loadPanel('summons');
  }, 10000);
  return () => clearInterval(timer);
}
