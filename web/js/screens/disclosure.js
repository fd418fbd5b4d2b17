// The incident page's panels for damage, disclosure and aftercare (SPEC
// C7, C9, C10): the JNSA damage estimate with every input and the cost
// ledger; how ready each planned communication is and who finds the
// missing facts by when; the generated drafts; the log of what went out,
// with a warning when the facts drifted since; contacts with affected
// persons and requests to wrong recipients until they are confirmed.
//
// Every form keeps what is typed as a draft in this tab.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { formatNumber, getZone, label, t, taxonomy, timeEl } from '../i18n.js';
import { can } from '../session.js';
import { isoInZone, isoToLocalInput, localInputToIso, nowLocalInput } from '../time.js';
import { alertBox, choices, drafts, errorSlot, field, formMessage, keepDraft, keepFocus, panel, readForm, showErrors, toast, yen } from '../ui.js';

// --- facts as stated in a disclosure, for people
function listOf(tax, v) {
  return v.split(',').filter(Boolean).map((k) => label(tax, k)).join(t('list.sep'));
}

export function factValue(fact, v) {
  if (v === null || v === undefined || v === '') return t('drift.unstated');
  switch (fact) {
    case 'persons':
      return /^\d+$/.test(v) ? t('unit.persons', { n: formatNumber(Number(v)) }) : v;
    case 'info_types':
      return listOf('info_type', v);
    case 'record_counts':
      return v.split(',').filter(Boolean).map((p) => {
        const [k, n] = p.split(':');
        return /^\d+$/.test(n || '') ? t('info.count', { type: label('info_type', k), n: formatNumber(Number(n)) }) : t('info.unknown_count', { type: label('info_type', k) });
      }).join(t('list.sep'));
    case 'category':
      return label('category', v);
    case 'leak_kinds':
      return listOf('leak_kind', v);
    case 'impacts':
      return listOf('impact', v);
    default:
      return v;
  }
}

// The warning at the top of the incident page: what changed since which
// disclosure, and that an updated statement is needed.
export function driftWarning(drift) {
  if (!drift || !drift.length) return null;
  return h('div', { class: 'alert alert-drift', role: 'alert', id: 'drift-warning' },
    h('p', { class: 'alert-title', text: t('drift.title') }),
    h('ul', {}, drift.map((d) => h('li', {},
      h('span', { text: t('drift.since', { kind: label('disclosure_kind', d.kind) }) }), ' ', timeEl(d.sent_at, 'short'),
      h('ul', {}, d.changes.map((c) => h('li', { class: 'drift-change' },
        h('strong', { text: c.label }), ': ',
        t('drift.change', { stated: factValue(c.fact, c.stated), now: factValue(c.fact, c.now) }))))))),
    h('p', {}, t('drift.ask'), ' ', h('a', { href: '#disclosures', text: t('drift.go') })));
}

function timeField(name, id, labelText, value, hint) {
  const input = h('input', { type: 'datetime-local', name, value });
  return field({ label: labelText, control: input, id, hint: hint || t('form.zone', { zone: getZone() }) });
}

function toIso(v) {
  if (!v) return { value: null };
  const iso = localInputToIso(v, getZone());
  return iso ? { value: iso } : { error: t('form.bad_time') };
}

// A form in a panel: drafts, the server's messages next to the fields.
function panelForm({ id, draft, heading, parts, map, submitText, toBody, send, after }) {
  const errors = errorSlot();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: `${id}-submit`, text: submitText });
  const form = h('form', { class: 'panel-form', id, novalidate: true, 'aria-labelledby': `${id}-h` },
    h('h3', { id: `${id}-h`, text: heading }), errors, parts, submit);
  keepDraft(form, draft);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.show(null);
    showErrors(map, {});
    const r = toBody(readForm(form));
    if (r.errors) {
      const first = showErrors(map, r.errors);
      errors.show(t('form.fix_errors'));
      if (first) first.focus();
      return;
    }
    submit.disabled = true;
    try {
      const res = await send(r.body);
      drafts.del(draft);
      await after(res);
    } catch (ex) {
      submit.disabled = false;
      if (ex.status === 401) return;
      errors.show(formMessage(ex));
      const first = showErrors(map, ex.fields);
      (first || submit).focus();
    }
  });
  return form;
}

