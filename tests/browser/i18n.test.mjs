// Japanese by default, English by a switch that is remembered; labels,
// server messages and dates in both; times in the user's zone with the
// stored UTC behind them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, launch, newPage, signIn, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let ref;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  const api = await apiAs(server, 'hana');
  // Noticed at 00:30 UTC = 09:30 in Tokyo.
  ({ ref } = await api.post('/api/v1/incidents', {
    title: 'メール誤送信', discovered_at: '2026-01-15T00:30:00Z', kind: 'near_miss', category: 'misdirected_email', severity: 'S3', severity_reason: '取引先1社のみ',
  }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the language switch, remembered, with server messages and dates in both', async () => {
  const page = await newPage(browser, server);
  await page.goto('/login');
  await page.getByRole('heading', { name: 'サインイン' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');

  await page.getByRole('button', { name: 'Switch the language to English' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'lang-switch');
  await page.shot('login-en');

  // The server answers in English too.
  await page.getByLabel('User name').fill('hana');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: /user name or password/i }).waitFor();

  await signIn(page, 'hana');
  assert.equal(await page.locator('#signed-in').textContent(), 'Signed in as hana (Handler)');
  await page.getByRole('heading', { name: 'Incidents' }).waitFor();
  const row = page.locator('#incident-table tbody tr', { hasText: ref });
  await row.waitFor();
  assert.match(await row.textContent(), /Near miss/);
  assert.match(await row.textContent(), /S3 Medium/);
  assert.match(await row.textContent(), /Misdirected e-mail/);
  await page.shot('list-en');

  // Remembered across a reload.
  await page.reload();
  await page.getByRole('heading', { name: 'Incidents' }).waitFor();

  await page.goto(`/incidents/${ref}`);
  await page.locator('#inc-title').waitFor();
  const discovered = page.locator('#fld-discovered_at time');
  assert.equal(await discovered.textContent(), '15 Jan 2026, 09:30');
  assert.equal(await discovered.getAttribute('datetime'), '2026-01-15T00:30:00.000Z');
  assert.equal(await discovered.getAttribute('title'), '2026-01-15 00:30 UTC');
  assert.match(await page.locator('.stepper').textContent(), /Reported/);

  // A time entered in the editor is read in Tokyo time and stored as UTC.
  await page.getByRole('button', { name: 'Edit Occurred at' }).click();
  await page.locator('#edit-occurred_at').fill('2026-01-14T18:05');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#fld-occurred_at time').waitFor();
  const api = await apiAs(server, 'hana');
  const inc = await api.get(`/api/v1/incidents/${ref}`);
  assert.equal(Date.parse(inc.occurred_at), Date.parse('2026-01-14T09:05:00Z'));
  assert.match(await page.locator('#timeline .entry-field_change').first().textContent(), /Occurred at.*Not recorded.*14 Jan 2026, 18:05/s);

  // Refused in English, next to the field.
  await page.getByRole('button', { name: 'Edit Discovered at' }).click();
  await page.locator('#edit-discovered_at').fill('2026-01-14T17:00');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#err-discovered_at').waitFor();
  assert.match(await page.locator('#err-discovered_at').textContent(), /before|earlier/i);
  await page.shot('incident-en');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Triage and close it, in English.
  await page.getByRole('button', { name: 'Edit Severity' }).click();
  await page.locator('#edit-severity').selectOption('S4');
  await page.getByLabel('Why this severity').fill('Caught before sending');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#fld-severity .sev-S4').waitFor();
  await page.getByRole('button', { name: 'Move on to: Triage' }).click();
  await page.locator('.step-current', { hasText: 'Triage' }).waitFor();
  await page.getByText('Move to another phase, or back').click();
  await page.getByLabel('Move to', { exact: true }).selectOption({ label: 'Closed' });
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  // Refused while its tasks are open, each listed in English.
  await page.locator('#open-items').waitFor();
  assert.match(await page.locator('#open-items').textContent(), /items are still open.*Task ".+" \(.+\): Neither done nor waived/s);
  const hana = await apiAs(server, 'hana');
  const tasks = await hana.get(`/api/v1/incidents/${ref}/tasks`);
  for (const x of tasks.items.filter((y) => y.status === 'open')) {
    await hana.patch(`/api/v1/incidents/${ref}/tasks/${x.id}`, { status: 'done' });
  }
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  await page.locator('.step-current', { hasText: 'Closed' }).waitFor();
  await page.locator('#timeline .entry').first().filter({ hasText: 'Moved: Triage → Closed' }).waitFor();
  assert.match(await page.locator('#timeline .entry').first().textContent(), /Phase change.*Moved: Triage → Closed/s);

  await page.goto('/report');
  await page.getByRole('heading', { name: 'Report an incident' }).waitFor();
  await page.shot('report-en');

  // And back to Japanese: the same date in Japanese.
  await page.goto(`/incidents/${ref}`);
  await page.locator('#inc-title').waitFor();
  await page.getByRole('button', { name: '表示言語を日本語に切り替える' }).click();
  await page.getByRole('heading', { name: '対応段階' }).waitFor();
  assert.equal(await page.locator('#fld-discovered_at time').textContent(), '2026年1月15日 09:30');
  assert.match(await page.locator('#signed-in').textContent(), /サインイン中/);
  page.assertClean();
  await page.context().close();
});

test('labels are there when the catalogue arrives after the taxonomies', async () => {
  const page = await newPage(browser, server);
  // Hold the catalogue back until the taxonomies have been answered.
  let taxonomiesDone;
  const taxonomiesSeen = new Promise((resolve) => { taxonomiesDone = resolve; });
  page.on('requestfinished', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/taxonomies') taxonomiesDone();
  });
  await page.route('**/i18n/ja.json', async (route) => {
    await taxonomiesSeen;
    await route.continue();
  });
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  await page.locator('#inc-title').waitFor();
  assert.match(await page.locator('#fld-category').textContent(), /メール誤送信/);
  assert.doesNotMatch(await page.locator('#fld-category').textContent(), /misdirected_email/);
  await page.goto('/report');
  await page.getByRole('heading', { name: 'インシデントを報告する' }).waitFor();
  const categories = await page.locator('select[name="category"] option').allTextContents();
  assert.ok(categories.includes('メール誤送信'), categories.join(', '));
  page.assertClean();
  await page.context().close();
});
