// The incident list for daily use: every column header sorts the list
// (aria-sort tells which and how), by mouse or keyboard, and the order
// lives in the address so that a reload or a shared link keeps it; the
// filters a handler uses every day (open only by default, owner, tag,
// reported dates) and the CSV download of what the list shows.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, createIncidents, hoursAgo, launch, newPage, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let hana;

const SEED = [
  { title: 'Bravo 不審メール', severity: 'S3', hours: 30 },
  { title: 'Alpha 誤送信', severity: 'S1', hours: 5 },
  { title: 'Delta 紛失', hours: 50 },
  { title: 'Charlie スキャン', severity: 'S2', hours: 2 },
];

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  hana = await apiAs(server, 'hana');
  await createIncidents(hana, SEED.length, (i) => {
    const s = SEED[i];
    const b = { title: s.title, discovered_at: hoursAgo(s.hours + 1), reported_at: hoursAgo(s.hours) };
    if (s.severity) Object.assign(b, { severity: s.severity, severity_reason: '初期判定' });
    return b;
  }, 1);
  // Closed: not in the list a handler opens, there with "all".
  const done = await hana.post('/api/v1/incidents', { title: 'Echo 完了済み', discovered_at: hoursAgo(80), reported_at: hoursAgo(79), tags: ['done'] });
  await hana.post(`/api/v1/incidents/${done.ref}/phase`, { to: 'closed' });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function titles(page) {
  return page.locator('#incident-table tbody .title-text').allTextContents();
}

// Wait until the table shows 'want' (the list reloads from the server).
async function waitForTitles(page, want) {
  await page.waitForFunction((w) => {
    const got = [...document.querySelectorAll('#incident-table tbody .title-text')].map((e) => e.textContent);
    return JSON.stringify(got) === JSON.stringify(w);
  }, want);
}

test('column headers sort the list, by mouse and keyboard, and the address keeps the order', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, '/incidents');
  await page.locator('#incident-table tbody tr').first().waitFor();
  // Newest first by default: no column claims an order.
  assert.equal(await page.locator('#incident-table th[aria-sort]').count(), 0);
  assert.deepEqual(await titles(page), SEED.map((s) => s.title).reverse());
  // The status column is derived and not sortable; the others are.
  assert.equal(await page.locator('#incident-table th .sort-btn').count(), 8);

  const titleHead = page.getByRole('columnheader', { name: '件名' });
  await titleHead.getByRole('button').click();
  await waitForTitles(page, ['Alpha 誤送信', 'Bravo 不審メール', 'Charlie スキャン', 'Delta 紛失']);
  assert.equal(await titleHead.getAttribute('aria-sort'), 'ascending');
  assert.match(page.url(), /sort=title&order=asc/);
  assert.equal(await page.getByRole('table', { name: '案件の一覧（並べ替え済み）' }).count(), 1);

  // The focus stays on the header button: Enter turns the order.
  await page.waitForFunction(() => document.activeElement?.dataset.sort === 'title');
  await page.keyboard.press('Enter');
  await waitForTitles(page, ['Delta 紛失', 'Charlie スキャン', 'Bravo 不審メール', 'Alpha 誤送信']);
  assert.equal(await page.getByRole('columnheader', { name: '件名' }).getAttribute('aria-sort'), 'descending');

  // Severity ascending: S1 (most severe) first, as the server orders it
  // (triage may have set the ones filed without one).
  const bySev = (await hana.get('/api/v1/incidents?open=true&sort=severity&order=asc')).items.map((i) => i.title);
  await page.getByRole('columnheader', { name: '重大度' }).getByRole('button').click();
  await waitForTitles(page, bySev);
  assert.equal(await page.locator('#incident-table th[aria-sort]').count(), 1);

  // The CSV button downloads what the list shows, in its order.
  const link = page.getByRole('link', { name: 'CSVでダウンロード' });
  assert.equal(await link.getAttribute('href'), '/api/v1/exports/incidents.csv?open=true&sort=severity&order=asc');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const body = Buffer.concat(chunks);
  assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = body.subarray(3).toString('utf8').split('\r\n');
  assert.match(lines[0], /^参照番号,件名,/);
  assert.deepEqual(lines.slice(1, 5).map((l) => l.split(',')[1]), bySev);

  // A reload keeps the order.
  await page.reload();
  await page.locator('#incident-table tbody tr').first().waitFor();
  await waitForTitles(page, bySev);
  assert.equal(await page.getByRole('columnheader', { name: '重大度' }).getAttribute('aria-sort'), 'ascending');
  await page.close();
});

test('open only by default; owner, tag and dates filter, and the address keeps them', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, '/incidents');
  await page.locator('#incident-table tbody tr').first().waitFor();
  assert.ok(await page.getByLabel('完了していない案件だけ').isChecked());
  assert.equal(await page.locator('#incident-table tbody tr').count(), SEED.length);
  await page.getByLabel('完了していない案件だけ').uncheck();
  await page.locator('#incident-table tbody tr').nth(SEED.length).waitFor();
  assert.match(page.url(), /open=all/);

  await page.getByLabel('タグ').fill('done');
  await page.getByLabel('タグ').press('Enter');
  await waitForTitles(page, ['Echo 完了済み']);
  assert.match(page.url(), /tag=done/);
  await page.reload();
  await waitForTitles(page, ['Echo 完了済み']);
  assert.equal(await page.getByLabel('タグ').inputValue(), 'done');

  await page.getByRole('button', { name: '条件をクリア' }).click();
  await page.locator('#incident-table tbody tr').nth(SEED.length).waitFor();
  // A range that ends long before anything was reported shows nothing.
  await page.getByLabel('報告日（まで）').fill('2020-01-01');
  await page.getByLabel('報告日（まで）').dispatchEvent('change');
  await page.locator('#results .empty-state').waitFor();
  await page.close();
});