// --- damage and costs
export function damagePanel(ctx) {
  const body = h('div', { id: 'damage-body' });
  const el = panel('damage', t('dmg.title'), body);
  let data = null;
  const DRAFT = `inc:${ctx.ref}:cost`;

  async function load() {
    data = await api.get(`${ctx.base}/damage`);
    draw();
  }

  function estimate(d) {
    if (!d.applies) return h('p', { class: 'empty-state', id: 'damage-na', text: t('dmg.not_applicable') });
    const i = d.inputs;
    const typeOf = (k, l) => (k ? t('dmg.set_by', { type: l || label('info_type', k) }) : '');
    return [
      h('div', { class: 'figures' },
        h('p', { class: 'figure' }, h('span', { class: 'figure-label', text: t('dmg.per_person') }), h('strong', { id: 'damage-per-person', text: yen(d.per_person_yen) })),
        h('p', { class: 'figure' },
          h('span', { class: 'figure-label', text: d.persons ? t('dmg.total_of', { n: formatNumber(d.persons) }) : t('dmg.total') }),
          d.persons ? h('strong', { id: 'damage-total', text: yen(d.total_yen) }) : h('strong', { id: 'damage-total', class: 'unknown', text: t('dmg.persons_unknown') }))),
      h('p', { class: 'formula', text: t('dmg.formula') }),
      h('dl', { class: 'meta-list inputs', id: 'damage-inputs' },
        h('dt', { text: t('dmg.x') }), h('dd', { text: `${i.x} ${typeOf(i.x_type, i.x_label)}` }),
        h('dt', { text: t('dmg.y') }), h('dd', { text: `${i.y} ${typeOf(i.y_type, i.y_label)}` }),
        h('dt', { text: t('dmg.sensitivity') }), h('dd', { text: t('dmg.sensitivity_is', { n: formatNumber(i.sensitivity), x: i.x, y: i.y }) }),
        h('dt', { text: t('dmg.identifiability') }), h('dd', { text: `${i.identifiability} ${t(`dmg.ident_${i.identifiability}`)}` }),
        h('dt', { text: t('dmg.social') }), h('dd', { text: `${i.social_responsibility} ${t(`dmg.social_${i.social_responsibility}`)}` }),
        h('dt', { text: t('dmg.response') }), h('dd', { text: `${i.response_evaluation} ${t(`dmg.response_${i.response_evaluation}`)}` }),
        h('dt', { text: t('dmg.persons') }), h('dd', { text: d.persons ? t('unit.persons', { n: formatNumber(d.persons) }) : t('dmg.persons_unknown') })),
      h('p', { class: 'hint', text: t('dmg.inputs_hint') }),
    ];
  }

  function costs(d) {
    const rows = d.costs.map((c) => h('tr', { id: `cost-${c.id}` },
      h('td', { text: label('cost_category', c.category) }),
      h('td', { class: 'num', text: yen(c.amount_yen) }),
      h('td', {}, c.note ? h('span', { class: 'pre', text: c.note }) : h('span', { class: 'empty', text: t('value.none_short') })),
      h('td', {}, c.spent_on ? timeEl(c.spent_on, 'short') : timeEl(c.created_at, 'short')),
      h('td', { text: c.created_by || '-' })));
    const totals = Object.entries(d.cost_totals).sort((a, b) => b[1] - a[1]);
    return [
      h('h3', { id: 'costs-h', text: t('cost.title') }),
      d.costs.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'records costs', id: 'costs' },
        h('caption', { class: 'sr-only', text: t('cost.title') }),
        h('thead', {}, h('tr', {}, ['cost.category', 'cost.amount', 'cost.note', 'cost.when', 'cost.by'].map((k) => h('th', { scope: 'col', text: t(k) })))),
        h('tbody', {}, rows))) : h('p', { class: 'empty', text: t('cost.none') }),
      totals.length ? h('dl', { class: 'meta-list totals', id: 'cost-totals' },
        totals.map(([k, v]) => [h('dt', { text: label('cost_category', k) }), h('dd', { class: 'num', text: yen(v) })]),
        h('dt', { class: 'grand', text: t('cost.total') }), h('dd', { class: 'num grand', id: 'cost-total', text: yen(d.cost_total_yen) })) : null,
    ];
  }

  function costForm() {
    const cat = h('select', { name: 'category', value: '' },
      h('option', { value: '', text: t('report.info_choose') }),
      taxonomy('cost_category').items.map((c) => h('option', { value: c.key, text: c.label })));
    const amount = h('input', { type: 'number', name: 'amount_yen', min: '0', step: '1', inputmode: 'numeric' });
    const note = h('input', { type: 'text', name: 'note', maxlength: '500', autocomplete: 'off' });
    const when = h('input', { type: 'datetime-local', name: 'spent_on' });
    const map = {
      category: field({ label: t('cost.category'), control: cat, required: true, id: 'cost-category' }),
      amount_yen: field({ label: t('cost.amount_yen'), control: amount, required: true, id: 'cost-amount', hint: t('cost.amount_hint') }),
      note: field({ label: t('cost.note'), control: note, id: 'cost-note' }),
      spent_on: field({ label: t('cost.when'), control: when, id: 'cost-when', hint: t('form.zone', { zone: getZone() }) }),
    };
    return panelForm({
      id: 'cost-form', draft: DRAFT, heading: t('cost.add'), map, submitText: t('cost.add_submit'),
      parts: [h('div', { class: 'form-grid' }, map.category, map.amount_yen), h('div', { class: 'form-grid' }, map.note, map.spent_on)],
      toBody: (v) => {
        const errors = {};
        if (!v.category) errors.category = t('form.required_msg');
        if (!/^\d+$/.test(v.amount_yen.trim())) errors.amount_yen = t('cost.amount_bad');
        const w = toIso(v.spent_on);
        if (w.error) errors.spent_on = w.error;
        if (Object.keys(errors).length) return { errors };
        const body = { category: v.category, amount_yen: Number(v.amount_yen) };
        if (v.note.trim()) body.note = v.note.trim();
        if (w.value) body.spent_on = w.value;
        return { body };
      },
      send: (b) => api.post(`${ctx.base}/costs`, b),
      after: (res) => {
        data = res;
        draw();
        toast(t('cost.added', { amount: yen(res.cost_total_yen) }));
        const c = document.getElementById('cost-category');
        if (c) c.focus();
        ctx.changed('costs');
      },
    });
  }

  function draw() {
    if (!data) return;
    keepFocus(el, () => replace(body,
      h('h3', { class: 'sr-only', text: t('dmg.estimate') }),
      estimate(data),
      costs(data),
      can('respond') ? costForm() : null));
  }

  return { el, load };
}

