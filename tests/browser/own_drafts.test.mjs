// Text in progress belongs to its author: a note kept when a session
// ends comes back only to the account that wrote it, not to whoever
// signs in next in the same tab (issue 9 item 19).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, apiAs, hoursAgo, launch, newPage, signIn, startServer } from './support.mjs';

let server;
let browser;
let ref;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  server.addUser('ken', 'handler');
  browser = await launch();
  const ken = await apiAs(server, 'ken');
  ({ ref } = await ken.post('/api/v1/incidents', { title: '不審なログイン', discovered_at: hoursAgo(3) }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInAfterExpiry(page, name) {
  await page.getByLabel('ユーザー名').fill(name);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.locator('#signed-in').waitFor();
}

test('an unsent note comes back to its author only', async () => {
  const page = await newPage(browser, server);
  await signIn(page, 'hana');
  await page.goto(`/incidents/${ref}`);
  await page.locator('#note-body').waitFor();
  await page.locator('#note-body').fill('社外秘: 被害者の氏名は山田');
  // hana's session ends while she types; ken signs in at the same desk.
  await page.context().clearCookies();
  await page.getByRole('button', { name: '経緯に記録する' }).click();
  await page.waitForURL('**/login');
  await signInAfterExpiry(page, 'ken');
  await page.waitForURL(`**/incidents/${ref}`);
  await page.locator('#note-body').waitFor();
  assert.equal(await page.locator('#note-body').inputValue(), '');
  // What ken types is his own and does not overwrite hana's.
  await page.locator('#note-body').fill('ken のメモ');

  // ken's session ends too; hana comes back and finds her note.
  await page.context().clearCookies();
  await page.reload();
  await page.waitForURL('**/login');
  await signInAfterExpiry(page, 'hana');
  await page.goto(`/incidents/${ref}`);
  await page.locator('#note-body').waitFor();
  assert.equal(await page.locator('#note-body').inputValue(), '社外秘: 被害者の氏名は山田');
  page.assertClean();
  await page.context().close();
});
