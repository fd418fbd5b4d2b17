// 設定 / Settings (administrators): the address links in messages point
// to, the organisation's name, the mail server (its password is
// write-only: the screen only says whether one is set), when a contact
// counts as stale, the reporting regimes the organisation is subject to,
// and its social responsibility for the damage estimate.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { can } from '../session.js';
import { alertBox, choices, drafts, errorSlot, field, formMessage, keepDraft, readForm, showErrors, title, toast } from '../ui.js';

// Which regimes apply when nothing was chosen (src/core/obligation.c).
const REGIMES = [['appi', true], ['mynumber', true], ['gdpr', true], ['nis2', false], ['sec', false]];
const BUSINESS = ['business_representative', 'business_address', 'business_contact_person', 'business_telephone'];
const TEXTS = ['base_url', 'organisation_name', ...BUSINESS, 'smtp_url', 'smtp_from', 'smtp_username'];
const DRAFT = 'settings';

function values(s) {
  const v = { contact_stale_days: String(s.contact_stale_days), social_responsibility: String(s.social_responsibility || 1) };
  for (const k of TEXTS) v[k] = s[k] || '';
  v.regimes = REGIMES.filter(([k, dflt]) => (s[`regime_${k}`] === null || s[`regime_${k}`] === undefined ? dflt : s[`regime_${k}`])).map(([k]) => k);
  return v;
}

export async function render({ view, current }) {
  view.append(title(t('settings.title')));
  if (!can('settings')) {
    view.append(alertBox(t('admin.forbidden')));
    return;
  }
  let s = await api.get('/api/v1/settings');
  if (!current()) return;
  const formSlot = h('div', {});

  function draw(focusId) {
    const v = values(s);
    const input = (name, type = 'text') => h('input', { type, name, autocomplete: 'off', spellcheck: 'false', value: v[name] });
    const pass = h('input', { type: 'password', name: 'smtp_password', autocomplete: 'new-password', id: 'set-smtp-password' });
    const clearPass = h('input', { type: 'checkbox', name: 'smtp_password_clear', value: 'on', id: 'set-smtp-password-clear' });
    const passState = h('span', {
      class: ['state', s.smtp_password_set ? 'state-on' : 'state-off'], id: 'smtp-password-state',
      text: s.smtp_password_set ? t('settings.password_set') : t('settings.password_unset'),
    });
    const days = h('input', { type: 'number', name: 'contact_stale_days', min: '1', max: '3650', step: '1', inputmode: 'numeric', value: v.contact_stale_days });
    const map = {
      base_url: field({ label: t('settings.base_url'), control: input('base_url'), id: 'set-base-url', hint: t('settings.base_url_hint') }),
      organisation_name: field({ label: t('settings.org'), control: input('organisation_name'), id: 'set-org', hint: t('settings.org_hint') }),
      // The reporting business as the APPI report names it.
      ...Object.fromEntries(BUSINESS.map((k) => [k, field({
        label: t(`settings.${k}`), control: input(k, k === 'business_telephone' ? 'tel' : 'text'), id: `set-${k.replace(/_/g, '-')}`,
      })])),
      smtp_url: field({ label: t('settings.smtp_url'), control: input('smtp_url'), id: 'set-smtp-url', hint: t('settings.smtp_url_hint') }),
      smtp_from: field({ label: t('settings.smtp_from'), control: input('smtp_from', 'email'), id: 'set-smtp-from' }),
      smtp_username: field({ label: t('settings.smtp_username'), control: input('smtp_username'), id: 'set-smtp-username' }),
      smtp_password: field({
        label: t('settings.smtp_password'), control: pass, id: 'set-smtp-password', hint: t('settings.smtp_password_hint'),
        extra: h('p', { class: 'pass-state' }, passState, ' ', s.smtp_password_set
          ? h('span', { class: 'check' }, clearPass, h('label', { for: clearPass.id, text: t('settings.password_clear') })) : null),
      }),
      contact_stale_days: field({ label: t('settings.stale_days'), control: days, id: 'set-stale-days', hint: t('settings.stale_days_hint') }),
      regimes: choices({
        legend: t('settings.regimes'), name: 'regimes', id: 'set-regimes', hint: t('settings.regimes_hint'),
        items: REGIMES.map(([k]) => ({ key: k, label: t(`regime.${k}_long`) })), values: v.regimes,
      }),
      social_responsibility: choices({
        legend: t('settings.social'), name: 'social_responsibility', id: 'set-social', type: 'radio', hint: t('settings.social_hint'),
        items: [{ key: '1', label: t('settings.social_1') }, { key: '2', label: t('settings.social_2') }], values: v.social_responsibility,
      }),
    };
    const errors = errorSlot();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'settings-save', text: t('settings.save') });
    const form = h('form', { class: 'card settings-form', id: 'settings-form', novalidate: true },
      errors,
      h('fieldset', { class: 'subgroup' }, h('legend', { text: t('settings.general') }), map.organisation_name, map.base_url),
      h('fieldset', { class: 'subgroup', id: 'set-business' }, h('legend', { text: t('settings.business') }),
        h('p', { class: 'hint', text: t('settings.business_hint') }), ...BUSINESS.map((k) => map[k])),
      h('fieldset', { class: 'subgroup' }, h('legend', { text: t('settings.mail') }), map.smtp_url, map.smtp_from, map.smtp_username, map.smtp_password),
      h('fieldset', { class: 'subgroup' }, h('legend', { text: t('settings.response') }), map.contact_stale_days, map.regimes, map.social_responsibility),
      submit);
    const restored = keepDraft(form, DRAFT);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.show(null);
      showErrors(map, {});
      const cur = readForm(form);
      if (!/^\d+$/.test(cur.contact_stale_days.trim())) {
        map.contact_stale_days.setError(t('settings.days_bad'));
        errors.show(t('form.fix_errors'));
        days.focus();
        return;
      }
      const body = { contact_stale_days: Number(cur.contact_stale_days), social_responsibility: Number(cur.social_responsibility) };
      for (const k of TEXTS) body[k] = cur[k].trim() ? cur[k].trim() : null;
      for (const [k] of REGIMES) body[`regime_${k}`] = cur.regimes.includes(k);
      if (pass.value) body.smtp_password = pass.value;
      else if (clearPass.checked) body.smtp_password = null;
      submit.disabled = true;
      try {
        s = await api.patch('/api/v1/settings', body);
        pass.value = '';
        drafts.del(DRAFT);
        draw('settings-save');
        toast(t('settings.saved'));
      } catch (ex) {
        submit.disabled = false;
        if (ex.status === 401) return;
        errors.show(formMessage(ex));
        const first = showErrors(map, ex.fields);
        (first || submit).focus();
      }
    });
    replace(formSlot, restored ? alertBox(t('form.draft_restored'), 'info') : null, form);
    if (focusId) {
      const el = document.getElementById(focusId);
      if (el) el.focus();
    }
  }

  view.append(h('p', { class: 'lead', text: t('settings.lead') }), formSlot);
  draw();
}