// --- readiness of the planned communications
export function readinessPanel(ctx) {
  const body = h('div', { id: 'readiness-body' });
  const el = panel('readiness', t('ready.title'), h('p', { class: 'hint', text: t('ready.lead') }), body);
  let items = [];
  const OPEN = `inc:${ctx.ref}:fact.open`;

  async function load() {
    items = (await api.get(`${ctx.base}/readiness`)).items;
    draw();
  }

  function card(k) {
    const unknown = k.facts.filter((f) => !f.known);
    return h('li', { class: ['ready-card', k.percent === 100 ? 'is-ready' : null], id: `ready-${k.kind}` },
      h('h3', { text: k.label }),
      h('p', { class: 'ready-figure' },
        h('strong', { class: 'percent', text: t('ready.percent', { n: k.percent }) }), ' ',
        h('span', { class: 'rec-sub', text: t('ready.known_of', { known: k.known, needed: k.needed }) })),
      h('div', { class: 'meter', role: 'img', 'aria-label': t('ready.percent', { n: k.percent }) },
        h('span', { class: ['meter-fill', `w-${Math.round(k.percent / 10) * 10}`] })),
      unknown.length ? h('ul', { class: 'facts', 'aria-label': t('ready.unknown_list') }, unknown.map((f) => h('li', { class: 'fact-unknown' },
        h('span', { class: 'fact-mark', text: t('ready.unknown') }), ' ', f.label)))
        : h('p', { class: 'ready-ok', text: t('ready.all_known') }),
      k.known ? h('p', { class: 'facts-known' },
        h('span', { class: 'fact-mark', text: t('ready.known') }), ' ',
        k.facts.filter((f) => f.known).map((f) => f.label).join(t('list.sep'))) : null);
  }

  function factsTable() {
    const byFact = new Map();
    for (const k of items) {
      for (const f of k.facts) {
        if (f.known) continue;
        const e = byFact.get(f.fact) || { ...f, kinds: [] };
        e.kinds.push(k.label);
        byFact.set(f.fact, e);
      }
    }
    const rows = [...byFact.values()];
    if (!rows.length) return h('p', { class: 'ready-ok', text: t('ready.nothing_missing') });
    const open = drafts.get(OPEN);
    return [
      h('h3', { id: 'facts-h', text: t('ready.missing') }),
      h('div', { class: 'table-wrap' }, h('table', { class: 'records facts-table', id: 'facts' },
        h('caption', { class: 'sr-only', text: t('ready.missing') }),
        h('thead', {}, h('tr', {}, ['ready.fact', 'ready.needed_by', 'ready.owner', 'ready.due', can('respond') ? 'admin.actions' : null]
          .filter(Boolean).map((k) => h('th', { scope: 'col', text: t(k) })))),
        h('tbody', {}, rows.map((f) => [
          h('tr', { id: `fact-${f.fact}` },
            h('th', { scope: 'row', text: f.label }),
            h('td', {}, h('span', { class: 'rec-sub', text: f.kinds.join(t('list.sep')) })),
            h('td', {}, f.owner ? h('span', { text: f.owner }) : h('span', { class: 'flag flag-warn', text: t('ready.no_owner') })),
            h('td', {}, f.due_at ? [timeEl(f.due_at, 'short'), Date.parse(f.due_at) < Date.now() ? h('span', { class: 'flag flag-overdue', text: t('ready.late') }) : null] : h('span', { class: 'empty', text: t('value.none_short') })),
            can('respond') ? h('td', {}, h('button', {
              type: 'button', class: 'btn btn-small', id: `fact-${f.fact}-assign`,
              'aria-label': t('ready.assign_of', { fact: f.label }),
              onclick: () => {
                drafts.set(OPEN, f.fact);
                draw();
                const c = document.getElementById(`fact-form-${f.fact}-owner`);
                if (c) c.focus();
              },
            }, t('ready.assign'))) : null),
          open === f.fact && can('respond') ? h('tr', { class: 'form-row' }, h('td', { colspan: '5' }, factForm(f))) : null,
        ])))),
    ];
  }

  function factForm(f) {
    const id = `fact-form-${f.fact}`;
    const owner = h('input', { type: 'text', name: 'owner', maxlength: '200', autocomplete: 'off', value: f.owner || '', list: `${id}-people` });
    const due = h('input', { type: 'datetime-local', name: 'due_at', value: f.due_at ? isoLocal(f.due_at) : '' });
    const map = {
      owner: field({ label: t('ready.owner_of', { fact: f.label }), control: owner, id: `${id}-owner` }),
      due_at: field({ label: t('ready.due'), control: due, id: `${id}-due`, hint: t('form.zone', { zone: getZone() }) }),
    };
    const cancel = () => {
      drafts.del(`inc:${ctx.ref}:fact.${f.fact}`);
      drafts.del(OPEN);
      draw();
      const b = document.getElementById(`fact-${f.fact}-assign`);
      if (b) b.focus();
    };
    const form = panelForm({
      id, draft: `inc:${ctx.ref}:fact.${f.fact}`, heading: t('ready.assign_heading', { fact: f.label }), map,
      submitText: t('ready.assign_submit'),
      parts: [h('div', { class: 'form-grid' }, map.owner, map.due_at),
        h('datalist', { id: `${id}-people` }, ctx.people().map((p) => h('option', { value: p }))),
        h('button', { type: 'button', class: 'btn btn-small form-cancel', text: t('edit.cancel'), onclick: cancel })],
      toBody: (v) => {
        const d = toIso(v.due_at);
        if (d.error) return { errors: { due_at: d.error } };
        return { body: { owner: v.owner.trim() || null, due_at: d.value } };
      },
      send: (b) => api.put(`${ctx.base}/facts/${encodeURIComponent(f.fact)}`, b),
      after: (res) => {
        drafts.del(OPEN);
        items = res.items;
        draw();
        toast(t('ready.assigned', { fact: f.label }));
        const b = document.getElementById(`fact-${f.fact}-assign`);
        if (b) b.focus();
        ctx.changed('facts');
      },
    });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        cancel();
      }
    });
    return form;
  }

  function draw() {
    keepFocus(el, () => replace(body,
      h('ul', { class: 'ready-cards' }, items.map(card)),
      factsTable()));
  }

  return { el, load };
}

