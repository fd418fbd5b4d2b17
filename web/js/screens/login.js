// Sign in.  The session cookie is HttpOnly; what comes back to script is
// the user and the CSRF token for later changes.

import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { session, signedIn } from '../session.js';
import { errorSlot, field, title } from '../ui.js';

export async function render({ view, afterSignIn, takeNext }) {
  if (session.me) {
    navigate(takeNext() || '/', { replace: true });
    return;
  }
  const user = h('input', { type: 'text', name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', 'data-autofocus': true });
  const pass = h('input', { type: 'password', name: 'password', autocomplete: 'current-password' });
  const fUser = field({ label: t('login.username'), control: user, required: true, id: 'login-username' });
  const fPass = field({ label: t('login.password'), control: pass, required: true, id: 'login-password' });
  const errors = errorSlot();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', text: t('login.submit') });

  const form = h('form', { class: 'card narrow', novalidate: true }, errors, fUser, fPass, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fUser.setError(user.value ? null : t('form.required_msg'));
    fPass.setError(pass.value ? null : t('form.required_msg'));
    errors.show(null);
    if (!user.value || !pass.value) {
      (user.value ? pass : user).focus();
      return;
    }
    submit.disabled = true;
    try {
      const r = await api.post('/api/v1/session', { username: user.value, password: pass.value },
        { expectUnauthorized: true });
      pass.value = '';
      signedIn(r.user, r.csrf_token);
      // /me also tells the time zone of the profile.
      const me = await api.get('/api/v1/me');
      signedIn(me, me.csrf_token || r.csrf_token);
      await afterSignIn();
      navigate(takeNext() || '/', { replace: true });
    } catch (err) {
      submit.disabled = false;
      errors.show(err.message);
      fUser.setError(err.fields.username || null);
      fPass.setError(err.fields.password || null);
      pass.select();
      pass.focus();
    }
  });

  view.append(h('div', { class: 'login' },
    title(t('login.title')),
    h('p', { class: 'lead', text: t('login.lead') }),
    form,
    h('p', { class: 'hint', text: t('login.help') })));
}
