// 期限 / Deadlines: every reporting duty still open across the incidents,
// soonest first, the late ones first of all.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { label, t } from '../i18n.js';
import { can } from '../session.js';
import { alertBox, kindBadge, title } from '../ui.js';
import { dueText, regimeChips, stateBadge } from './obligations.js';

const GROUPS = [
  ['late', ['overdue', 'past_target']],
  ['soon', ['due_soon']],
  // May apply: a count or a fact is missing (issue 9).
  ['undecided', ['undecided']],
  ['later', ['pending']],
];

export async function render({ view, current }) {
  view.append(title(t('deadlines.title')), h('p', { class: 'lead', text: t('deadlines.lead') }));
  if (!can('deadlines')) {
    view.append(alertBox(t('config.forbidden')));
    return;
  }
  const status = h('p', { class: 'result-count', id: 'deadlines-count', role: 'status' });
  const out = h('div', { id: 'deadlines' });
  view.append(status, out);
  const r = await api.get('/api/v1/deadlines');
  if (!current()) return;
  const items = r.items;
  const late = items.filter((d) => ['overdue', 'past_target'].includes(d.state)).length;
  status.textContent = t('deadlines.count', { n: items.length, late });
  if (!items.length) {
    replace(out, h('p', { class: 'empty-state', text: t('deadlines.none') }));
    return;
  }
  replace(out, GROUPS.map(([g, states]) => {
    const rows = items.filter((d) => states.includes(d.state));
    if (!rows.length) return null;
    return h('section', { class: ['deadline-group', `dg-${g}`], 'aria-labelledby': `dg-${g}-h` },
      h('h2', { id: `dg-${g}-h`, text: t(`deadlines.group_${g}`, { n: rows.length }) }),
      h('div', { class: 'table-wrap' }, h('table', { class: 'records deadlines' },
        h('thead', {}, h('tr', {}, ['deadlines.state', 'deadlines.due', 'deadlines.duty', 'deadlines.incident']
          .map((k) => h('th', { scope: 'col', text: t(k) })))),
        h('tbody', {}, rows.map((d) => h('tr', { class: `duty-${d.state}`, id: `dl-${d.ref}-${d.key}` },
          h('td', {}, stateBadge(d.state)),
          h('td', {}, dueText(d)),
          h('td', {}, h('span', { class: 'duty-name' }, regimeChips(d), ' ', h('strong', { text: d.label })),
            d.reasons.length ? h('span', { class: 'rec-sub', text: d.reasons.join(' / ') }) : null),
          h('td', {},
            h('a', { class: 'ref', href: `/incidents/${encodeURIComponent(d.ref)}#obligations`, text: d.ref }), ' ',
            kindBadge(d.kind),
            h('span', { class: 'rec-sub', text: d.title || label('kind', d.kind) }))))))));
  }));
}
