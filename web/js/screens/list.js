// The incident list: a table or a board with one column per phase,
// filters that live in the address, severity in colour and in words,
// age and lateness markers, near misses and exercises marked apart.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t, taxonomy, label, timeEl, formatNumber } from '../i18n.js';
import { navigate, setQuery } from '../router.js';
import { addressOf, loadSavedFilters, savedFiltersMenu } from './saved_filters.js';
import { can, session } from '../session.js';
import { ageText, alertBox, isUnrated, kindBadge, markers, phaseBadge, restrictedBadge, severityBadge, title } from '../ui.js';

const PAGE = 1000;
const FILTERS = ['phase', 'kind', 'category', 'severity', 'q', 'owner', 'tag', 'since', 'until'];
const TEXTS = ['owner', 'tag'];
const DATES = ['since', 'until'];

// The day after 'ymd' (YYYY-MM-DD), for an end date that includes its day.
function nextDay(ymd) {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// The API's query for the filters in 'state': dates are whole days in the
// server's zone, the end day included (until is exclusive).
function apiFilters(state) {
  const q = {};
  for (const k of FILTERS) if (state[k] && !DATES.includes(k)) q[k] = state[k];
  if (state.since) q.since = `${state.since} 00:00`;
  if (state.until) q.until = `${nextDay(state.until)} 00:00`;
  if (state.openOnly) q.open = 'true';
  if (state.overdue) q.overdue = 'true';
  if (state.sort) {
    q.sort = state.sort;
    q.order = state.order;
  }
  return q;
}

function select(name, labelText, items, value, allText) {
  const id = `flt-${name}`;
  return h('div', { class: 'filter' },
    h('label', { for: id, text: labelText }),
    h('select', { id, name, value: value || '' },
      h('option', { value: '', text: allText }),
      items.map((i) => h('option', { value: i.key, text: i.label }))));
}

function isMine(inc) {
  const me = session.me && session.me.name;
  return inc.created_by === me || inc.owner === me;
}

function incLink(inc) {
  return h('a', { href: `/incidents/${encodeURIComponent(inc.ref)}`, class: 'ref', text: inc.ref });
}

// At most two lines (app.css .title-clamp), so one long title does not
// push the rest of the list or a board column down; the whole title is
// on the incident page and in the tooltip.
function titleCell(inc) {
  return h('span', { class: 'title-clamp', title: inc.title || '' },
    kindBadge(inc.kind), inc.restricted ? restrictedBadge() : null,
    h('span', { class: 'title-text', text: inc.title || '' }));
}

// The sort key of the API for each column; the markers column is derived
// from several records (tasks, filings) and has no order of its own.
const COLUMNS = [
  ['col.ref', 'ref'], ['col.title', 'title'], ['col.phase', 'phase'],
  ['col.severity', 'severity'], ['col.category', 'category'],
  ['col.age', 'reported_at'], ['col.status', null], ['col.owner', 'owner'],
  ['col.updated', 'updated_at'],
];
const SORTS = new Set(COLUMNS.map((c) => c[1]).filter(Boolean));

function headerCell([key, sort], state, onSort) {
  if (!sort) return h('th', { scope: 'col', role: 'columnheader', text: t(key) });
  const active = state.sort === sort;
  const attrs = { scope: 'col', role: 'columnheader', class: 'sortable' };
  // aria-sort only on the column the list is sorted by (WAI-ARIA).
  if (active) attrs['aria-sort'] = state.order === 'asc' ? 'ascending' : 'descending';
  return h('th', attrs, h('button', {
    type: 'button', class: 'sort-btn', 'data-sort': sort,
    onclick: () => onSort(sort),
  }, t(key)));
}

function renderTable(items, now, state, onSort) {
  const rows = items.map((inc) => h('tr', { role: 'row', class: [`kind-${inc.kind}`, inc.phase === 'closed' ? 'is-closed' : null] },
    h('td', { role: 'cell' }, incLink(inc)),
    h('td', { role: 'cell', class: 'title-cell' }, titleCell(inc)),
    h('td', { role: 'cell' }, phaseBadge(inc.phase)),
    h('td', { role: 'cell' }, severityBadge(inc.severity, inc)),
    h('td', { role: 'cell', text: label('category', inc.category) || t('value.none_short') }),
    h('td', { role: 'cell', class: 'age' }, ageText(inc, now)),
    h('td', { role: 'cell', class: 'markers' }, markers(inc, now)),
    h('td', { role: 'cell', text: inc.owner || t('value.none_short') }),
    h('td', { role: 'cell', class: 'updated' }, timeEl(inc.updated_at, 'short'))));
  return h('div', { class: 'table-wrap' },
    // Laid out as a grid so that rows off screen cost no layout (CSS
    // content-visibility); the roles keep it a table for assistive
    // technology.
    h('table', { class: 'incidents', id: 'incident-table', role: 'table', 'aria-label': t(state.sort ? 'list.caption_sorted' : 'list.caption') },
      h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' },
        COLUMNS.map((c) => headerCell(c, state, onSort)))),
      h('tbody', { role: 'rowgroup' }, rows)));
}

