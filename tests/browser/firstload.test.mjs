// The first load, as Lighthouse would judge it offline: text files come
// compressed, nothing jumps while the API's answers arrive (cumulative
// layout shift under 0.1 on the list and the incident page, at a desktop
// and a phone size), and the sign-in page of someone not yet signed in
// logs nothing to the console — not even a failed request.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, createIncidents, hoursAgo, launch, newPage, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let ref;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  const hana = await apiAs(server, 'hana');
  const made = await createIncidents(hana, 40, (i) => ({
    title: `初回表示の確認 ${i + 1}: 不審なメールの報告と、添付ファイルを開いてしまった端末の調査`,
    discovered_at: hoursAgo(i + 2), category: i % 2 ? 'phishing' : 'malware',
    severity: 'S3', severity_reason: '確認用',
  }), 4);
  ref = made[0].ref;
  await hana.post(`/api/v1/incidents/${ref}/phase`, { to: 'triage' });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Every layout shift of the page from its start, the way Lighthouse
// counts them (those right after an input are not counted).
async function watchShifts(page) {
  await page.context().addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__shifts.push({
          value: e.value,
          at: Math.round(e.startTime),
          sources: (e.sources || []).map((s) => {
            const n = s.node;
            if (!n || !n.tagName) return n ? n.nodeName : '?';
            const r = (x) => `${Math.round(x.y)}+${Math.round(x.height)}`;
            return `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ''}${n.className && typeof n.className === 'string' ? `.${n.className.split(' ').join('.')}` : ''} (${r(s.previousRect)} → ${r(s.currentRect)}; ${n.innerText ? n.innerText.slice(0, 40).replace(/\s+/g, ' ') : ''})`;
          }),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

async function shifts(page) {
  const all = await page.evaluate(() => window.__shifts);
  const total = all.reduce((s, e) => s + e.value, 0);
  return { total, all };
}

const SIZES = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 412, height: 823 }, isMobile: true },
];

for (const size of SIZES) {
  test(`no layout shift worth counting on the list and the incident page (${size.name})`, async () => {
    for (const [path, ready] of [['/incidents', '#incident-table tbody tr'], [`/incidents/${ref}`, '#inc-title']]) {
      const page = await newPage(browser, server, size);
      await watchShifts(page);
      await signInQuick(page, server, 'hana', undefined, path);
      await page.locator(ready).first().waitFor();
      // Everything the page asks for has come, and painted.
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const { total, all } = await shifts(page);
      console.log(`# ${path} ${size.name}: CLS ${total.toFixed(3)}`);
      assert.ok(total < 0.1, `${path} (${size.name}): cumulative layout shift ${total.toFixed(3)}:\n${
        all.map((e) => `  ${e.value.toFixed(3)} at ${e.at} ms: ${e.sources.join(', ')}`).join('\n')}`);
      page.assertClean();
      await page.context().close();
    }
  });
}

test('the sign-in page logs nothing, and its text files come compressed', async () => {
  const page = await newPage(browser, server);
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()} (${(m.location() || {}).url || ''})`);
  });
  const statuses = [];
  page.on('response', (r) => statuses.push([r.status(), new URL(r.url()).pathname]));
  await page.goto('/');
  await page.locator('#login-username').waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(errors, []);
  assert.deepEqual(statuses.filter(([s]) => s >= 400), []);
  page.assertClean();

  // Each script, style sheet and catalogue came compressed: fewer bytes
  // on the wire than in the file.
  const files = await page.evaluate(() => performance.getEntriesByType('resource')
    .concat(performance.getEntriesByType('navigation'))
    .filter((e) => /\.(js|css|json)$|\/$|\/login$/.test(new URL(e.name).pathname))
    .map((e) => ({ path: new URL(e.name).pathname, wire: e.encodedBodySize, file: e.decodedBodySize })));
  assert.ok(files.length >= 10, JSON.stringify(files));
  for (const f of files) {
    assert.ok(f.wire < f.file * 0.6, `${f.path}: ${f.wire} bytes sent for ${f.file}`);
  }
  const wire = files.reduce((s, f) => s + f.wire, 0);
  const plain = files.reduce((s, f) => s + f.file, 0);
  console.log(`# first load: ${files.length} files, ${wire} bytes sent for ${plain}`);
  await page.context().close();
});