function isoLocal(iso) {
  return isoToLocalInput(iso, getZone());
}

// --- drafts generated from the record
const DRAFTS = ['appi_report', 'individual_notice', 'press_release', 'incident_report'];

export function draftsPanel(ctx) {
  const KEY = `inc:${ctx.ref}:docs`;
  const saved = drafts.get(KEY) || {};
  const which = h('select', { id: 'doc-name', value: DRAFTS.includes(saved.name) ? saved.name : 'appi_report' },
    DRAFTS.map((d) => h('option', { value: d, text: t(`doc.${d}`) })));
  const lang = choices({
    legend: t('doc.lang'), name: 'doc-lang', id: 'doc-lang', type: 'radio', required: true,
    items: [{ key: 'ja', label: t('doc.lang_ja') }, { key: 'en', label: t('doc.lang_en') }], values: saved.lang || 'ja',
  });
  // The APPI report is drafted as the 速報 or the 確報.
  const stage = choices({
    legend: t('doc.stage'), name: 'doc-stage', id: 'doc-stage', type: 'radio', required: true,
    items: [{ key: 'preliminary', label: t('doc.stage_preliminary') }, { key: 'final', label: t('doc.stage_final') }],
    values: saved.stage === 'final' ? 'final' : 'preliminary',
  });
  const out = h('div', { class: 'doc-out', id: 'doc-out' });
  const print = h('a', { class: 'btn', id: 'doc-print', target: '_blank', rel: 'noopener' }, t('doc.print'));
  const langOf = () => (lang.querySelector('input:checked') || {}).value || 'ja';
  const finalOf = () => which.value === 'appi_report' && (stage.querySelector('input:checked') || {}).value === 'final';
  const sync = () => {
    stage.hidden = which.value !== 'appi_report';
    drafts.set(KEY, { name: which.value, lang: langOf(), stage: finalOf() ? 'final' : 'preliminary' });
    print.href = `${ctx.base}/drafts/${which.value}?format=html&lang=${langOf()}${finalOf() ? '&stage=final' : ''}`;
    print.setAttribute('aria-label', t('doc.print_of', { doc: t(`doc.${which.value}`) }));
  };
  which.addEventListener('change', sync);
  lang.addEventListener('change', sync);
  stage.addEventListener('change', sync);
  sync();

  async function show() {
    replace(out, h('p', { class: 'hint', role: 'status', text: t('doc.loading') }));
    try {
      const query = { format: 'md', lang: langOf() };
      if (finalOf()) query.stage = 'final';
      const md = await api.text(`${ctx.base}/drafts/${which.value}`, query);
      const area = h('textarea', { id: 'doc-text', readonly: true, rows: '18', class: 'doc-text', spellcheck: 'false', value: md });
      const copy = h('button', {
        type: 'button', class: 'btn btn-small', id: 'doc-copy',
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(area.value);
          } catch {
            area.select();
            document.execCommand('copy');
          }
          toast(t('doc.copied'));
        },
      }, t('doc.copy'));
      replace(out,
        h('div', { class: 'doc-head' },
          h('label', { for: 'doc-text', text: t('doc.markdown_of', { doc: t(`doc.${which.value}`) }) }), copy),
        h('p', { class: 'hint', text: t('doc.unknown_hint') }),
        area);
    } catch (e) {
      if (e.status !== 401) replace(out, alertBox(e.message));
    }
  }

  const el = panel('drafts', t('doc.title'),
    h('p', { class: 'hint', text: t('doc.lead') }),
    h('div', { class: 'doc-controls' },
      h('div', { class: 'field' }, h('label', { for: 'doc-name', text: t('doc.which') }), which),
      lang,
      stage,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn-primary', id: 'doc-show', onclick: show }, t('doc.show')),
        print)),
    out);
  return { el, load: async () => {} };
}

