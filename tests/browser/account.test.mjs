// Everyone manages their own account (issue 9 item 22): any role keeps
// its display name, contact details, password and API tokens on "my
// account"; the administrator's screen shows the profile, resets the
// role after each new account and does not offer to lock oneself out.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, launch, newPage, signIn, startServer } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  server.addUser('sato', 'reporter');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a reporter edits their profile, makes and revokes a token, changes their password', async () => {
  const page = await newPage(browser, server);
  await signIn(page, 'sato');
  await page.locator('#account-link').click();
  await page.getByRole('heading', { name: '自分のアカウント' }).waitFor();

  // A wrong address is named next to its field and nothing is saved.
  await page.getByLabel('表示名').fill('佐藤 一郎');
  await page.getByLabel('メールアドレス').fill('sato-at-example');
  await page.getByRole('button', { name: 'プロフィールを保存' }).click();
  await page.locator('#acct-email-error', { hasText: 'メールアドレスの形式' }).waitFor();
  const admin = await apiAs(server, 'admin', server.adminPassword);
  const before = (await admin.get('/api/v1/users')).items.find((u) => u.name === 'sato');
  assert.equal(before.display_name, '');

  await page.getByLabel('メールアドレス').fill('sato@example.jp');
  await page.getByLabel('部署').fill('営業部');
  await page.getByRole('button', { name: 'プロフィールを保存' }).click();
  await page.locator('#signed-in', { hasText: '佐藤 一郎（sato）' }).waitFor();
  const saved = (await admin.get('/api/v1/users')).items.find((u) => u.name === 'sato');
  assert.equal(saved.department, '営業部');
  assert.equal(saved.email, 'sato@example.jp');
  assert.equal(saved.role, 'reporter');

  // An API token of one's own, shown once, then revoked.
  await page.locator('#my-token-label').fill('集計スクリプト');
  await page.getByRole('button', { name: '発行する' }).click();
  const secret = await page.locator('#my-token-result code').textContent();
  assert.ok(secret.length > 20);
  const row = page.locator('#my-tokens tbody tr', { hasText: '集計スクリプト' });
  await row.waitFor();
  await row.getByRole('button', { name: /失効させる/ }).click();
  await page.locator('#my-tokens tbody tr', { hasText: '失効' }).first().waitFor();
  const r = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(r.status, 401);

  // A new password: the mismatch is caught here, then every session ends.
  await page.locator('#acct-password').fill('a brand new passphrase');
  await page.locator('#acct-password-again').fill('a brand new passphrasf');
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  await page.locator('#acct-password-again-error', { hasText: '一致しません' }).waitFor();
  await page.locator('#acct-password-again').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'パスワードを変更' }).click();
  await page.waitForURL('**/login');
  await page.getByText('新しいパスワードでサインインしてください').waitFor();
  await signIn(page, 'sato', 'a brand new passphrase');
  assert.match(await page.locator('#signed-in').textContent(), /佐藤 一郎/);
  page.assertClean();
  await page.context().close();
});

test('the administrator adds accounts with a profile; the role resets; no self lock-out', async () => {
  const page = await newPage(browser, server);
  await signIn(page, 'admin', server.adminPassword);
  await page.goto('/admin/users');
  await page.locator('#new-user-name').waitFor();

  // Their own row cannot be disabled or demoted.
  assert.equal(await page.locator('#toggle-admin').isDisabled(), true);
  assert.equal(await page.locator('#role-admin').isDisabled(), true);
  await page.locator('#self-note-admin').waitFor();

  await page.locator('#new-user-name').fill('yamada');
  await page.locator('#new-user-display-name').fill('山田 花子');
  await page.locator('#new-user-department').fill('情報システム部');
  await page.locator('#new-user-email').fill('hanako@example.jp');
  await page.locator('#new-user-role').selectOption('commander');
  await page.locator('#add-user-submit').click();
  await page.locator('#user-yamada', { hasText: '山田 花子' }).waitFor();
  assert.match(await page.locator('#user-yamada').textContent(), /情報システム部 \/ hanako@example\.jp/);
  assert.equal(await page.locator('#role-yamada').inputValue(), 'commander');
  // The next account starts as a reporter, with empty fields.
  assert.equal(await page.locator('#new-user-role').inputValue(), 'reporter');
  assert.equal(await page.locator('#new-user-display-name').inputValue(), '');

  // A bad profile is named next to its field.
  await page.locator('#new-user-name').fill('kimura');
  await page.locator('#new-user-email').fill('kimura@');
  await page.locator('#add-user-submit').click();
  await page.locator('#new-user-email-error', { hasText: 'メールアドレスの形式' }).waitFor();
  assert.equal(await page.locator('#user-kimura').count(), 0);
  page.assertClean();
  await page.context().close();
});

test('the account page speaks English too', async () => {
  const page = await newPage(browser, server);
  await signIn(page, 'admin', server.adminPassword);
  await page.locator('#lang-switch').click();
  await page.locator('#account-link').click();
  await page.getByRole('heading', { name: 'My account' }).waitFor();
  await page.getByLabel('Display name').waitFor();
  page.assertClean();
  await page.context().close();
});
