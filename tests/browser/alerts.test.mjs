// The alert queue through the real UI (issue 10 item 3): a SIEM posts
// alerts with its ingest token (one sent twice, two about the same
// thing); a handler finds the queue in the menu, sees the repeat and the
// group, opens an alert whose raw record holds markup (shown as text),
// selects two alerts from the keyboard and files them as one incident,
// which holds their observables; another she ignores with a reason, and
// is told first when she forgets the reason.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { apiAs, apiWithToken, BIN, hoursAgo, launch, newPage, signInQuick, startServer, unlabelled } from './support.mjs';

let server;
let browser;
let siem;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  server.addUser('siem', 'ingest');
  const r = spawnSync(BIN, ['token', 'create', 'siem', '--json', '--db', server.db], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`token create: ${r.stderr}`);
  siem = apiWithToken(server, JSON.parse(r.stdout).token);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const MARKUP = '<img src=x onerror="window.pwned=1">';

test('promote two alerts from the queue to a new incident, ignore one with a reason', async () => {
  const obs = [{ type: 'ipv4', value: '203.0.113.7' }, { type: 'account', value: 'tanaka' }];
  const sent = await siem.post('/api/v1/alerts', {
    alerts: [
      { source: 'siem', source_ref: 'evt-1', title: '不審なログイン（海外IP）', severity: 'high', occurred_at: hoursAgo(2), observables: obs, raw: { rule: 4711, note: MARKUP } },
      { source: 'siem', source_ref: 'evt-2', title: '不審なログイン（海外IP）', severity: 'critical', occurred_at: hoursAgo(1), observables: obs },
      { source: 'siem', source_ref: 'evt-1', title: '不審なログイン（海外IP）', severity: 'high' },
      { source: 'edr', source_ref: 'scan-9', title: '検証環境のポートスキャン', severity: 'low' },
    ],
  });
  assert.deepEqual([sent.created, sent.updated], [3, 1]);
  const [first, second, , scan] = sent.items;
  // The tool's token is good for nothing else.
  await assert.rejects(siem.get('/api/v1/incidents'), (e) => e.status === 403);

  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana');
  await page.locator('.mainnav').getByRole('link', { name: 'アラート' }).click();
  await page.getByRole('heading', { name: 'アラート', level: 1 }).waitFor();
  const row1 = page.locator(`#alert-${first.id}`);
  await row1.waitFor();
  assert.match(await row1.textContent(), /×2/);
  assert.match(await page.locator(`#alert-${second.id}`).textContent(), new RegExp(`G${first.group}`));
  assert.equal(second.group, first.group);
  assert.deepEqual(await unlabelled(page), []);

  // The alert's own page: the raw record as text, never as markup.
  await row1.getByRole('link', { name: `#${first.id}` }).click();
  const raw = page.locator('#alert-raw');
  await raw.waitFor();
  assert.match(await raw.textContent(), /"rule": 4711/);
  // Pretty-printed JSON: the markup is there, its quotes escaped.
  assert.ok((await raw.textContent()).includes('<img src=x onerror=\\"window.pwned=1\\">'));
  assert.equal(await page.locator('#alert-raw img').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await page.getByRole('link', { name: 'アラート一覧へ戻る' }).click();
  await page.locator(`#alert-${first.id}`).waitFor();

  // Ignoring needs a reason; the form says so next to the field.
  await page.getByRole('checkbox', { name: new RegExp(`#${scan.id}`) }).check();
  await page.locator('#alert-ignore').click();
  await page.locator('.field-error', { hasText: '無視する理由' }).waitFor();
  assert.equal(await page.locator('#alert-ignore-reason').getAttribute('aria-invalid'), 'true');
  await page.locator('#alert-ignore-reason').fill('検証環境からのスキャン');
  await page.locator('#alert-ignore-reason').press('Enter');
  await page.locator(`#alert-${scan.id}`).waitFor({ state: 'detached' });
  const ignored = await apiAs(server, 'hana').then((c) => c.get(`/api/v1/alerts/${scan.id}`));
  assert.deepEqual([ignored.status, ignored.reason], ['ignored', '検証環境からのスキャン']);

  // Select the two from the keyboard and file them as one incident.
  const box1 = page.getByRole('checkbox', { name: new RegExp(`#${first.id}`) });
  await box1.focus();
  await page.keyboard.press('Space');
  await page.getByRole('checkbox', { name: new RegExp(`#${second.id}`) }).check();
  await page.locator('#alert-selected', { hasText: '2 件選択中' }).waitFor();
  await page.shot('alerts');
  await page.getByRole('button', { name: '新しいインシデントとして起票' }).click();
  await page.waitForURL(/\/incidents\/INC-\d{4}-\d{4,}$/);
  const ref = decodeURIComponent(page.url().split('/').pop());
  await page.locator('.chronology', { hasText: 'アラートから起票' }).waitFor();

  const hana = await apiAs(server, 'hana');
  const inc = await hana.get(`/api/v1/incidents/${ref}`);
  assert.equal(inc.title, '不審なログイン（海外IP）');
  assert.equal(inc.severity, 'S1');
  const held = await hana.get(`/api/v1/incidents/${ref}/observables`);
  assert.deepEqual(held.items.map((o) => `${o.type}:${o.value}`).sort(), ['account:tanaka', 'ipv4:203.0.113.7']);
  for (const id of [first.id, second.id]) {
    const a = await hana.get(`/api/v1/alerts/${id}`);
    assert.deepEqual([a.status, a.incident], ['promoted', ref]);
  }
  // Back in the queue, filed alerts are under "起票済み" with the incident.
  await page.goto('/alerts?status=promoted');
  const filed = page.locator(`#alert-${first.id}`);
  await filed.waitFor();
  assert.match(await filed.textContent(), new RegExp(ref));
  assert.deepEqual(page.problems, []);
});
