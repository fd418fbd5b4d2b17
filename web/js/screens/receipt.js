// The reception page of a report: what the person reported, when, and
// the phase the incident is in now.  Shown to the one who filed it when
// the incident has been restricted without them (GET …/receipt); the
// restricted record itself never reaches this page.

import { h } from '../dom.js';
import { t, timeEl } from '../i18n.js';
import { title } from '../ui.js';

export function render(view, r) {
  document.title = `${r.ref} - kizuki`;
  view.append(
    title(t('receipt.title', { ref: r.ref })),
    h('p', { class: 'lead', id: 'receipt-lead', text: r.restricted ? t('receipt.restricted_lead') : t('receipt.lead') }),
    h('section', { class: 'card receipt', 'aria-labelledby': 'receipt-h' },
      h('h2', { id: 'receipt-h', text: t('receipt.what_you_reported') }),
      h('dl', { class: 'kv', id: 'receipt' },
        h('dt', { text: t('receipt.ref') }), h('dd', { class: 'ref', id: 'receipt-ref', text: r.ref }),
        h('dt', { text: t('receipt.reported_title') }), h('dd', { id: 'receipt-title', text: r.title }),
        h('dt', { text: t('receipt.description') }),
        h('dd', { id: 'receipt-description', class: 'pre', text: r.description || t('value.none_short') }),
        h('dt', { text: t('receipt.reported_at') }), h('dd', {}, timeEl(r.reported_at)),
        h('dt', { text: t('receipt.phase') }), h('dd', { id: 'receipt-phase', text: r.phase_label }))),
    h('p', {}, h('a', { href: '/incidents', text: t('incident.back_to_list') })));
}
