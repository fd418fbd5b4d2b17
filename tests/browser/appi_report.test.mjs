// The APPI report draft from the browser (issue 9, item 16): the
// reporting business entered in the settings, a timeline entry marked for
// the report when it is written, and the 速報 / 確報 choice that reaches
// both the Markdown and the printable page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let hana;
let ref;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  hana = await apiAs(server, 'hana');
  ({ ref } = await hana.post('/api/v1/incidents', {
    title: '顧客1,200名へのメール誤送信', discovered_at: hoursAgo(3), category: 'misdirected_email',
    info_types: [{ type: 'name', count: 1200 }], affected_persons: 1200,
  }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the reporting business is entered in the settings', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'admin', server.adminPassword, '/settings');
  await page.locator('#set-business').waitFor();
  await page.getByLabel('代表者の氏名').fill('代表取締役 鈴木 一郎');
  await page.getByLabel('担当者の電話番号').fill('03-1234-5678');
  await page.locator('#settings-save').click();
  await page.getByText('設定を保存しました').first().waitFor();
  const admin = await apiAs(server, 'admin', server.adminPassword);
  const s = await admin.get('/api/v1/settings');
  assert.equal(s.business_representative, '代表取締役 鈴木 一郎');
  assert.equal(s.business_telephone, '03-1234-5678');
  await page.close();
});

test('an entry marked for the report, and the 確報', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  await page.locator('#note-body').fill('誤送信先から削除完了の連絡を受けた');
  await page.getByLabel('報告書の事実経過に載せる').check();
  await page.locator('#note-submit').click();
  const entry = page.locator('#timeline li', { hasText: '誤送信先から削除完了の連絡を受けた' });
  await entry.locator('.for-report').waitFor();
  assert.equal(await entry.locator('.for-report').textContent(), '報告書に記載');

  await page.getByLabel('文書', { exact: true }).selectOption('appi_report');
  await page.locator('#doc-stage').getByLabel('確報', { exact: true }).check();
  assert.equal(await page.locator('#doc-print').getAttribute('href'),
    `/api/v1/incidents/${ref}/drafts/appi_report?format=html&lang=ja&stage=final`);
  await page.getByRole('button', { name: 'Markdown を表示' }).click();
  await page.locator('#doc-text').waitFor();
  const md = await page.locator('#doc-text').inputValue();
  assert.match(md, /【確報】/);
  assert.match(md, /\d+:\d\d 誤送信先から削除完了の連絡を受けた/);
  assert.match(md, /- \*\*代表者\*\*: 代表取締役 鈴木 一郎/);

  // Other documents have no stage.
  await page.getByLabel('文書', { exact: true }).selectOption('press_release');
  assert.equal(await page.locator('#doc-stage').isHidden(), true);
  assert.equal(await page.locator('#doc-print').getAttribute('href'),
    `/api/v1/incidents/${ref}/drafts/press_release?format=html&lang=ja`);
  await page.close();
});
