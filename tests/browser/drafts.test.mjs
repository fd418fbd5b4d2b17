// Nothing typed is lost: a conflicting change keeps the text being
// edited, and a reload brings back a half-written report, an open
// editor and an unsent note.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, apiAs, hoursAgo, launch, newPage, signIn, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let ref;
let ken;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  server.addUser('ken', 'handler');
  browser = await launch();
  ken = await apiAs(server, 'ken');
  ({ ref } = await ken.post('/api/v1/incidents', { title: '不審なログイン', discovered_at: hoursAgo(3) }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a conflicting change keeps what was typed and saves after a look', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana');
  await page.goto(`/incidents/${ref}`);
  await page.locator('#inc-title').waitFor();
  await page.getByRole('button', { name: '直接原因を編集' }).click();
  await page.locator('#edit-direct_cause').fill('VPN 機器の脆弱性を突かれた');

  // Meanwhile ken changes the same field.
  const cur = await ken.get(`/api/v1/incidents/${ref}`);
  await ken.patch(`/api/v1/incidents/${ref}`, { direct_cause: '使い回しのパスワード' }, { 'If-Match': `"${cur.version}"` });

  await page.getByRole('button', { name: '保存' }).click();
  const warn = page.locator('#fld-direct_cause .alert-warn');
  await warn.waitFor();
  assert.match(await warn.textContent(), /ほかの人が更新しました/);
  assert.match(await warn.textContent(), /使い回しのパスワード/);
  assert.equal(await page.locator('#edit-direct_cause').inputValue(), 'VPN 機器の脆弱性を突かれた');
  await page.shot('incident-conflict');

  await page.locator('#edit-direct_cause').fill('VPN 機器の脆弱性を突かれた（使い回しのパスワードも確認）');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('#fld-direct_cause .fld-value', { hasText: '使い回しのパスワードも確認' }).waitFor();
  const inc = await ken.get(`/api/v1/incidents/${ref}`);
  assert.equal(inc.direct_cause, 'VPN 機器の脆弱性を突かれた（使い回しのパスワードも確認）');
  page.assertClean();
  await page.context().close();
});

test('a reload brings back an open editor, an unsent note and a half-written report', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana');
  await page.goto(`/incidents/${ref}`);
  await page.locator('#inc-title').waitFor();
  await page.getByRole('button', { name: '初動対応を編集' }).click();
  await page.locator('#edit-initial_response').fill('該当アカウントを停止した');
  await page.getByLabel('内容', { exact: true }).fill('JPCERT/CC に相談予定');
  await page.reload();
  await page.locator('#edit-initial_response').waitFor();
  assert.equal(await page.locator('#edit-initial_response').inputValue(), '該当アカウントを停止した');
  assert.equal(await page.getByLabel('内容', { exact: true }).inputValue(), 'JPCERT/CC に相談予定');
  // Cancelling is a decision: the draft goes.
  await page.getByRole('button', { name: '取り消す' }).click();
  await page.reload();
  await page.locator('#edit-btn-initial_response').waitFor();

  await page.goto('/report');
  await page.getByLabel('何が起きましたか').fill('書きかけの報告');
  await page.getByLabel('詳しい状況').fill('途中まで書いた');
  // Switching the language keeps it too.
  await page.locator('#lang-switch').click();
  await page.getByRole('heading', { name: 'Report an incident' }).waitFor();
  assert.equal(await page.getByLabel('What happened?').inputValue(), '書きかけの報告');
  await page.locator('#lang-switch').click();
  // The switch is done (and remembered) once the page speaks Japanese again.
  await page.getByRole('heading', { name: 'インシデントを報告する' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'インシデントを報告する' }).waitFor();
  assert.equal(await page.getByLabel('何が起きましたか').inputValue(), '書きかけの報告');
  assert.equal(await page.getByLabel('詳しい状況').inputValue(), '途中まで書いた');
  assert.match(await page.locator('.report').textContent(), /復元しました/);
  page.assertClean();
  await page.context().close();
});

test('an expired session keeps the note being written and comes back to it', async () => {
  const page = await newPage(browser, server);
  await signIn(page, 'hana');
  await page.goto(`/incidents/${ref}`);
  await page.locator('#inc-title').waitFor();
  await page.getByLabel('内容', { exact: true }).fill('警察に遺失届を提出した（受理番号 123）');
  // The session ends (expiry, or signed out elsewhere) while typing.
  await page.context().clearCookies();
  await page.getByRole('button', { name: '経緯に記録する' }).click();
  await page.waitForURL('**/login');
  await page.getByText('セッションが切れました').waitFor();
  await page.getByLabel('ユーザー名').fill('hana');
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.waitForURL(`**/incidents/${ref}`);
  await page.locator('#note-body').waitFor();
  assert.equal(await page.locator('#note-body').inputValue(), '警察に遺失届を提出した（受理番号 123）');
  await page.getByRole('button', { name: '経緯に記録する' }).click();
  await page.locator('#timeline .entry-note', { hasText: '受理番号 123' }).waitFor();
  page.assertClean();
  await page.context().close();
});
