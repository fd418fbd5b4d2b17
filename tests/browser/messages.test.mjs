// Messages that say what is wrong (issue 9 item 20): an inline time edit
// that contradicts another time names the contradiction, a date that
// does not exist says so, a long title is refused with its length
// instead of being cut, and long titles take at most two lines in the
// list and on the board.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let ref;
let longRef;
const LONG = `${'サーバー室の空調停止に伴う基幹システムの緊急停止と、'.repeat(7)}復旧作業`.slice(0, 200);

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  const hana = await apiAs(server, 'hana');
  ({ ref } = await hana.post('/api/v1/incidents', {
    title: '不審なログイン', discovered_at: hoursAgo(3), occurred_at: hoursAgo(5),
  }));
  ({ ref: longRef } = await hana.post('/api/v1/incidents', { title: LONG, discovered_at: hoursAgo(1) }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an inline time edit says what is wrong with it', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  await page.locator('#edit-btn-occurred_at').click();
  // After the discovery: the message is about the contradiction.
  const when = new Date(Date.now() - 3600 * 1000 + 9 * 3600 * 1000).toISOString().slice(0, 16);
  await page.locator('#edit-occurred_at').fill(when);
  await page.locator('#save-occurred_at').click();
  const err = page.locator('#err-occurred_at');
  await err.waitFor();
  assert.match(await err.textContent(), /発見日時が発生日時より前になっています/);

  // A year that kizuki does not take: not the format example.
  await page.locator('#edit-occurred_at').fill('1850-04-01T09:00');
  await page.locator('#save-occurred_at').click();
  await page.locator('#err-occurred_at', { hasText: 'その日時はありません' }).waitFor();
  assert.doesNotMatch(await err.textContent(), /例/);
  await page.locator('#cancel-occurred_at').click();

  // A title over the limit is kept whole and refused with its length.
  await page.locator('#edit-btn-title').click();
  const tooLong = 'あ'.repeat(230);
  await page.locator('#edit-title').fill(tooLong);
  assert.equal(await page.locator('#edit-title').inputValue(), tooLong);
  await page.locator('#save-title').click();
  await page.locator('#err-title', { hasText: '件名は200文字以内で入力してください（いまは230文字です）' }).waitFor();
  const inc = await (await apiAs(server, 'hana')).get(`/api/v1/incidents/${ref}`);
  assert.equal(inc.title, '不審なログイン');
  page.assertClean();
  await page.context().close();
});

test('the report form refuses a long title with its length, without cutting it', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, '/report');
  const tooLong = 'い'.repeat(1205);
  await page.getByLabel('何が起きましたか').fill(tooLong);
  assert.equal(await page.getByLabel('何が起きましたか').inputValue(), tooLong);
  await page.locator('#r-now').click();
  await page.getByRole('button', { name: /報告する|送信/ }).last().click();
  await page.locator('#r-title-error', { hasText: '件名は200文字以内で入力してください（いまは1,205文字です）' }).waitFor();
  page.assertClean();
  await page.context().close();
});

async function lines(locator) {
  return locator.evaluate((el) => {
    const cs = getComputedStyle(el);
    const lh = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.2;
    return Math.round(el.getBoundingClientRect().height / lh);
  });
}

test('long titles take at most two lines in the list and on the board', async () => {
  const page = await newPage(browser, server, { viewport: { width: 1024, height: 800 } });
  await signInQuick(page, server, 'hana', undefined, '/incidents');
  const row = page.locator('tr', { has: page.locator(`a[href="/incidents/${longRef}"]`) });
  const cell = row.locator('.title-clamp');
  await cell.waitFor();
  assert.ok(await lines(cell) <= 2, `table: ${await lines(cell)} lines`);
  assert.equal(await cell.getAttribute('title'), LONG);

  await page.goto('/incidents?view=board');
  const card = page.locator('.card-item', { has: page.locator(`a[href="/incidents/${longRef}"]`) }).locator('.title-clamp');
  await card.waitFor();
  assert.ok(await lines(card) <= 2, `board: ${await lines(card)} lines`);
  page.assertClean();
  await page.context().close();
});
