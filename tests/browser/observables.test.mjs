// Observables through the real UI (issue 10 item 2): a handler opens a
// report of a suspicious mail, pastes its headers into the extract
// dialog, unticks what she does not want, adds the rest at once, and
// sees that the sender's domain and IP address were "seen in" the two
// earlier incidents (links to them), listed as related incidents; she
// adds one more by hand, defanged, and is told when a value does not
// parse as its type.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer, unlabelled } from './support.mjs';

let server;
let browser;
let admin;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  admin = await apiAs(server, 'admin', server.adminPassword);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const HEADERS = [
  'Received: from mail.evil.example (mail.evil.example [203.0.113.5])',
  '\tby mx.ours.example (Postfix) with ESMTPS id 4AbC;',
  '\tMon, 7 Dec 2026 10:00:00 +0900 (JST)',
  'From: 請求担当 <billing@evil.example>',
  'To: victim@ours.example',
  'Message-ID: <1234@mailer.evil.example>',
  'Subject: invoice',
  '',
].join('\n');

test('paste headers, extract, tick, add, and see where they were seen', async () => {
  const cat = 'targeted_email';
  const first = await admin.post('/api/v1/incidents', { title: '請求書を装うメール（1件目）', category: cat, discovered_at: hoursAgo(50) });
  const second = await admin.post('/api/v1/incidents', { title: '請求書を装うメール（2件目）', category: cat, discovered_at: hoursAgo(40) });
  for (const ref of [first.ref, second.ref]) {
    await admin.post(`/api/v1/incidents/${ref}/observables`, {
      items: [{ type: 'domain', value: 'evil.example' }, { type: 'ipv4', value: '203.0.113.5' }],
    });
  }
  const inc = await admin.post('/api/v1/incidents', { title: '請求書を装うメール（3件目）', category: cat, discovered_at: hoursAgo(2) });

  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${inc.ref}`);
  const panel = page.locator('#observables');
  await panel.getByRole('heading', { name: '観測値（IoC）' }).waitFor();
  await page.locator('#observables-summary', { hasText: '観測値はまだありません' }).waitFor();

  // Paste the headers and extract.
  await panel.getByRole('button', { name: 'テキストから抽出…' }).click();
  const dlg = page.getByRole('dialog', { name: 'テキストから観測値を抽出' });
  await dlg.waitFor();
  await dlg.getByLabel('貼り付けるテキスト').fill(HEADERS);
  await dlg.getByRole('button', { name: '抽出', exact: true }).click();
  await dlg.locator('legend', { hasText: '候補' }).waitFor();
  const text = await dlg.textContent();
  assert.match(text, /203\.0\.113\.5/);
  assert.match(text, /billing@evil\.example/);
  assert.match(text, /他の2件の事案で確認/);
  // The receiving side is not offered.
  assert.doesNotMatch(text, /mx\.ours\.example|victim@ours/);
  assert.deepEqual(await unlabelled(page), []);
  // Untick the Message-ID's domain, add the rest.
  await dlg.getByRole('checkbox', { name: /mailer\.evil\.example/ }).uncheck();
  await dlg.getByRole('button', { name: 'チェックしたものを追加' }).click();
  await dlg.waitFor({ state: 'detached' });

  const domainRow = panel.locator('.obs-list li', { hasText: 'evil.example' }).filter({ hasText: 'ドメイン' }).first();
  await domainRow.waitFor();
  assert.doesNotMatch(await panel.locator('.obs-list').textContent(), /mailer\.evil\.example/);
  // "Seen in 2 other incidents", opened to links to them.
  const seen = domainRow.getByRole('button', { name: '他の2件の事案で確認' });
  await seen.click();
  await domainRow.getByRole('link', { name: first.ref }).waitFor();
  await domainRow.getByRole('link', { name: second.ref }).waitFor();
  assert.equal(await seen.getAttribute('aria-expanded'), 'true');
  // The related incidents, by shared observables.
  const rel = panel.locator('.obs-related');
  await rel.getByRole('heading', { name: '観測値が共通する事案' }).waitFor();
  await rel.locator(`#obs-rel-${second.ref}`, { hasText: '共通 2件' }).waitFor();
  await rel.locator(`#obs-rel-${first.ref}`).waitFor();
  // The addition is in the chronology.
  await page.locator('.chronology', { hasText: '観測値を' }).waitFor();

  // One more by hand, defanged; a bad value is refused next to its field.
  await page.locator('#obs-add-type').selectOption('ipv4');
  await page.locator('#obs-add-value').fill('1.2.3.04');
  await page.locator('#obs-add-value').press('Enter');
  await panel.locator('.field-error', { hasText: 'IPv4' }).waitFor();
  assert.equal(await page.locator('#obs-add-value').getAttribute('aria-invalid'), 'true');
  await page.locator('#obs-add-type').selectOption('url');
  await page.locator('#obs-add-value').fill('hxxps://evil[.]example/pay');
  await page.locator('#obs-add-ioc').check();
  await page.locator('#obs-add-value').press('Enter');
  const urlRow = panel.locator('.obs-list li', { hasText: 'https://evil.example/pay' });
  await urlRow.waitFor();
  assert.match(await urlRow.textContent(), /IOC/);
  // Its TLP and flags change in place.
  await urlRow.getByRole('combobox', { name: 'https://evil.example/pay のTLP' }).selectOption('red');
  await panel.locator('.obs-list li', { hasText: 'https://evil.example/pay' }).locator('.tlp-red').waitFor();
  const sighted = panel.getByRole('button', { name: 'https://evil.example/pay を自組織で確認済みにする' });
  assert.equal(await sighted.getAttribute('aria-pressed'), 'false');
  await sighted.click();
  await panel.locator('.obs-list li', { hasText: 'https://evil.example/pay' })
    .locator('button[aria-pressed="true"]', { hasText: '自組織で確認' }).waitFor();
  const url = (await admin.get(`/api/v1/incidents/${inc.ref}/observables`)).items.find((o) => o.type === 'url');
  assert.deepEqual([url.tlp, url.ioc, url.sighted], ['red', true, true]);
  assert.deepEqual(await unlabelled(page), []);
  const stored = await admin.get(`/api/v1/incidents/${inc.ref}/observables`);
  assert.deepEqual(stored.items.map((o) => o.value).sort(),
    ['203.0.113.5', 'billing@evil.example', 'evil.example', 'https://evil.example/pay']);
  await page.shot('observables');
  page.assertClean();
});