// 0 for unrated, then S1..S4 as 1..4, then 5 for no severity at all.
function triageRank(inc) {
  if (isUnrated(inc)) return 0;
  const n = inc.severity ? Number(String(inc.severity).slice(1)) : NaN;
  return Number.isFinite(n) ? n : 5;
}

function renderBoard(items, now) {
  const phases = taxonomy('phase').items;
  const by = new Map(phases.map((p) => [p.key, []]));
  for (const inc of items) (by.get(inc.phase) || []).push(inc);
  // The triage queue (reported, triage): a report the score could not
  // rate comes first, then the gravest; the other columns keep their order.
  for (const key of ['reported', 'triage']) {
    const col = by.get(key);
    if (col) col.sort((a, b) => triageRank(a) - triageRank(b));
  }
  return h('div', { class: 'board', id: 'incident-board' },
    phases.map((p) => {
      const cards = by.get(p.key);
      const hid = `col-${p.key}`;
      return h('section', { class: ['board-col', `phase-col-${p.key}`], 'aria-labelledby': hid },
        h('h2', { id: hid },
          h('span', { text: p.label }),
          h('span', { class: 'count', text: t('list.count_short', { n: formatNumber(cards.length) }) })),
        cards.length
          ? h('ul', {}, cards.map((inc) => h('li', { class: ['card-item', `kind-${inc.kind}`] },
            h('p', { class: 'card-top' }, incLink(inc), severityBadge(inc.severity, inc)),
            h('p', { class: 'card-title' }, titleCell(inc)),
            h('p', { class: 'card-meta' },
              h('span', { class: 'age', text: t('list.age', { age: ageText(inc, now) }) }),
              markers(inc, now)))))
          : h('p', { class: 'empty', text: t('list.col_empty') }));
    }));
}

// For those who set up the response (commanders, administrators): when
// no convocation rule is in force, nobody is summoned for anything — a
// fresh install must say so on its first screen, not after the first
// incident.  Fills 'slot' in the background; the list does not wait.
function noRulesNotice(slot, current) {
  if (!can('manage')) return;
  api.get('/api/v1/convocation-rules').then((r) => {
    if (!current() || r.items.some((x) => x.enabled)) return;
    replace(slot, h('div', { class: 'alert alert-warn', role: 'status', id: 'no-rules' },
      h('p', { text: r.items.length ? t('list.rules_all_off') : t('list.no_rules') }),
      h('p', {}, h('a', { href: '/rules', text: t('list.no_rules_link') }))));
  }).catch(() => {});
}

