// support.mjs - what every browser test shares: a real `kizuki serve` on
// loopback with a temporary database, accounts made with the CLI, and
// Debian's Chromium driven by playwright-core.  A page fails its test on
// any console error, uncaught exception or Content-Security-Policy
// violation.
//
// KIZUKI_BIN names the binary (set by `make browser-test`); CHROMIUM the
// browser (default /usr/bin/chromium).

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.KIZUKI_BIN || join(ROOT, 'build', 'kizuki');
export const SHOTS = join(ROOT, 'build', 'screenshots');
export const PASSWORD = 'correct-horse-battery-9';

// The server's environment: English CLI output (parsed below), Tokyo time.
function env() {
  const e = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8', KIZUKI_TZ: 'Asia/Tokyo' };
  delete e.KIZUKI_TEST_NOW;
  delete e.KIZUKI_DB;
  return e;
}

// Start `kizuki serve` on 127.0.0.1:0 with a new database; resolves to
// { url, port, adminPassword, db, stop(), addUser(name, role) }.
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'kizuki-browser-'));
  const db = join(dir, 'kizuki.db');
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'], {
    env: env(), stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => {
    err += d;
  });
  const ready = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`kizuki serve did not start:\n${out}\n${err}`)), 15000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`kizuki serve exited with ${code}:\n${out}\n${err}`));
    });
    proc.stdout.on('data', (d) => {
      out += d;
      const url = /(http:\/\/127\.0\.0\.1:(\d+))\/?/.exec(out);
      const pw = /^\s*(?:password|パスワード)\s*[:：]\s*(\S+)\s*$/im.exec(out);
      if (url && pw) {
        clearTimeout(timer);
        ok({ url: url[1], port: Number(url[2]), adminPassword: pw[1] });
      }
    });
  });
  proc.removeAllListeners('exit');
  const exited = new Promise((r) => proc.on('exit', r));
  return {
    ...ready,
    db,
    async stop() {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
    addUser(name, role, password = PASSWORD) {
      const r = spawnSync(BIN, ['user', 'add', name, '--role', role, '--password-stdin', '--db', db], {
        env: env(), input: `${password}\n`, encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`user add ${name}: ${r.status}\n${r.stdout}\n${r.stderr}`);
    },
  };
}

// A signed-in API client for setting up data from Node (cookie + CSRF).
export async function apiAs(server, name, password = PASSWORD) {
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: name, password }),
  });
  if (!r.ok) throw new Error(`sign-in ${name}: ${r.status} ${await r.text()}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  return client(server, { Cookie: cookie, 'X-CSRF-Token': csrf });
}

// An API client with a bearer token (no cookie, so no CSRF token).
export function apiWithToken(server, token) {
  return client(server, { Authorization: `Bearer ${token}` });
}

function client(server, auth) {
  async function call(method, path, body, headers = {}) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...auth, Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const e = new Error(`${method} ${path}: ${res.status} ${text}`);
      e.status = res.status;
      e.data = data;
      throw e;
    }
    return data;
  }
  return {
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b),
    patch: (p, b, h) => call('PATCH', p, b, h),
    del: (p) => call('DELETE', p),
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage', '--lang=ja-JP'],
  });
}

// Statuses the API answers on purpose in these tests (sign-in needed,
// hidden, refused, conflicting); the browser logs each such response as
// "Failed to load resource".  Anything else in the console fails.
const EXPECTED_STATUS = /Failed to load resource: the server responded with a status of (401|403|404|409|422|428)\b/;

// A fresh context and page; page.problems collects every console error,
// uncaught exception and CSP violation; page.assertClean() throws them.
export async function newPage(browser, server, opts = {}) {
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: opts.viewport || { width: 1366, height: 900 },
    deviceScaleFactor: 1,
    isMobile: !!opts.isMobile,
    hasTouch: !!opts.isMobile,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const loc = m.location() || {};
    if (EXPECTED_STATUS.test(m.text()) && /\/api\/v1\//.test(loc.url || '')) return;
    problems.push(`console: ${m.text()} (${loc.url || ''})`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('dialog', async (d) => {
    if (d.type() === 'confirm' && opts.acceptConfirm !== false) {
      await d.accept();
    } else {
      problems.push(`unexpected dialog: ${d.type()} ${d.message()}`);
      await d.dismiss();
    }
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.problems = problems;
  page.assertClean = () => {
    if (problems.length) throw new Error(`problems in the page:\n${problems.join('\n')}`);
  };
  page.shot = async (name, opt = {}) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: opt.fullPage !== false });
  };
  return page;
}

export async function signIn(page, name, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel(/ユーザー名|User name/).fill(name);
  await page.getByLabel(/パスワード|Password/).fill(password);
  await page.getByRole('button', { name: /サインイン|Sign in/ }).click();
  await page.locator('#signed-in').waitFor();
}

export async function signOut(page) {
  await page.locator('#logout').click();
  await page.locator('#login-username').waitFor();
}

// Create incidents through the API, 'concurrency' at a time; 'make(i)'
// gives the body of the i-th.  Resolves to the created records in order.
export async function createIncidents(api, n, make, concurrency = 16) {
  const out = new Array(n);
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next;
      next += 1;
      out[i] = await api.post('/api/v1/incidents', make(i));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return out;
}

// An ISO time 'hours' ago, in Tokyo's offset.
export function hoursAgo(hours) {
  const d = new Date(Date.now() - hours * 3600 * 1000 + 9 * 3600 * 1000);
  return `${d.toISOString().slice(0, 19)}+09:00`;
}

// Every form control on the page has an accessible name (a label, or
// aria-label/aria-labelledby); returns the ones that do not.
export async function unlabelled(page) {
  return page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden')
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
    .map((el) => el.outerHTML.slice(0, 120)));
}

// Sign in without the form (for tests about something else): the
// session cookie is made through the API and given to the browser, which
// then learns its CSRF token from /api/v1/me like after any reload.
export async function signInQuick(page, server, name, password = PASSWORD, path = '/') {
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: name, password }),
  });
  if (!r.ok) throw new Error(`sign-in ${name}: ${r.status}`);
  const [pair] = r.headers.get('set-cookie').split(';');
  const eq = pair.indexOf('=');
  await page.context().addCookies([{
    name: pair.slice(0, eq), value: pair.slice(eq + 1), url: server.url, httpOnly: true, sameSite: 'Strict',
  }]);
  await page.goto(path);
  await page.locator('#signed-in').waitFor();
}