// --- the disclosure log
export function disclosuresPanel(ctx) {
  const body = h('div', { id: 'disclosures-body' });
  const el = panel('disclosures', t('disc.title'), h('p', { class: 'hint', text: t('disc.lead') }), body);
  let data = { items: [], drift: [] };
  const DRAFT = `inc:${ctx.ref}:disclosure`;

  async function load() {
    data = await api.get(`${ctx.base}/disclosures`);
    draw();
  }

  function log() {
    const items = [...data.items].sort((a, b) => Date.parse(b.sent_at) - Date.parse(a.sent_at));
    if (!items.length) return h('p', { class: 'empty', text: t('disc.none') });
    return h('ol', { class: 'disclosure-log', id: 'disclosure-log' }, items.map((d) => h('li', { class: 'disclosure', id: `disclosure-${d.id}` },
      h('p', { class: 'entry-head' },
        h('span', { class: 'entry-kind', text: label('disclosure_kind', d.kind) }),
        timeEl(d.sent_at),
        d.audience ? h('span', { text: t('disc.to', { audience: d.audience }) }) : null,
        h('span', { class: 'actor', text: d.created_by || '' })),
      d.summary ? h('p', { class: 'pre', text: d.summary }) : null,
      d.facts ? h('details', { class: 'stated' },
        h('summary', { text: t('disc.stated') }),
        h('dl', { class: 'meta-list' }, Object.entries(d.facts).map(([k, v]) => [
          h('dt', { text: t(`drift.${k}`) }), h('dd', { text: factValue(k, v) })]))) : null)));
  }

  function form() {
    const kind = h('select', { name: 'kind', value: '' },
      h('option', { value: '', text: t('report.info_choose') }),
      taxonomy('disclosure_kind').items.map((k) => h('option', { value: k.key, text: k.label })));
    const audience = h('input', { type: 'text', name: 'audience', maxlength: '200', autocomplete: 'off' });
    const sent = h('input', { type: 'datetime-local', name: 'sent_at', value: nowLocalInput(getZone()) });
    const summary = h('textarea', { name: 'summary', rows: '3' });
    const map = {
      kind: field({ label: t('disc.kind'), control: kind, required: true, id: 'disc-kind' }),
      audience: field({ label: t('disc.audience'), control: audience, id: 'disc-audience', hint: t('disc.audience_hint') }),
      sent_at: field({ label: t('disc.sent_at'), control: sent, id: 'disc-sent', hint: t('form.zone', { zone: getZone() }) }),
      summary: field({ label: t('disc.summary'), control: summary, id: 'disc-summary', hint: t('disc.summary_hint') }),
    };
    return panelForm({
      id: 'disc-form', draft: DRAFT, heading: t('disc.add'), map, submitText: t('disc.add_submit'),
      parts: [h('p', { class: 'hint', text: t('disc.add_hint') }), h('div', { class: 'form-grid' }, map.kind, map.sent_at), map.audience, map.summary],
      toBody: (v) => {
        const errors = {};
        if (!v.kind) errors.kind = t('form.required_msg');
        const s = toIso(v.sent_at);
        if (s.error) errors.sent_at = s.error;
        if (Object.keys(errors).length) return { errors };
        const b = { kind: v.kind };
        if (s.value) b.sent_at = s.value;
        if (v.audience.trim()) b.audience = v.audience.trim();
        if (v.summary.trim()) b.summary = v.summary.trim();
        return { body: b };
      },
      send: (b) => api.post(`${ctx.base}/disclosures`, b),
      after: (res) => {
        data = res;
        draw();
        toast(t('disc.added'));
        const c = document.getElementById('disc-kind');
        if (c) c.focus();
        ctx.changed('disclosures');
      },
    });
  }

  function draw() {
    keepFocus(el, () => replace(body,
      driftWarningShort(data.drift),
      log(),
      can('respond') ? form() : null));
  }

  return { el, load };
}

