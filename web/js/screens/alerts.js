// アラート / Alerts: the queue of alerts from detection tools (issue 10
// item 3).  Those who triage filter it by status, see repeats and groups,
// select several alerts and promote them to a new incident, attach them
// to an existing one, or ignore them with a reason; an alert's own page
// shows everything it holds, the tool's raw record as text.

import { api, fieldMessage } from '../api.js';
import { h, replace } from '../dom.js';
import { formatNumber, t, timeEl } from '../i18n.js';
import { can } from '../session.js';
import { alertBox, errorSlot, field, formMessage, title, toast } from '../ui.js';

const STATUSES = ['new', 'under_review', 'promoted', 'merged', 'ignored'];
const PAGE = 100;

function statusBadge(status) {
  return h('span', { class: ['alert-status', `alert-status-${status}`], text: t(`alert.status.${status}`) });
}

function severityText(sev) {
  return sev ? h('span', { class: ['alert-sev', `alert-sev-${sev}`], text: t(`alert.sev.${sev}`) })
    : h('span', { class: 'empty', text: t('value.none') });
}

function incidentLink(ref) {
  return ref ? h('a', { class: 'ref', href: `/incidents/${encodeURIComponent(ref)}`, text: ref }) : null;
}

// The raw record as the tool sent it: pretty-printed when it is JSON,
// always inserted as text.
function rawText(raw) {
  if (raw === null || raw === undefined) return null;
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

function row(a, selectable, selected, onToggle) {
  const box = selectable && !['promoted', 'merged'].includes(a.status)
    ? h('input', {
      type: 'checkbox', class: 'alert-select', value: String(a.id), checked: selected.has(a.id),
      'aria-label': t('alert.select', { id: a.id, title: a.title }),
      onchange: (e) => onToggle(a.id, e.target.checked),
    })
    : null;
  return h('tr', { id: `alert-${a.id}`, class: `alert-row-${a.status}` },
    selectable ? h('td', { class: 'alert-check' }, box) : null,
    h('td', {}, h('a', { href: `/alerts/${a.id}`, text: `#${a.id}` })),
    h('td', {}, statusBadge(a.status)),
    h('td', {}, severityText(a.severity)),
    h('td', {},
      h('span', { class: 'alert-title', text: a.title }),
      h('span', { class: 'rec-sub', text: `${a.source} · ${a.source_ref}` })),
    h('td', { class: 'num' }, a.repeat_count > 1
      ? h('span', { class: 'alert-repeats', text: t('alert.repeats', { n: formatNumber(a.repeat_count) }) })
      : '1'),
    h('td', {}, h('a', {
      href: `/alerts?group=${a.group}`, class: 'alert-group',
      'aria-label': t('alert.group_link', { group: a.group }), text: `G${a.group}`,
    })),
    h('td', {}, timeEl(a.last_seen)),
    h('td', {}, incidentLink(a.incident)));
}

export async function render({ view, current, navigate }) {
  view.append(title(t('alert.title')), h('p', { class: 'lead', text: t('alert.lead') }));
  if (!can('alerts')) {
    view.append(alertBox(t('config.forbidden')));
    return;
  }
  const params = new URLSearchParams(location.search);
  const group = params.get('group');
  let status = params.get('status') ?? (group ? '' : 'new');
  const selectable = can('triage');
  const selected = new Set();
  let items = [];
  let cursor = null;

  const filter = h('select', { id: 'alert-status-filter', name: 'status' },
    h('option', { value: '', text: t('alert.status.all') }),
    STATUSES.map((s) => h('option', { value: s, text: t(`alert.status.${s}`) })));
  filter.value = status;
  const count = h('p', { class: 'result-count', id: 'alert-count', role: 'status' });
  const tableBody = h('tbody', { id: 'alert-rows' });
  const more = h('button', { type: 'button', class: 'btn btn-quiet', id: 'alert-more', hidden: true, text: t('alert.more') });
  const errors = errorSlot();
  const selCount = h('span', { id: 'alert-selected', 'aria-live': 'polite' });

  function drawCount() {
    count.textContent = t('alert.count', { n: formatNumber(items.length) }) + (cursor ? t('alert.count_more') : '');
    selCount.textContent = t('alert.selected', { n: selected.size });
  }
  function toggle(id, on) {
    if (on) selected.add(id);
    else selected.delete(id);
    drawCount();
  }
  function draw() {
    replace(tableBody, items.length ? items.map((a) => row(a, selectable, selected, toggle))
      : h('tr', {}, h('td', { colspan: selectable ? 9 : 8, class: 'empty-state', text: t('alert.none') })));
    more.hidden = !cursor;
    drawCount();
  }
  async function load(append) {
    const q = { limit: PAGE };
    if (status) q.status = status;
    if (group) q.group = group;
    if (append && cursor) q.cursor = cursor;
    const r = await api.get('/api/v1/alerts', q);
    if (!current()) return;
    items = append ? items.concat(r.items) : r.items;
    cursor = r.next_cursor;
    draw();
  }
  filter.addEventListener('change', async () => {
    status = filter.value;
    const q = new URLSearchParams();
    if (status) q.set('status', status);
    if (group) q.set('group', group);
    history.replaceState(null, '', `/alerts${q.toString() ? `?${q}` : ''}`);
    selected.clear();
    await load(false);
  });
  more.addEventListener('click', () => load(true));

  const head = h('thead', {}, h('tr', {},
    selectable ? h('th', { scope: 'col' }, h('span', { class: 'sr-only', text: t('alert.col.select') })) : null,
    ['alert.col.id', 'alert.col.status', 'alert.col.severity', 'alert.col.title', 'alert.col.repeats',
      'alert.col.group', 'alert.col.last_seen', 'alert.col.incident']
      .map((k) => h('th', { scope: 'col', text: t(k) }))));

  view.append(
    h('div', { class: 'alert-filters' },
      field({ label: t('alert.filter_status'), control: filter }),
      group ? h('p', {}, t('alert.group_filter', { group }), ' ',
        h('a', { href: '/alerts', text: t('alert.group_clear') })) : null),
    count,
    selectable ? actions() : null,
    errors,
    // Scrolls sideways on a phone: reachable from the keyboard.
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('alert.title') },
      h('table', { class: 'records alerts' },
        h('caption', { class: 'sr-only', text: t('alert.title') }), head, tableBody)),
    more);
  await load(false);

  // The actions on the selected alerts: promote, attach, ignore.
  function actions() {
    const ref = h('input', { type: 'text', id: 'alert-attach-ref', name: 'ref', autocomplete: 'off', placeholder: 'INC-2026-0001' });
    const reason = h('input', { type: 'text', id: 'alert-ignore-reason', name: 'reason', autocomplete: 'off' });
    const refField = field({ label: t('alert.attach_ref'), control: ref });
    const reasonField = field({ label: t('alert.ignore_reason'), control: reason });
    function chosen() {
      if (selected.size) return [...selected];
      errors.show(t('alert.choose_first'));
      return null;
    }
    async function promote(incident) {
      const ids = chosen();
      if (!ids) return;
      refField.setError(null);
      try {
        const r = await api.post('/api/v1/alerts/promote', { alerts: ids, incident });
        errors.show(null);
        toast(t(incident ? 'alert.attached' : 'alert.promoted', { ref: r.incident, n: ids.length }));
        await navigate(`/incidents/${encodeURIComponent(r.incident)}`);
      } catch (err) {
        if (incident && (err.status === 404 || fieldMessage(err.fields, 'incident'))) {
          refField.setError(err.status === 404 ? t('alert.no_incident') : fieldMessage(err.fields, 'incident'));
          ref.focus();
        } else {
          errors.show(err.message);
        }
      }
    }
    async function ignore() {
      const ids = chosen();
      if (!ids) return;
      reasonField.setError(null);
      if (!reason.value.trim()) {
        reasonField.setError(t('alert.reason_needed'));
        reason.focus();
        return;
      }
      try {
        for (const id of ids) {
          await api.patch(`/api/v1/alerts/${id}`, { status: 'ignored', reason: reason.value.trim() });
        }
        errors.show(null);
        reason.value = '';
        selected.clear();
        toast(t('alert.ignored', { n: ids.length }));
        await load(false);
      } catch (err) {
        const m = fieldMessage(err.fields, 'reason');
        if (m) reasonField.setError(m);
        else errors.show(formMessage(err));
        await load(false);
      }
    }
    const attachForm = h('form', { class: 'alert-attach', onsubmit: (e) => {
      e.preventDefault();
      const v = ref.value.trim().toUpperCase();
      if (!/^INC-\d{4}-\d{4,9}$/.test(v)) {
        refField.setError(t('alert.ref_format'));
        ref.focus();
        return;
      }
      promote(v);
    } }, refField, h('button', { type: 'submit', class: 'btn', id: 'alert-attach', text: t('alert.attach') }));
    const ignoreForm = h('form', { class: 'alert-ignore', onsubmit: (e) => {
      e.preventDefault();
      ignore();
    } }, reasonField, h('button', { type: 'submit', class: 'btn btn-quiet', id: 'alert-ignore', text: t('alert.ignore') }));
    return h('section', { class: 'alert-actions', 'aria-labelledby': 'alert-actions-h' },
      h('h2', { id: 'alert-actions-h', text: t('alert.actions') }),
      h('p', {}, selCount),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'alert-promote', text: t('alert.promote'), onclick: () => promote(null) }),
      attachForm, ignoreForm);
  }
}

