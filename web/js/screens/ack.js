// /ack/<token>: the link in a summons message.  No sign-in: the token is
// the credential.  It shows only the incident's reference and who was
// called, and one button; nothing else about the incident.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t, timeEl } from '../i18n.js';
import { alertBox, untilText } from '../ui.js';

export async function render({ view, params, current }) {
  const path = `/api/v1/acks/${encodeURIComponent(params.token)}`;
  const box = h('section', { class: 'card ack-card', 'aria-labelledby': 'ack-h' });
  view.append(h('div', { class: 'ack-page' }, box));

  function facts(a) {
    return h('dl', { class: 'ack-facts' },
      h('dt', { text: t('ack.ref') }), h('dd', {}, h('strong', { class: 'ref', id: 'ack-ref', text: a.ref })),
      h('dt', { text: t('ack.contact') }), h('dd', { id: 'ack-contact', text: a.contact || t('value.none_short') }));
  }

  function done(a, justNow) {
    replace(box,
      h('h1', { id: 'ack-h', class: 'screen-title', tabindex: '-1', text: justNow ? t('ack.done_title') : t('ack.already_title') }),
      h('p', { class: 'ack-ok', role: 'status', id: 'ack-status' },
        h('span', { class: 'ack-icon', 'aria-hidden': 'true', text: '✓' }), ' ',
        t('ack.done', { name: a.acked_by || a.contact || '-' }), ' ', timeEl(a.acked_at)),
      facts(a),
      h('p', { class: 'hint', text: t('ack.next') }));
  }

  function ask(a) {
    const errors = h('div', { class: 'error-slot' });
    const btn = h('button', { type: 'button', class: 'btn btn-primary btn-wide', id: 'ack-button', 'data-autofocus': true, text: t('ack.button') });
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      replace(errors);
      try {
        const r = await api.post(path, {});
        done(r, true);
        box.querySelector('h1').focus();
      } catch (e) {
        btn.disabled = false;
        replace(errors, alertBox(e.message));
      }
    });
    const overdue = a.ack_due_at && Date.parse(a.ack_due_at) < Date.now();
    replace(box,
      h('h1', { id: 'ack-h', class: 'screen-title', tabindex: '-1', text: t('ack.title') }),
      h('p', { class: 'lead', text: t('ack.lead') }),
      facts(a),
      a.ack_due_at ? h('p', { class: ['ack-due', overdue ? 'is-overdue' : null] },
        overdue ? h('span', { class: 'flag flag-overdue', text: t('ack.overdue') }) : null, ' ',
        t('ack.due'), ' ', timeEl(a.ack_due_at), ' ', h('span', { class: 'rec-sub', text: `(${untilText(a.ack_due_at)})` })) : null,
      errors, btn,
      h('p', { class: 'hint', text: t('ack.hint') }));
  }

  try {
    const a = await api.get(path);
    if (!current()) return;
    if (a.acked_at) done(a, false);
    else ask(a);
  } catch (e) {
    if (!current()) return;
    replace(box,
      h('h1', { id: 'ack-h', class: 'screen-title', tabindex: '-1', text: t('ack.title') }),
      alertBox(e.status === 404 ? t('ack.invalid') : e.message));
  }
}
