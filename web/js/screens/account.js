// My account: what every role manages for itself — how it is known
// (display name, e-mail, department), its password and its API tokens.
// The server decides what is allowed (src/app/account_ops.c); this
// screen only uses the caller's own account.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t, timeEl } from '../i18n.js';
import { refreshMe, session, signedOut } from '../session.js';
import { alertBox, errorSlot, field, formMessage, title, toast } from '../ui.js';

function textInput(id, type = 'text', autocomplete = 'off') {
  return h('input', { type, id, autocomplete, spellcheck: 'false' });
}

function profileForm(me, onSaved) {
  const dn = textInput('acct-display-name', 'text', 'name');
  const email = textInput('acct-email', 'email', 'email');
  const dept = textInput('acct-department', 'text', 'organization-title');
  dn.value = me.display_name || '';
  email.value = me.email || '';
  dept.value = me.department || '';
  const fields = {
    display_name: field({ label: t('account.display_name'), control: dn, hint: t('account.display_name_hint') }),
    email: field({ label: t('account.email'), control: email }),
    department: field({ label: t('account.department'), control: dept }),
  };
  const errors = errorSlot();
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'acct-profile-h' },
    h('h2', { id: 'acct-profile-h', text: t('account.profile') }),
    errors, fields.display_name, fields.email, fields.department,
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'acct-profile-save', text: t('account.save_profile') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.show(null);
    for (const f of Object.values(fields)) f.setError(null);
    try {
      await api.patch(`/api/v1/users/${encodeURIComponent(me.name)}`, {
        display_name: dn.value.trim(), email: email.value.trim(), department: dept.value.trim(),
      });
      await onSaved();
      toast(t('account.profile_saved'));
    } catch (ex) {
      if (ex.status === 401) return;
      errors.show(formMessage(ex));
      for (const [k, f] of Object.entries(fields)) f.setError(ex.fields[k] || null);
    }
  });
  return form;
}

function passwordForm(me, onChanged) {
  const pw = textInput('acct-password', 'password', 'new-password');
  const again = textInput('acct-password-again', 'password', 'new-password');
  const fPw = field({ label: t('account.new_password'), control: pw, required: true, hint: t('account.password_hint') });
  const fAgain = field({ label: t('account.password_again'), control: again, required: true });
  const errors = errorSlot();
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'acct-password-h' },
    h('h2', { id: 'acct-password-h', text: t('account.password') }),
    h('p', { class: 'hint', text: t('account.password_lead') }),
    errors, fPw, fAgain,
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'acct-password-save', text: t('account.change_password') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.show(null);
    fPw.setError(null);
    fAgain.setError(null);
    if (!pw.value) {
      fPw.setError(t('form.required_msg'));
      pw.focus();
      return;
    }
    if (pw.value !== again.value) {
      fAgain.setError(t('account.password_mismatch'));
      again.focus();
      return;
    }
    try {
      await api.post(`/api/v1/users/${encodeURIComponent(me.name)}/password`, { password: pw.value });
      pw.value = '';
      again.value = '';
      await onChanged();
    } catch (ex) {
      if (ex.status === 401) return;
      errors.show(formMessage(ex));
      fPw.setError(ex.fields.password || null);
    }
  });
  return form;
}

