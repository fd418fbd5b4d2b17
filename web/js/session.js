// session.js - who is signed in, and what their role lets them do.
// The server decides (src/core/access.c); this mirror only hides the
// buttons a person could not use anyway.

import { api, setCsrf } from './api.js';
import { setZone } from './i18n.js';

export const session = { me: null };

const RULES = {
  create: ['reporter', 'handler', 'commander', 'communicator', 'admin'],
  update: ['handler', 'commander', 'admin'],
  restrict: ['commander', 'admin'],
  move: ['handler', 'commander', 'admin'],
  note: ['reporter', 'handler', 'commander', 'communicator', 'admin'],
  directory: ['handler', 'commander', 'communicator', 'admin'],
  admin: ['admin'],
  // The response engine (config.read / config.manage / incident.respond /
  // settings of src/core/access.c).
  config: ['handler', 'commander', 'communicator', 'auditor', 'admin'],
  manage: ['commander', 'admin'],
  respond: ['handler', 'commander', 'communicator', 'admin'],
  settings: ['admin'],
  deadlines: ['handler', 'commander', 'communicator', 'auditor', 'admin'],
  // The alert queue (alert.read / alert.triage).
  alerts: ['handler', 'commander', 'auditor', 'admin'],
  triage: ['handler', 'commander', 'admin'],
};

export function can(action) {
  const me = session.me;
  return !!me && (RULES[action] || []).includes(me.role);
}

export function signedIn(user, csrf) {
  session.me = { ...user };
  setCsrf(csrf);
  if (user.time_zone) setZone(user.time_zone);
}

export function signedOut() {
  session.me = null;
  setCsrf(null);
}

// Ask the server who we are (after a reload the cookie may still hold).
// GET /api/v1/session answers 200 either way: a 401 from /me would be
// logged by the browser as an error on everyone's sign-in page.
export async function refreshMe() {
  const s = await api.get('/api/v1/session');
  if (s && s.signed_in) signedIn(s, s.csrf_token);
  else signedOut();
  return session.me;
}
