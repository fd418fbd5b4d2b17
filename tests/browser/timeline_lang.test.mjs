// The lines kizuki writes in the chronology are shown in the reader's
// language (issue 9, item 24): stored as a message key with its arguments,
// an English reader sees them in English, a Japanese reader in Japanese.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, launch, newPage, signIn, startServer } from './support.mjs';

let server;
let browser;
let ref;

const CJK = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  const api = await apiAs(server, 'hana');
  ({ ref } = await api.post('/api/v1/incidents', {
    title: 'Lost laptop', discovered_at: '2026-01-15T00:30:00Z', category: 'device_loss',
  }));
  const { id } = await api.post(`/api/v1/incidents/${ref}/tasks`, { title: 'Call the insurer' });
  await api.patch(`/api/v1/incidents/${ref}/tasks/${id}`, { status: 'done' }, { 'If-Match': '1' });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("kizuki's own timeline lines read in English, and in Japanese", async () => {
  const page = await newPage(browser, server);
  await page.goto('/login');
  await page.getByRole('button', { name: 'Switch the language to English' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await signIn(page, 'hana');
  await page.goto(`/incidents/${ref}`);
  const made = page.locator('#timeline .entry', { hasText: /Created \d+ tasks from the playbook “.+”/ });
  await made.waitFor();
  assert.doesNotMatch(await made.locator('.entry-body').textContent(), CJK);
  const done = page.locator('#timeline .entry', { hasText: 'Task done: Call the insurer' });
  await done.waitFor();
  // No stored message key leaks through.
  assert.doesNotMatch(await page.locator('#timeline').textContent(), /"msg"|chron\./);

  await page.locator('#lang-switch').click();
  await page.locator('#timeline .entry', { hasText: /プレイブック「.+」から \d+ 件のタスクを作成しました/ }).waitFor();
  await page.locator('#timeline .entry', { hasText: 'タスク完了: Call the insurer' }).waitFor();
  page.assertClean();
});