export async function render({ view, query, current }) {
  const isReporter = session.me.role === 'reporter';
  // A bare address opens the list with the person's default filter.
  const saved = await loadSavedFilters();
  if (!current()) return undefined;
  const byDefault = saved.find((f) => f.default);
  if (byDefault && !query.toString()) {
    const q = addressOf(byDefault.params).toString();
    if (q) {
      navigate(`${location.pathname}?${q}`, { replace: true });
      return undefined;
    }
  }
  const state = {
    view: query.get('view') === 'board' ? 'board' : 'table',
    mine: query.get('mine') === '1',
    // Open incidents only unless the address says all: what a handler
    // works on.  A reporter sees what they filed, closed or not.
    openOnly: !isReporter && query.get('open') !== 'all',
    sort: SORTS.has(query.get('sort')) ? query.get('sort') : '',
    order: query.get('order') === 'asc' ? 'asc' : 'desc',
    // A reporting duty past its due time (the API's overdue=true).
    overdue: query.get('overdue') === '1',
  };
  for (const k of FILTERS) state[k] = query.get(k) || '';
  for (const k of DATES) if (!/^\d{4}-\d{2}-\d{2}$/.test(state[k])) state[k] = '';

  // The count is announced when the filters change; the rows are not
  // (a live region of a thousand rows would be read out whole).
  const results = h('div', { class: 'results', id: 'results', 'aria-busy': 'true' });
  const status = h('p', { class: 'result-count', id: 'result-count', role: 'status' });
  let items = [];
  let cursor = null;

  // The CSV of what the list shows: its filters and order (the "mine"
  // box filters in the browser and is not part of it).
  const csvLink = h('a', { class: 'btn', id: 'export-csv', download: 'incidents.csv', text: t('list.csv') });
  function syncCsv() {
    const qs = new URLSearchParams(apiFilters(state)).toString();
    csvLink.href = `/api/v1/exports/incidents.csv${qs ? `?${qs}` : ''}`;
  }
  syncCsv();

  function syncAddress() {
    syncCsv();
    const q = new URLSearchParams();
    if (state.view === 'board') q.set('view', 'board');
    for (const k of FILTERS) if (state[k]) q.set(k, state[k]);
    if (state.mine) q.set('mine', '1');
    if (state.overdue) q.set('overdue', '1');
    if (!isReporter && !state.openOnly) q.set('open', 'all');
    if (state.sort) {
      q.set('sort', state.sort);
      q.set('order', state.order);
    }
    setQuery(q);
  }

  function draw() {
    const t0 = performance.now();
    const now = Date.now();
    const shown = state.mine ? items.filter(isMine) : items;
    status.textContent = t('list.count', { n: formatNumber(shown.length) });
    const more = cursor
      ? h('p', {}, h('button', { type: 'button', class: 'btn', id: 'load-more', onclick: loadMore }, t('list.more')))
      : null;
    if (!shown.length) {
      replace(results, h('div', { class: 'empty-state' },
        h('p', { text: t('list.empty') }),
        isReporter ? h('a', { class: 'btn btn-primary', href: '/report', text: t('nav.report') }) : null), more);
    } else {
      replace(results, state.view === 'board' ? renderBoard(shown, now) : renderTable(shown, now, state, sortBy), more);
    }
    results.setAttribute('aria-busy', 'false');
    results.dataset.renderMs = String(Math.round(performance.now() - t0));
    results.dataset.builtAt = String(Math.round(performance.now()));
    // When the rows are on screen: the frame after this one was painted.
    delete results.dataset.paintedAt;
    requestAnimationFrame(() => setTimeout(() => {
      results.dataset.paintedAt = String(Math.round(performance.now()));
    }, 0));
  }

  // The query of a page: the filters and the order.
  function listQuery(extra) {
    return { limit: PAGE, ...apiFilters(state), ...extra };
  }

  // A new column sorts ascending; the same one again turns the order.
  function sortBy(sort) {
    if (state.sort === sort) state.order = state.order === 'asc' ? 'desc' : 'asc';
    else {
      state.sort = sort;
      state.order = 'asc';
    }
    syncAddress();
    load().then(() => {
      const b = results.querySelector(`button[data-sort="${sort}"]`);
      if (b) b.focus();
    });
  }

  async function load() {
    results.setAttribute('aria-busy', 'true');
    const t0 = performance.now();
    results.dataset.loadStart = String(Math.round(t0));
    try {
      const r = await api.get('/api/v1/incidents', listQuery({}));
      if (!current()) return;
      items = r.items;
      cursor = r.next_cursor;
      draw();
      results.dataset.loadMs = String(Math.round(performance.now() - t0));
    } catch (e) {
      if (!current()) return;
      replace(results, alertBox(e.message));
      results.setAttribute('aria-busy', 'false');
    }
  }

  async function loadMore() {
    try {
      const r = await api.get('/api/v1/incidents', listQuery({ cursor }));
      items = items.concat(r.items);
      cursor = r.next_cursor;
      draw();
    } catch (e) {
      results.append(alertBox(e.message));
    }
  }

  // --- the filter bar
  const viewSwitch = h('div', { class: 'segmented', role: 'group', 'aria-label': t('list.view') },
    ['table', 'board'].map((v) => h('button', {
      type: 'button', id: `view-${v}`, class: 'btn', 'aria-pressed': String(state.view === v),
      onclick: (e) => {
        state.view = v;
        for (const b of viewSwitch.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === e.currentTarget));
        syncAddress();
        draw();
      },
    }, t(`list.view_${v}`))));

  const sevItems = [...taxonomy('severity').items, { key: 'none', label: t('sev.none') }];
  const searchInput = h('input', { type: 'search', id: 'flt-q', name: 'q', value: state.q, autocomplete: 'off' });
  const mine = h('input', { type: 'checkbox', id: 'flt-mine', checked: state.mine });
  const openOnly = h('input', { type: 'checkbox', id: 'flt-open', checked: state.openOnly });
  const overdue = h('input', { type: 'checkbox', id: 'flt-overdue', checked: state.overdue });
  const field = (name, labelText, type) => h('div', { class: 'filter' },
    h('label', { for: `flt-${name}`, text: labelText }),
    h('input', { type, id: `flt-${name}`, name, value: state[name], autocomplete: 'off' }));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('list.filters') },
    h('div', { class: 'filter filter-q' },
      h('label', { for: 'flt-q', text: t('list.search') }),
      h('div', { class: 'inline' }, searchInput, h('button', { type: 'submit', class: 'btn', text: t('list.search_go') }))),
    select('phase', t('col.phase'), taxonomy('phase').items, state.phase, t('list.all')),
    select('kind', t('list.kind'), taxonomy('kind').items, state.kind, t('list.all')),
    select('category', t('col.category'), taxonomy('category').items, state.category, t('list.all')),
    select('severity', t('col.severity'), sevItems, state.severity, t('list.all')),
    field('owner', t('col.owner'), 'text'),
    field('tag', t('list.tag'), 'text'),
    field('since', t('list.since'), 'date'),
    field('until', t('list.until'), 'date'),
    // A reporter sees only their own reports: no need to ask.
    isReporter ? null : h('div', { class: 'filter filter-check' }, openOnly, h('label', { for: 'flt-open', text: t('list.open_only') })),
    isReporter ? null : h('div', { class: 'filter filter-check' }, mine, h('label', { for: 'flt-mine', text: t('list.mine') })),
    h('div', { class: 'filter filter-check' }, overdue, h('label', { for: 'flt-overdue', text: t('list.overdue') })),
    h('div', { class: 'filter' }, h('button', {
      type: 'button', class: 'btn btn-quiet', id: 'flt-clear',
      onclick: () => {
        for (const k of FILTERS) state[k] = '';
        state.mine = false;
        state.overdue = false;
        overdue.checked = false;
        for (const s of filters.querySelectorAll('select')) s.value = '';
        for (const k of [...TEXTS, ...DATES]) filters.querySelector(`#flt-${k}`).value = '';
        searchInput.value = '';
        mine.checked = false;
        syncAddress();
        load();
      },
    }, t('list.clear'))));

  filters.addEventListener('change', (e) => {
    const el = e.target;
    if (el === mine) {
      state.mine = mine.checked;
      syncAddress();
      draw();
      return;
    }
    if (el === overdue) {
      state.overdue = overdue.checked;
      syncAddress();
      load();
      return;
    }
    if (el === openOnly) {
      state.openOnly = openOnly.checked;
      syncAddress();
      load();
      return;
    }
    if (el.tagName === 'SELECT' || [...TEXTS, ...DATES].includes(el.name)) {
      if (el.tagName === 'INPUT') el.value = el.value.trim();
      state[el.name] = el.value;
      syncAddress();
      load();
    }
  });
  let debounce = null;
  searchInput.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      state.q = searchInput.value.trim();
      syncAddress();
      load();
    }, 400);
  });
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(debounce);
    state.q = searchInput.value.trim();
    // Enter in another text box submits the form too.
    for (const k of TEXTS) state[k] = filters.querySelector(`#flt-${k}`).value.trim();
    syncAddress();
    load();
  });

  const notice = h('div', { class: 'list-notice' });
  noRulesNotice(notice, current);
  view.append(
    h('div', { class: 'list-head' },
      title(isReporter ? t('list.title_reporter') : t('list.title')),
      h('div', { class: 'list-actions' }, csvLink, viewSwitch)),
    notice,
    filters,
    savedFiltersMenu({
      filters: saved,
      currentQuery: () => apiFilters(state),
      apply: (params) => navigate(`${location.pathname}?${addressOf(params)}`),
    }),
    h('div', { class: 'legend', role: 'group', 'aria-label': t('list.legend') },
      h('span', { text: t('list.legend_label') }),
      ['S1', 'S2', 'S3', 'S4'].map((s) => severityBadge(s)),
      kindBadge('near_miss'), kindBadge('exercise'),
      h('span', { class: 'marker marker-triage_overdue', text: t('marker.triage_overdue') }),
      h('span', { class: 'marker marker-stale', text: t('marker.stale') })),
    status,
    results);
  await load();
  return () => clearTimeout(debounce);
}
