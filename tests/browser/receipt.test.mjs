// The reporter keeps sight of their report (issue 9 item 21): once the
// incident is restricted without them, opening it by its reference shows
// what they reported, when, and the phase — not the restricted record.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let ref;

before(async () => {
  server = await startServer();
  server.addUser('sato', 'reporter');
  server.addUser('ito', 'reporter');
  server.addUser('hana', 'handler');
  server.addUser('suzuki', 'commander');
  browser = await launch();
  const sato = await apiAs(server, 'sato');
  ({ ref } = await sato.post('/api/v1/incidents', {
    title: 'ノートPCを電車に置き忘れた', description: '帰宅途中の電車の網棚', discovered_at: hoursAgo(2),
  }));
  const hana = await apiAs(server, 'hana');
  await hana.patch(`/api/v1/incidents/${ref}`, { title: '役員PC紛失（社外秘）' }, { 'If-Match': '"1"' });
  const moved = await hana.post(`/api/v1/incidents/${ref}/phase`, { to: 'triage' });
  const suzuki = await apiAs(server, 'suzuki');
  await suzuki.patch(`/api/v1/incidents/${ref}`, { restricted: true }, { 'If-Match': `"${moved.version}"` });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the reporter opens the receipt of their restricted report', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'sato', undefined, `/incidents/${ref}`);
  await page.locator('#receipt').waitFor();
  assert.equal(await page.locator('#receipt-ref').textContent(), ref);
  assert.equal(await page.locator('#receipt-title').textContent(), 'ノートPCを電車に置き忘れた');
  assert.equal(await page.locator('#receipt-description').textContent(), '帰宅途中の電車の網棚');
  assert.match(await page.locator('#receipt-lead').textContent(), /関係者限定/);
  assert.ok((await page.locator('#receipt-phase').textContent()).length > 0);
  const text = await page.locator('main').textContent();
  assert.doesNotMatch(text, /社外秘|役員/);
  await page.shot('receipt-restricted');
  page.assertClean();
  await page.context().close();
});

test('someone else still finds nothing there', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'ito', undefined, `/incidents/${ref}`);
  await page.getByRole('heading', { name: '案件が見つかりません' }).waitFor();
  assert.equal(await page.locator('#receipt').count(), 0);
  page.assertClean();
  await page.context().close();
});
