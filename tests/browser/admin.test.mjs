// Administration: users (add, role, disable, new password) and API tokens.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, signInQuick, startServer, unlabelled } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('users: add, change role, disable, enable, reset the password', async () => {
  const page = await newPage(browser, server);
  await signIn(page, 'admin', server.adminPassword);
  await page.getByRole('link', { name: '管理', exact: true }).click();
  await page.getByRole('heading', { name: 'ユーザー', exact: true }).waitFor();

  await page.getByLabel('ユーザー名').fill('suzuki');
  await page.locator('#new-user-role').selectOption('handler');
  await page.getByRole('button', { name: '追加する' }).click();
  await page.locator('#add-result code').waitFor();
  const first = (await page.locator('#add-result code').textContent()).trim();
  assert.ok(first.length >= 12, 'a generated password is shown once');
  const row = page.locator('#user-suzuki');
  await row.waitFor();
  assert.match(await row.textContent(), /担当者（ハンドラー）|有効/);

  // A name already taken is refused next to the field.
  await page.getByLabel('ユーザー名').fill('suzuki');
  await page.getByRole('button', { name: '追加する' }).click();
  await page.locator('#new-user-name-error').waitFor();
  assert.match(await page.locator('#new-user-name-error').textContent(), /使われています/);

  await page.getByLabel('suzuki の役割', { exact: true }).selectOption('commander');
  await page.getByRole('button', { name: 'suzuki の役割を変更' }).click();
  await page.locator('#user-suzuki select').waitFor();
  await page.waitForFunction(() => document.querySelector('#role-suzuki').value === 'commander');

  await page.getByRole('button', { name: 'suzuki を無効にする' }).click();
  await page.locator('#user-suzuki', { hasText: '無効' }).waitFor();
  await page.getByRole('button', { name: 'suzuki を有効にする' }).click();
  await page.getByRole('button', { name: 'suzuki を無効にする' }).waitFor();

  await page.getByRole('button', { name: 'suzuki のパスワードを再発行' }).click();
  await page.locator('#reset-result code').waitFor();
  const second = (await page.locator('#reset-result code').textContent()).trim();
  assert.notEqual(second, first);
  assert.deepEqual(await unlabelled(page), []);
  await page.shot('admin-users');
  page.assertClean();
  await page.context().close();

  // The new password works; the user is a commander now.
  const other = await newPage(browser, server);
  await signIn(other, 'suzuki', second);
  assert.match(await other.locator('#signed-in').textContent(), /suzuki（統括責任者（コマンダー））/);
  assert.equal(await other.getByRole('link', { name: '管理', exact: true }).count(), 0);
  other.assertClean();
  await other.context().close();
});

test('API tokens: create one, shown once, use it, revoke it', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'admin', server.adminPassword);
  await page.goto('/admin/tokens');
  await page.getByRole('heading', { name: 'API トークン', exact: true }).waitFor();
  await page.getByLabel('ユーザー').selectOption('hana');
  await page.getByLabel('ラベル').fill('検知ツール連携');
  await page.getByLabel('有効日数').fill('30');
  await page.getByRole('button', { name: '発行する' }).click();
  await page.locator('#token-result code').waitFor();
  const token = (await page.locator('#token-result code').textContent()).trim();
  const row = page.locator('#tokens tbody tr', { hasText: '検知ツール連携' });
  await row.waitFor();
  assert.match(await row.textContent(), /hana.*有効/s);
  assert.deepEqual(await unlabelled(page), []);
  await page.shot('admin-tokens');

  const me = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).name, 'hana');

  await row.getByRole('button', { name: /失効させる/ }).click();
  await page.locator('#tokens tbody tr', { hasText: '検知ツール連携' }).filter({ hasText: '失効' }).waitFor();
  const after2 = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(after2.status, 401);
  page.assertClean();
  await page.context().close();
});

test('the administration screen is not offered to other roles', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana');
  assert.equal(await page.getByRole('link', { name: '管理', exact: true }).count(), 0);
  await page.goto('/admin/users');
  await page.getByText('この画面は管理者だけが使えます。').waitFor();
  page.assertClean();
  await page.context().close();
});