// One alert in full.
export async function renderOne({ view, params, current }) {
  view.append(title(t('alert.one_title', { id: params.id })));
  if (!can('alerts')) {
    view.append(alertBox(t('config.forbidden')));
    return;
  }
  let a;
  try {
    a = await api.get(`/api/v1/alerts/${encodeURIComponent(params.id)}`);
  } catch (err) {
    if (!current()) return;
    view.append(alertBox(err.status === 404 ? t('alert.not_found') : err.message));
    return;
  }
  if (!current()) return;
  const dl = h('dl', { class: 'alert-detail' },
    [
      ['alert.col.status', statusBadge(a.status)],
      ['alert.col.severity', severityText(a.severity)],
      ['alert.col.title', a.title],
      ['alert.source', `${a.source} · ${a.source_ref}`],
      ['alert.occurred_at', timeEl(a.occurred_at)],
      ['alert.first_seen', timeEl(a.first_seen)],
      ['alert.col.last_seen', timeEl(a.last_seen)],
      ['alert.col.repeats', formatNumber(a.repeat_count)],
      ['alert.col.group', h('a', { href: `/alerts?group=${a.group}`, text: `G${a.group}` })],
      ['alert.col.incident', incidentLink(a.incident) || h('span', { class: 'empty', text: t('value.none') })],
      a.reason ? ['alert.reason', a.reason] : null,
    ].filter(Boolean).map(([k, v]) => [h('dt', { text: t(k) }), h('dd', {}, v)]));
  const obs = a.observables.length
    ? h('ul', { class: 'alert-obs' }, a.observables.map((o) => h('li', {},
      h('span', { class: 'obs-type', text: o.type }), ' ', h('code', { text: o.value }))))
    : h('p', { class: 'empty-state', text: t('alert.no_observables') });
  const raw = rawText(a.raw);
  view.append(
    h('p', {}, h('a', { href: '/alerts', text: t('alert.back') })),
    dl,
    h('section', { 'aria-labelledby': 'alert-desc-h' },
      h('h2', { id: 'alert-desc-h', text: t('alert.description') }),
      a.description ? h('p', { class: 'alert-description', text: a.description })
        : h('p', { class: 'empty-state', text: t('value.none') })),
    h('section', { 'aria-labelledby': 'alert-obs-h' },
      h('h2', { id: 'alert-obs-h', text: t('alert.observables') }), obs),
    h('section', { 'aria-labelledby': 'alert-raw-h' },
      h('h2', { id: 'alert-raw-h', text: t('alert.raw') }),
      raw !== null ? h('pre', { class: 'alert-raw', id: 'alert-raw', tabindex: '0', text: raw })
        : h('p', { class: 'empty-state', text: t('value.none') })));
}
