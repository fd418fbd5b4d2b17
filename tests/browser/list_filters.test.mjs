// The list's overdue filter and saved filters (issue 10 item 7): the
// "reporting duty overdue" box (by keyboard) narrows the list and lives
// in the address; the current filters are saved under a name, made the
// default the bare list opens with, applied, renamed and deleted from
// the saved-filter menu; every control is labelled.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer, unlabelled } from './support.mjs';

let server;
let browser;
let hana;

const LEAK = {
  category: 'misdirected_email',
  info_types: [{ type: 'name', count: 1200 }],
  affected_persons: 1200,
};

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  hana = await apiAs(server, 'hana');
  // Aware of it sixty days ago: every reporting deadline has passed.
  const long = hoursAgo(60 * 24);
  await hana.post('/api/v1/incidents', { ...LEAK, title: 'Alpha 期限切れの誤送信', discovered_at: long, aware_at: long, reported_at: hoursAgo(60 * 24 - 1) });
  await hana.post('/api/v1/incidents', { ...LEAK, title: 'Bravo 今朝の誤送信', discovered_at: hoursAgo(3), aware_at: hoursAgo(3), reported_at: hoursAgo(2) });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function waitForTitles(page, want) {
  await page.waitForFunction((w) => {
    const got = [...document.querySelectorAll('#incident-table tbody .title-text')].map((e) => e.textContent);
    return JSON.stringify(got) === JSON.stringify(w);
  }, want);
}

const BOTH = ['Bravo 今朝の誤送信', 'Alpha 期限切れの誤送信'];
const LATE = ['Alpha 期限切れの誤送信'];

test('overdue filter and the saved-filter menu', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, '/incidents');
  await waitForTitles(page, BOTH);
  assert.deepEqual(await unlabelled(page), []);

  // The overdue box, by keyboard.
  const overdue = page.getByLabel('報告義務の期限切れ');
  await overdue.focus();
  await page.keyboard.press('Space');
  await waitForTitles(page, LATE);
  assert.match(page.url(), /overdue=1/);
  const link = page.getByRole('link', { name: 'CSVでダウンロード' });
  assert.match(await link.getAttribute('href'), /overdue=true/);

  // Save the current filters as the default.
  const menu = page.getByRole('region', { name: '保存済みフィルタ' });
  await menu.getByRole('button', { name: '現在の条件を保存' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'saved-name');
  await page.getByLabel('名前', { exact: true }).fill('期限切れ <b>要対応</b>');
  await page.getByLabel('一覧をこの条件で開く').check();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText('「期限切れ <b>要対応</b>」を保存しました。').waitFor();
  const saved = (await hana.get('/api/v1/account/filters')).items;
  assert.equal(saved.length, 1);
  assert.equal(saved[0].query, 'open=true&overdue=true');
  assert.equal(saved[0].default, true);
  // The same name again is refused, next to the field.
  await menu.getByRole('button', { name: '現在の条件を保存' }).click();
  await page.getByLabel('名前', { exact: true }).fill('期限切れ <b>要対応</b>');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.locator('#saved-name[aria-invalid="true"]').waitFor();
  assert.match(await page.locator('#saved-name-error').textContent(), /すでにあります/);
  await page.getByRole('button', { name: 'キャンセル' }).click();

  // The bare list opens with the default filter.
  await page.goto('/incidents');
  await waitForTitles(page, LATE);
  assert.match(page.url(), /overdue=1/);
  assert.ok(await page.getByLabel('報告義務の期限切れ').isChecked());

  // Clear, then apply the saved filter from the menu.
  await page.getByRole('button', { name: '条件をクリア' }).click();
  await waitForTitles(page, BOTH);
  await page.locator('#saved-filter').selectOption({ label: '期限切れ <b>要対応</b>（一覧の既定）' });
  await page.getByRole('button', { name: '適用' }).click();
  await waitForTitles(page, LATE);

  // Rename it; then delete it.
  await page.locator('#saved-filter').selectOption({ index: 1 });
  await page.getByRole('button', { name: '名前を変更' }).click();
  assert.equal(await page.getByLabel('名前', { exact: true }).inputValue(), '期限切れ <b>要対応</b>');
  await page.getByLabel('名前', { exact: true }).fill('期限切れ');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText('「期限切れ」として保存しました。').waitFor();
  assert.equal((await hana.get('/api/v1/account/filters')).items[0].name, '期限切れ');
  assert.equal(await page.locator('#saved-filter option:checked').textContent(), '期限切れ（一覧の既定）');
  await page.getByRole('button', { name: '削除' }).click();
  await page.getByText('「期限切れ」を削除しました。').waitFor();
  assert.deepEqual((await hana.get('/api/v1/account/filters')).items, []);
  assert.equal(await page.locator('#saved-filter option').count(), 1);
  assert.ok(await page.getByRole('button', { name: '適用' }).isDisabled());
  await page.close();
});