function tokensSection(current) {
  const listSlot = h('div', { id: 'my-tokens' });
  const out = h('div', { class: 'secret-slot', id: 'my-token-secret' });

  async function load() {
    const r = await api.get('/api/v1/tokens');
    if (!current()) return;
    const rows = r.items.map((tk) => h('tr', { class: tk.revoked ? 'is-disabled' : null, id: `my-token-${tk.id}` },
      h('th', { scope: 'row' }, h('code', { text: tk.id })),
      h('td', { text: tk.label || t('value.none_short') }),
      h('td', {}, timeEl(tk.created_at, 'short')),
      h('td', {}, tk.expires_at ? timeEl(tk.expires_at, 'short') : t('admin.never')),
      h('td', { text: tk.revoked ? t('admin.revoked') : t('admin.active') }),
      h('td', {}, tk.revoked ? null : h('button', {
        type: 'button', class: 'btn btn-small', id: `my-revoke-${tk.id}`,
        'aria-label': t('admin.revoke_of', { id: tk.id }),
        onclick: async () => {
          if (!window.confirm(t('admin.revoke_confirm', { id: tk.id }))) return;
          try {
            await api.del(`/api/v1/tokens/${encodeURIComponent(tk.id)}`);
            toast(t('admin.revoked_msg', { id: tk.id }));
            await load();
          } catch (e) {
            if (e.status !== 401) toast(e.message);
          }
        },
      }, t('admin.revoke')))));
    replace(listSlot, rows.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'tokens' },
        h('caption', { class: 'sr-only', text: t('account.tokens') }),
        h('thead', {}, h('tr', {}, ['admin.token_id', 'admin.token_label', 'admin.created', 'admin.expires', 'admin.status', 'admin.actions']
          .map((k) => h('th', { scope: 'col', text: t(k) })))),
        h('tbody', {}, rows)))
      : h('p', { class: 'empty', text: t('admin.no_tokens') }));
  }

  const lbl = textInput('my-token-label');
  const days = h('input', { type: 'number', id: 'my-token-days', min: '0', max: '3650', step: '1', value: '90', inputmode: 'numeric' });
  const fLabel = field({ label: t('admin.token_label'), control: lbl, hint: t('admin.token_label_hint') });
  const fDays = field({ label: t('admin.token_days'), control: days, hint: t('admin.token_days_hint') });
  const errors = errorSlot();
  const form = h('form', { class: 'card add-token', novalidate: true, 'aria-labelledby': 'my-add-token-h' },
    h('h3', { id: 'my-add-token-h', text: t('admin.add_token') }),
    errors, fLabel, fDays,
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'my-token-submit', text: t('admin.create_token') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.show(null);
    fDays.setError(null);
    fLabel.setError(null);
    const body = {};
    if (lbl.value.trim()) body.label = lbl.value.trim();
    if (days.value !== '') {
      if (!/^\d+$/.test(days.value)) {
        fDays.setError(t('form.bad_count'));
        days.focus();
        return;
      }
      body.expires_days = Number(days.value);
    }
    try {
      const r = await api.post('/api/v1/tokens', body);
      replace(out, h('div', { class: 'alert alert-secret', role: 'status', id: 'my-token-result' },
        h('p', { text: t('account.token_created') }),
        h('p', {}, h('code', { class: 'secret', tabindex: '-1', text: r.token })),
        h('p', { class: 'hint', text: t('admin.token_once') })));
      lbl.value = '';
      await load();
      out.querySelector('code').focus();
    } catch (ex) {
      if (ex.status === 401) return;
      errors.show(formMessage(ex));
      fDays.setError(ex.fields.expires_days || null);
      fLabel.setError(ex.fields.label || null);
    }
  });

  const section = h('section', { class: 'card', 'aria-labelledby': 'my-tokens-h' },
    h('h2', { id: 'my-tokens-h', text: t('account.tokens') }),
    h('p', { class: 'hint', text: t('admin.tokens_lead') }),
    out, listSlot, form);
  return { section, load };
}

export async function render({ view, current, renderHeader, navigate }) {
  const me = session.me;
  const summary = h('dl', { class: 'kv', id: 'acct-summary' },
    h('dt', { text: t('admin.name') }), h('dd', { text: me.name }),
    h('dt', { text: t('admin.role') }), h('dd', { text: me.role_label || me.role }));
  const profile = profileForm(me, async () => {
    await refreshMe();
    renderHeader();
  });
  // A new password ends every session, this one too: sign in again.
  const password = passwordForm(me, async () => {
    signedOut();
    renderHeader();
    await navigate('/login');
    toast(t('account.password_changed'));
  });
  const tokens = tokensSection(current);
  view.append(title(t('account.title')),
    h('p', { class: 'lead', text: t('account.lead') }),
    summary, profile, password, tokens.section,
    session.me.role === 'admin' ? null : alertBox(t('account.role_by_admin'), 'info'));
  await tokens.load();
}
