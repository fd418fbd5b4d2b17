// Whatever an incident says is shown as text, never run as HTML.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signInQuick, startServer } from './support.mjs';

const TITLE = '<img src=x onerror=alert(1)>';
const BODY = '<script>alert(2)</script><b onmouseover=alert(3)>bold</b>';

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

test('an incident titled with markup shows as text everywhere', async () => {
  const page = await newPage(browser, server);
  let dialogs = 0;
  page.on('dialog', () => {
    dialogs += 1;
  });
  await signInQuick(page, server, 'hana');
  await page.goto('/report');
  await page.getByLabel('何が起きましたか').fill(TITLE);
  await page.getByRole('button', { name: 'たった今' }).click();
  await page.getByLabel('詳しい状況').fill(BODY);
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.locator('#done-ref').waitFor();
  await page.getByRole('link', { name: 'この報告を開く' }).click();
  await page.locator('#inc-title').waitFor();

  assert.equal(await page.locator('#inc-title').textContent(), TITLE);
  assert.match(await page.locator('#fld-description').textContent(), /<script>alert\(2\)<\/script>/);
  await page.getByLabel('内容', { exact: true }).fill(BODY);
  await page.getByRole('button', { name: '経緯に記録する' }).click();
  await page.locator('#timeline .entry-note').waitFor();
  assert.equal(await page.locator('#timeline .entry-note .entry-body').textContent(), BODY);
  // The title changed through the editor appears in the chronology as text too.
  await page.getByRole('button', { name: '件名を編集' }).click();
  await page.locator('#edit-title').fill(`${TITLE}!`);
  await page.locator('#edit-title').press('Enter');
  await page.locator('#timeline .entry-field_change').first().waitFor();
  assert.match(await page.locator('#timeline .entry-field_change').first().textContent(), /<img src=x onerror=alert\(1\)>!/);

  await page.goto('/incidents');
  await page.locator('#incident-table tbody tr').first().waitFor();
  assert.equal(await page.locator('#incident-table .title-text').first().textContent(), `${TITLE}!`);
  await page.getByRole('button', { name: 'ボード' }).click();
  await page.locator('#incident-board .card-title').first().waitFor();

  // No element was made from the text, and nothing ran.
  assert.equal(await page.locator('main img, main script, main b').count(), 0);
  await page.goto(`/incidents/${(await page.locator('.card-item .ref').first().textContent())}`);
  await page.locator('#inc-title').waitFor();
  assert.equal(await page.locator('main img, main script, main b').count(), 0);
  await page.locator('#inc-title').hover();
  await page.waitForTimeout(200);
  assert.equal(dialogs, 0);
  await page.shot('incident-markup-as-text');
  page.assertClean();
  await page.context().close();
});
