// Every screen, in Japanese and in English, at a desktop and a phone
// size, checked by axe-core against WCAG 2.1 A and AA: any violation
// fails.  Label in name (2.5.3) is an "experimental" rule of axe, off by
// default, so it is switched on; and a plain check adds that every
// aria-label of a button or link holds the text the button shows.
//
// The page's Content-Security-Policy forbids inline script, so axe's
// source is not added as a <script>: page.evaluate() runs it through
// the DevTools protocol, which the policy does not govern.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer } from './support.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let server;
let browser;
let ref;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  server.addUser('yuki', 'reporter');
  browser = await launch();
  const admin = await apiAs(server, 'admin', server.adminPassword);
  await admin.post('/api/v1/contacts', { name: '当番 佐藤', roles: ['police'], phone: '03-0000-0110' });
  await admin.post('/api/v1/assets', { name: '顧客管理データベース', kind: 'database', owner: '情報システム部', priority: 1 });
  // A record with most of its facts, so that the incident page shows its
  // panels filled in (duties, damage, readiness, first-aid tasks).
  ({ ref } = await admin.post('/api/v1/incidents', {
    title: '顧客データベースへの不正アクセス', kind: 'incident', category: 'unauthorized_access',
    discovered_at: hoursAgo(30), reported_at: hoursAgo(29), severity: 'S2', severity_reason: '個人データの漏えいのおそれ',
  }));
  await admin.post(`/api/v1/incidents/${ref}/phase`, { to: 'triage' });
  const yuki = await apiAs(server, 'yuki');
  await yuki.post('/api/v1/incidents', { title: '不審なメールを開いた', discovered_at: hoursAgo(2) });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// axe's verdict on the page as it is now, plus the label-in-name check;
// returns readable lines, empty when all is well.
async function audit(page) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
    });
    const out = r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes
      .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n')}`);
    // Letters and digits only: "↑ 上へ" is in "手順 2 を上へ" as speech
    // input hears it.
    const squash = (s) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    for (const el of document.querySelectorAll('button[aria-label], a[aria-label], [role="button"][aria-label]')) {
      const shown = squash(el.textContent);
      if (shown && !squash(el.getAttribute('aria-label')).includes(shown)) {
        out.push(`label in name: "${el.getAttribute('aria-label')}" does not contain "${el.textContent.trim()}"`);
      }
    }
    // A name on an element without a role is ignored by assistive
    // technology (ARIA 1.2 prohibits it on generic elements).
    for (const el of document.querySelectorAll('div[aria-labelledby], div[aria-label], span[aria-labelledby], span[aria-label], p[aria-labelledby], p[aria-label]')) {
      if (!el.getAttribute('role')) out.push(`a name on an element without a role: ${el.outerHTML.slice(0, 100)}`);
    }
    return out;
  }, TAGS);
  return found;
}

const SIZES = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
];

// What to look at: an address, what shows it is ready, and an optional
// step that opens more of it.
function screens() {
  return [
    { who: 'admin', path: '/report', ready: '#r-title' },
    { who: 'admin', path: '/incidents', ready: '#incident-table tbody tr' },
    {
      who: 'admin', path: '/incidents', ready: '#incident-table tbody tr', name: 'board',
      open: async (page) => {
        await page.locator('#view-board').click();
        await page.locator('#incident-board .card-item').first().waitFor();
      },
    },
    {
      who: 'admin', path: `/incidents/${ref}`, ready: '#inc-title',
      open: async (page) => {
        // Every panel loaded, and one field's editor open.
        await page.waitForLoadState('networkidle');
        await page.locator('#edit-btn-occurred_at').click();
        await page.locator('#edit-occurred_at').waitFor();
      },
    },
    { who: 'admin', path: '/deadlines', ready: '.screen-title' },
    { who: 'admin', path: '/alerts?status=', ready: '#alert-count:not(:empty)' },
    { who: 'admin', path: `/search?q=${encodeURIComponent('顧客')}`, ready: '#search-results li' },
    { who: 'admin', path: '/assets', ready: '.screen-title' },
    { who: 'admin', path: '/contacts', ready: '.screen-title' },
    { who: 'admin', path: '/rules', ready: '.screen-title' },
    { who: 'admin', path: '/playbooks', ready: '.screen-title' },
    { who: 'admin', path: '/playbooks/ransomware', ready: '.first-aid-badge' },
    { who: 'admin', path: '/settings', ready: '.screen-title' },
    { who: 'admin', path: '/admin/users', ready: '#users-h' },
    { who: 'admin', path: '/admin/tokens', ready: '#tokens-h' },
    { who: 'admin', path: '/no-such-screen', ready: '.screen-title' },
    { who: 'yuki', path: '/incidents', ready: '#incident-table tbody tr' },
    { who: 'hana', path: `/incidents/${ref}`, ready: '#inc-title' },
    { who: null, path: '/login', ready: '#login-username' },
    { who: null, path: '/ack/0123456789abcdef0123456789abcdef', ready: '.ack-card .screen-title' },
  ];
}

for (const lang of ['ja', 'en']) {
  for (const size of SIZES) {
    test(`no WCAG 2.1 A/AA violation on any screen (${lang}, ${size.name})`, async () => {
      const failures = [];
      // One page per person, signed in once, going from screen to screen.
      for (const who of ['admin', 'hana', 'yuki', null]) {
        const page = await newPage(browser, server, size);
        await page.context().addInitScript((l) => localStorage.setItem('kizuki.lang', l), lang);
        let first = true;
        for (const s of screens().filter((x) => x.who === who)) {
          if (who && first) {
            await signInQuick(page, server, who, who === 'admin' ? server.adminPassword : undefined, s.path);
          } else {
            await page.goto(s.path);
          }
          first = false;
          await page.locator(s.ready).first().waitFor();
          if (s.open) await s.open(page);
          const found = await audit(page);
          if (found.length) failures.push(`${who || 'anonymous'} ${s.path} ${s.name || ''}:\n  ${found.join('\n  ')}`);
        }
        page.assertClean();
        await page.context().close();
      }
      assert.deepEqual(failures, []);
    });
  }
}