function driftWarningShort(drift) {
  if (!drift || !drift.length) return null;
  return h('p', { class: 'flag flag-overdue drift-note', text: t('drift.short', { n: drift.length }) });
}

// --- aftercare
const REQUESTS = ['deletion_request', 'return_request'];

export function aftercarePanel(ctx) {
  const body = h('div', { id: 'aftercare-body' });
  const el = panel('aftercare', t('after.title'), h('p', { class: 'hint', text: t('after.lead') }), body);
  let data = { items: [], total: 0, requests: 0, unconfirmed: 0 };
  const DRAFT = `inc:${ctx.ref}:aftercare`;

  async function load() {
    data = await api.get(`${ctx.base}/aftercare`);
    draw();
  }

  async function confirmIt(it) {
    try {
      data = await api.patch(`${ctx.base}/aftercare/${it.id}`, { confirmed_at: isoInZone(Date.now(), getZone()) },
        { headers: { 'If-Match': `"${it.version}"` } });
      draw();
      toast(t('after.confirmed_msg', { party: it.party }));
      const row = document.getElementById(`after-${it.id}`);
      if (row) {
        row.setAttribute('tabindex', '-1');
        row.focus();
      }
      ctx.changed('aftercare');
    } catch (e) {
      if (e.status === 409) {
        await load();
        toast(t('config.conflict_list'));
      } else if (e.status !== 401) {
        toast(e.message);
      }
    }
  }

  function list() {
    if (!data.items.length) return h('p', { class: 'empty', text: t('after.none') });
    const items = [...data.items].sort((a, b) => {
      const wa = REQUESTS.includes(a.kind) && !a.confirmed_at ? 0 : 1;
      const wb = REQUESTS.includes(b.kind) && !b.confirmed_at ? 0 : 1;
      return wa - wb || b.id - a.id;
    });
    return h('div', { class: 'table-wrap' }, h('table', { class: 'records aftercare', id: 'aftercare-table' },
      h('caption', { class: 'sr-only', text: t('after.title') }),
      h('thead', {}, h('tr', {}, ['after.kind', 'after.party', 'after.count', 'after.sent_at', 'after.confirmed_at', can('respond') ? 'admin.actions' : null]
        .filter(Boolean).map((k) => h('th', { scope: 'col', text: t(k) })))),
      h('tbody', {}, items.map((it) => {
        const req = REQUESTS.includes(it.kind);
        const waiting = req && !it.confirmed_at;
        return h('tr', { id: `after-${it.id}`, class: waiting ? 'is-waiting' : null },
          h('td', {}, label('aftercare_kind', it.kind), it.note ? h('span', { class: 'rec-sub pre', text: it.note }) : null),
          h('th', { scope: 'row', text: it.party }),
          h('td', { class: 'num', text: formatNumber(it.count) }),
          h('td', {}, it.sent_at ? timeEl(it.sent_at, 'short') : h('span', { class: 'empty', text: t('value.none_short') })),
          h('td', {}, it.confirmed_at ? [h('span', { class: 'flag flag-ok', text: t('after.confirmed') }), ' ', timeEl(it.confirmed_at, 'short')]
            : req ? h('span', { class: 'flag flag-warn', text: t('after.unconfirmed') }) : h('span', { class: 'empty', text: t('value.none_short') })),
          can('respond') ? h('td', {}, waiting ? h('button', {
            type: 'button', class: 'btn btn-small btn-primary', id: `after-${it.id}-confirm`,
            'aria-label': t('after.confirm_of', { party: it.party }), onclick: () => confirmIt(it),
          }, t('after.confirm')) : null) : null);
      }))));
  }

  function form() {
    const kind = h('select', { name: 'kind', value: '' },
      h('option', { value: '', text: t('report.info_choose') }),
      taxonomy('aftercare_kind').items.map((k) => h('option', { value: k.key, text: k.label })));
    const party = h('input', { type: 'text', name: 'party', maxlength: '200', autocomplete: 'off' });
    const count = h('input', { type: 'number', name: 'count', min: '1', step: '1', inputmode: 'numeric', value: '1' });
    const sent = h('input', { type: 'datetime-local', name: 'sent_at', value: nowLocalInput(getZone()) });
    const note = h('input', { type: 'text', name: 'note', maxlength: '500', autocomplete: 'off' });
    const map = {
      kind: field({ label: t('after.kind'), control: kind, required: true, id: 'after-kind' }),
      party: field({ label: t('after.party'), control: party, required: true, id: 'after-party', hint: t('after.party_hint') }),
      count: field({ label: t('after.count'), control: count, required: true, id: 'after-count' }),
      sent_at: field({ label: t('after.sent_at'), control: sent, id: 'after-sent', hint: t('form.zone', { zone: getZone() }) }),
      note: field({ label: t('after.note'), control: note, id: 'after-note' }),
    };
    return panelForm({
      id: 'after-form', draft: DRAFT, heading: t('after.add'), map, submitText: t('after.add_submit'),
      parts: [h('div', { class: 'form-grid' }, map.kind, map.party), h('div', { class: 'form-grid' }, map.count, map.sent_at), map.note],
      toBody: (v) => {
        const errors = {};
        if (!v.kind) errors.kind = t('form.required_msg');
        if (!v.party.trim()) errors.party = t('form.required_msg');
        if (!/^\d+$/.test(v.count.trim()) || Number(v.count) < 1) errors.count = t('after.count_bad');
        const s = toIso(v.sent_at);
        if (s.error) errors.sent_at = s.error;
        if (Object.keys(errors).length) return { errors };
        const b = { kind: v.kind, party: v.party.trim(), count: Number(v.count) };
        if (s.value) b.sent_at = s.value;
        if (v.note.trim()) b.note = v.note.trim();
        return { body: b };
      },
      send: (b) => api.post(`${ctx.base}/aftercare`, b),
      after: (res) => {
        data = res;
        draw();
        toast(t('after.added'));
        const c = document.getElementById('after-kind');
        if (c) c.focus();
        ctx.changed('aftercare');
      },
    });
  }

  function draw() {
    keepFocus(el, () => replace(body,
      h('p', { class: ['after-summary', data.unconfirmed ? 'has-waiting' : null], id: 'after-summary', role: 'status' },
        data.unconfirmed
          ? h('span', { class: 'flag flag-warn', text: t('after.waiting', { n: formatNumber(data.unconfirmed) }) })
          : h('span', { class: 'flag flag-ok', text: data.requests ? t('after.all_confirmed') : t('after.no_requests') }),
        ' ', h('span', { class: 'rec-sub', text: t('after.totals', { total: formatNumber(data.total), requests: formatNumber(data.requests) }) })),
      list(),
      can('respond') ? form() : null));
  }

  return { el, load };
}

