// Need to know: a commander restricts an incident to its members; a
// handler who is not a member sees neither it in the list nor its page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let ref;

before(async () => {
  server = await startServer();
  server.addUser('boss', 'commander');
  server.addUser('hana', 'handler');
  server.addUser('jiro', 'handler');
  browser = await launch();
  const boss = await apiAs(server, 'boss');
  ({ ref } = await boss.post('/api/v1/incidents', { title: '役員による内部不正の疑い', discovered_at: hoursAgo(2), category: 'insider_wrongdoing' }));
  await boss.post('/api/v1/incidents', { title: '公開の案件', discovered_at: hoursAgo(2) });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a commander restricts an incident and names its members', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'boss');
  await page.goto(`/incidents/${ref}`);
  await page.locator('#inc-title').waitFor();
  await page.getByRole('button', { name: '関係者（閲覧できる人）を編集' }).click();
  await page.locator('#edit-members').fill('boss\nhana');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('#fld-members .chips li', { hasText: 'hana' }).waitFor();
  await page.getByRole('button', { name: '関係者限定を編集' }).click();
  await page.getByLabel('関係者だけが閲覧できるようにする').check();
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('.inc-head .restricted').waitFor();
  assert.equal(await page.locator('.inc-head .restricted').textContent(), '関係者限定');
  assert.match(await page.locator('#members-panel').textContent(), /boss, hana/);
  await page.shot('incident-restricted');
  page.assertClean();
  await page.context().close();
});

test('a handler who is not a member cannot see it; a member can', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'jiro');
  await page.waitForURL('**/incidents');
  await page.locator('#incident-table').waitFor();
  assert.equal(await page.locator('#result-count').textContent(), '1 件');
  assert.equal(await page.getByText('役員による内部不正').count(), 0);
  assert.equal(await page.getByRole('link', { name: ref }).count(), 0);
  // Not even by its address, nor by searching for it.
  await page.goto(`/incidents/${ref}`);
  await page.getByRole('heading', { name: '案件が見つかりません' }).waitFor();
  assert.equal(await page.getByText('役員による内部不正').count(), 0);
  await page.goto('/incidents?q=内部不正');
  await page.locator('#result-count', { hasText: '0 件' }).waitFor();
  page.assertClean();
  await page.context().close();

  const member = await newPage(browser, server);
  await signInQuick(member, server, 'hana');
  await member.waitForURL('**/incidents');
  const row = member.locator('#incident-table tbody tr', { hasText: ref });
  await row.waitFor();
  assert.equal(await row.locator('.restricted').textContent(), '関係者限定');
  await row.getByRole('link', { name: ref }).click();
  await member.locator('#members-panel').waitFor();
  // A handler may edit the record but not who may see it.
  assert.equal(await member.locator('#edit-btn-title').count(), 1);
  assert.equal(await member.locator('#edit-btn-members').count(), 0);
  assert.equal(await member.locator('#edit-btn-restricted').count(), 0);
  member.assertClean();
  await member.context().close();
});
