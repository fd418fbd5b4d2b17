// Administration: accounts (add, role, disable, new password) and API
// tokens.  Passwords and tokens the server generates are shown once.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { label, t, taxonomy, timeEl } from '../i18n.js';
import { can, session } from '../session.js';
import { alertBox, errorSlot, field, formMessage, title, toast } from '../ui.js';

function tabs(currentTab) {
  return h('nav', { class: 'tabs', 'aria-label': t('admin.title') },
    h('ul', {},
      ['users', 'tokens'].map((k) => h('li', {},
        h('a', { href: `/admin/${k}`, 'aria-current': k === currentTab ? 'page' : null, text: t(`admin.${k}`) })))));
}

function secretBox(id, heading, secret, note) {
  return h('div', { class: 'alert alert-secret', role: 'status', id },
    h('p', { text: heading }),
    h('p', {}, h('code', { class: 'secret', tabindex: '-1', text: secret })),
    h('p', { class: 'hint', text: note }));
}

function forbidden(view, key) {
  view.append(title(t(key)), alertBox(t('admin.forbidden')));
}

function roleOptions() {
  return taxonomy('role').items.map((r) => h('option', { value: r.key, text: r.label }));
}

export async function renderUsers({ view, current }) {
  if (!can('admin')) return forbidden(view, 'admin.users');
  const listSlot = h('div', { id: 'users' });
  const out = h('div', { class: 'secret-slot', id: 'user-secret' });

  async function load() {
    const r = await api.get('/api/v1/users');
    if (!current()) return;
    const rows = r.items.map((u) => {
      // The server refuses to let the administrator disable or demote
      // themselves; the controls say so before anyone tries.
      const self = u.name === session.me.name;
      const sel = h('select', {
        id: `role-${u.name}`, value: u.role, disabled: self, 'aria-label': t('admin.role_of', { name: u.name }),
      }, roleOptions());
      const rowErr = h('p', { class: 'field-error', hidden: true });
      const fail = (e) => {
        rowErr.hidden = false;
        rowErr.textContent = `${t('form.error_prefix')}${Object.values(e.fields)[0] || e.message}`;
      };
      return h('tr', { class: u.disabled ? 'is-disabled' : null, id: `user-${u.name}` },
        h('th', { scope: 'row' },
          h('span', { class: 'user-name', text: u.name }),
          u.display_name ? h('span', { class: 'user-display', text: u.display_name }) : null,
          u.department || u.email
            ? h('span', { class: 'user-meta', text: [u.department, u.email].filter(Boolean).join(' / ') }) : null),
        h('td', {},
          h('div', { class: 'inline' }, sel,
            h('button', {
              type: 'button', class: 'btn btn-small', disabled: self, 'aria-label': t('admin.change_role_of', { name: u.name }),
              onclick: async () => {
                try {
                  await api.patch(`/api/v1/users/${encodeURIComponent(u.name)}`, { role: sel.value });
                  toast(t('admin.role_changed', { name: u.name, role: label('role', sel.value) }));
                  await load();
                } catch (e) {
                  fail(e);
                }
              },
            }, t('admin.change_role'))),
          self ? h('p', { class: 'hint', id: `self-note-${u.name}`, text: t('admin.self_note') }) : null,
          rowErr),
        h('td', { text: u.disabled ? t('admin.disabled') : t('admin.enabled') }),
        h('td', {}, timeEl(u.created_at, 'short')),
        h('td', {}, h('div', { class: 'actions' },
          h('button', {
            type: 'button', class: 'btn btn-small', id: `toggle-${u.name}`, disabled: self && !u.disabled,
            'aria-label': t(u.disabled ? 'admin.enable_of' : 'admin.disable_of', { name: u.name }),
            onclick: async () => {
              if (!u.disabled && !window.confirm(t('admin.disable_confirm', { name: u.name }))) return;
              try {
                await api.patch(`/api/v1/users/${encodeURIComponent(u.name)}`, { disabled: !u.disabled });
                toast(t(u.disabled ? 'admin.enabled_msg' : 'admin.disabled_msg', { name: u.name }));
                await load();
              } catch (e) {
                fail(e);
              }
            },
          }, u.disabled ? t('admin.enable') : t('admin.disable')),
          h('button', {
            type: 'button', class: 'btn btn-small', id: `reset-${u.name}`,
            'aria-label': t('admin.reset_of', { name: u.name }),
            onclick: async () => {
              if (!window.confirm(t('admin.reset_confirm', { name: u.name }))) return;
              try {
                const p = await api.post(`/api/v1/users/${encodeURIComponent(u.name)}/password`, {});
                replace(out, secretBox('reset-result', t('admin.reset_done', { name: u.name }), p.password, t('admin.once')));
                out.querySelector('code').focus();
              } catch (e) {
                fail(e);
              }
            },
          }, t('admin.reset')))));
    });
    replace(listSlot, h('div', { class: 'table-wrap' }, h('table', { class: 'users' },
      h('caption', { class: 'sr-only', text: t('admin.users') }),
      h('thead', {}, h('tr', {}, ['admin.name', 'admin.role', 'admin.status', 'admin.created', 'admin.actions']
        .map((k) => h('th', { scope: 'col', text: t(k) })))),
      h('tbody', {}, rows))));
  }

  // Adding an account.
  const name = h('input', { type: 'text', id: 'new-user-name', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' });
  const role = h('select', { id: 'new-user-role', value: 'reporter' }, roleOptions());
  const pass = h('input', { type: 'password', id: 'new-user-password', autocomplete: 'new-password' });
  const dn = h('input', { type: 'text', id: 'new-user-display-name', autocomplete: 'off' });
  const email = h('input', { type: 'email', id: 'new-user-email', autocomplete: 'off', spellcheck: 'false' });
  const dept = h('input', { type: 'text', id: 'new-user-department', autocomplete: 'off' });
  const fName = field({ label: t('admin.name'), control: name, required: true, hint: t('admin.name_hint') });
  const profile = {
    display_name: field({ label: t('account.display_name'), control: dn, hint: t('account.display_name_hint') }),
    email: field({ label: t('account.email'), control: email }),
    department: field({ label: t('account.department'), control: dept }),
  };
  const fRole = field({ label: t('admin.role'), control: role, required: true });
  const fPass = field({ label: t('admin.password'), control: pass, hint: t('admin.password_hint') });
  const errors = errorSlot();
  const form = h('form', { class: 'card add-user', novalidate: true, 'aria-labelledby': 'add-user-h' },
    h('h2', { id: 'add-user-h', text: t('admin.add_user') }),
    errors, fName, profile.display_name, profile.email, profile.department, fRole, fPass,
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'add-user-submit', text: t('admin.add') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.show(null);
    fName.setError(null);
    fRole.setError(null);
    fPass.setError(null);
    for (const f of Object.values(profile)) f.setError(null);
    if (!name.value.trim()) {
      fName.setError(t('form.required_msg'));
      name.focus();
      return;
    }
    try {
      const body = { name: name.value.trim(), role: role.value };
      if (pass.value) body.password = pass.value;
      for (const [k, el] of [['display_name', dn], ['email', email], ['department', dept]]) {
        if (el.value.trim()) body[k] = el.value.trim();
      }
      const r = await api.post('/api/v1/users', body);
      pass.value = '';
      replace(out, r.password
        ? secretBox('add-result', t('admin.added_with_password', { name: r.user.name }), r.password, t('admin.once'))
        : alertBox(t('admin.added', { name: r.user.name }), 'info'));
      // Each new account starts from scratch: a role left over from the
      // previous one would quietly give the next person the same rights.
      for (const el of [name, dn, email, dept]) el.value = '';
      role.value = 'reporter';
      await load();
      toast(t('admin.added', { name: r.user.name }));
    } catch (ex) {
      if (ex.status === 401) return;
      errors.show(formMessage(ex));
      fName.setError(ex.fields.name || null);
      fRole.setError(ex.fields.role || null);
      fPass.setError(ex.fields.password || null);
      for (const [k, f] of Object.entries(profile)) f.setError(ex.fields[k] || null);
    }
  });

  view.append(title(t('admin.title')), tabs('users'), out,
    h('section', { 'aria-labelledby': 'users-h' }, h('h2', { id: 'users-h', text: t('admin.users') }), listSlot),
    form);
  await load();
}

export async function renderTokens({ view, current }) {
  if (!can('admin')) return forbidden(view, 'admin.tokens');
  const listSlot = h('div', { id: 'tokens' });
  const out = h('div', { class: 'secret-slot', id: 'token-secret' });
  let users = [];

  async function load() {
    const [r, u] = await Promise.all([api.get('/api/v1/tokens', { all: 'true' }), api.get('/api/v1/users')]);
    if (!current()) return;
    users = u.items;
    for (const s of [owner]) {
      const keep = s.value || session.me.name;
      replace(s, users.filter((x) => !x.disabled).map((x) => h('option', { value: x.name, text: x.name })));
      s.value = keep;
    }
    const rows = r.items.map((tk) => h('tr', { class: tk.revoked ? 'is-disabled' : null, id: `token-${tk.id}` },
      h('th', { scope: 'row' }, h('code', { text: tk.id })),
      h('td', { text: tk.user }),
      h('td', { text: tk.label || t('value.none_short') }),
      h('td', {}, timeEl(tk.created_at, 'short')),
      h('td', {}, tk.expires_at ? timeEl(tk.expires_at, 'short') : t('admin.never')),
      h('td', { text: tk.revoked ? t('admin.revoked') : t('admin.active') }),
      h('td', {}, tk.revoked ? null : h('button', {
        type: 'button', class: 'btn btn-small', id: `revoke-${tk.id}`,
        'aria-label': t('admin.revoke_of', { id: tk.id }),
        onclick: async () => {
          if (!window.confirm(t('admin.revoke_confirm', { id: tk.id }))) return;
          try {
            await api.del(`/api/v1/tokens/${encodeURIComponent(tk.id)}`);
            toast(t('admin.revoked_msg', { id: tk.id }));
            await load();
          } catch (e) {
            toast(e.message);
          }
        },
      }, t('admin.revoke')))));
    replace(listSlot, rows.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'tokens' },
        h('caption', { class: 'sr-only', text: t('admin.tokens') }),
        h('thead', {}, h('tr', {}, ['admin.token_id', 'admin.token_user', 'admin.token_label', 'admin.created', 'admin.expires', 'admin.status', 'admin.actions']
          .map((k) => h('th', { scope: 'col', text: t(k) })))),
        h('tbody', {}, rows)))
      : h('p', { class: 'empty', text: t('admin.no_tokens') }));
  }

  const owner = h('select', { id: 'token-user' });
  const lbl = h('input', { type: 'text', id: 'token-label', autocomplete: 'off' });
  const days = h('input', { type: 'number', id: 'token-days', min: '0', max: '3650', step: '1', value: '90', inputmode: 'numeric' });
  const fOwner = field({ label: t('admin.token_user'), control: owner, required: true });
  const fLabel = field({ label: t('admin.token_label'), control: lbl, hint: t('admin.token_label_hint') });
  const fDays = field({ label: t('admin.token_days'), control: days, hint: t('admin.token_days_hint') });
  const errors = errorSlot();
  const form = h('form', { class: 'card add-token', novalidate: true, 'aria-labelledby': 'add-token-h' },
    h('h2', { id: 'add-token-h', text: t('admin.add_token') }),
    errors, fOwner, fLabel, fDays,
    h('button', { type: 'submit', class: 'btn btn-primary', id: 'add-token-submit', text: t('admin.create_token') }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.show(null);
    fDays.setError(null);
    fLabel.setError(null);
    const body = { user: owner.value };
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
      replace(out, secretBox('token-result', t('admin.token_created', { user: r.user }), r.token, t('admin.token_once')));
      lbl.value = '';
      await load();
    } catch (ex) {
      if (ex.status === 401) return;
      errors.show(formMessage(ex));
      fDays.setError(ex.fields.expires_days || null);
      fLabel.setError(ex.fields.label || null);
      fOwner.setError(ex.fields.user || null);
    }
  });

  view.append(title(t('admin.title')), tabs('tokens'),
    h('p', { class: 'lead', text: t('admin.tokens_lead') }), out,
    h('section', { 'aria-labelledby': 'tokens-h' }, h('h2', { id: 'tokens-h', text: t('admin.tokens') }), listSlot),
    form);
  await load();
}
