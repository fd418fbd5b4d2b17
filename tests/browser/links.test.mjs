// Related and duplicate incidents through the real UI (issue 10 item 5):
// a handler opens a new report, sees the earlier report of the same
// misdirected mail offered as a possible duplicate (and not a restricted
// one she may not see), marks this report a duplicate of it, which
// closes it with the link shown on both incidents; links another
// incident by reference from the keyboard, is told why linking to itself
// is refused, and removes a mistaken link.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer, unlabelled } from './support.mjs';

let server;
let browser;
let admin;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  server.addUser('boss', 'commander');
  browser = await launch();
  admin = await apiAs(server, 'admin', server.adminPassword);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('possible duplicates offered, marked, linked and unlinked on the incident page', async () => {
  const cat = 'misdirected_email';
  const orig = await admin.post('/api/v1/incidents', { title: '顧客へのメール誤送信', category: cat, discovered_at: hoursAgo(30) });
  const other = await admin.post('/api/v1/incidents', { title: 'サーバ室の入館記録の欠落', category: 'policy_violation', discovered_at: hoursAgo(20) });
  const boss = await apiAs(server, 'boss');
  const secret = await boss.post('/api/v1/incidents', {
    title: '顧客へのメール誤送信（役員）', category: cat, discovered_at: hoursAgo(10), restricted: true,
  });
  const dup = await admin.post('/api/v1/incidents', { title: '顧客宛メールの誤送信', category: cat, discovered_at: hoursAgo(3) });

  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${dup.ref}`);
  const panel = page.locator('#links');
  await panel.getByRole('heading', { name: '関連・重複インシデント' }).waitFor();
  const offers = panel.locator('.dup-offers');
  await offers.getByRole('heading', { name: '重複の可能性があるインシデント' }).waitFor();
  const offer = offers.locator(`#dup-${orig.ref}`);
  await offer.waitFor();
  assert.match(await offer.textContent(), /件名の類似度 \d+%/);
  // The restricted report is not hers to see: never offered, never named.
  assert.doesNotMatch(await panel.textContent(), new RegExp(`${secret.ref}|役員`));
  assert.deepEqual(await unlabelled(page), []);

  // Mark this (the later) report a duplicate of the earlier one.
  await offer.getByRole('button', { name: `この報告を ${orig.ref} の重複として完了` }).click();
  const dupRow = panel.locator('.link-list li', { hasText: orig.ref });
  await dupRow.waitFor();
  assert.match(await dupRow.textContent(), /重複（元の事案）/);
  await page.locator('#links-summary', { hasText: 'リンク 1 件' }).waitFor();
  // Closed, with the original named in the chronology; the page says so.
  const after1 = await admin.get(`/api/v1/incidents/${dup.ref}`);
  assert.equal(after1.phase, 'closed');
  await page.locator('.chronology', { hasText: `${orig.ref} の重複として終結` }).waitFor();
  // Linked now, it is no longer offered.
  assert.equal(await panel.locator('.dup-offers').count(), 0);

  // Link another incident from the keyboard; a link to itself is refused
  // with the reason next to the field.
  await page.locator('#link-add-kind').selectOption('related');
  await page.locator('#link-add-ref').fill(dup.ref.toLowerCase());
  await page.locator('#link-add-ref').press('Enter');
  await panel.locator('.field-error', { hasText: '自分自身' }).waitFor();
  assert.equal(await page.locator('#link-add-ref').getAttribute('aria-invalid'), 'true');
  await page.locator('#link-add-ref').fill('INC-2026');
  await page.locator('#link-add-ref').press('Enter');
  await panel.locator('.field-error', { hasText: '参照番号の形式' }).waitFor();
  await page.locator('#link-add-ref').fill(other.ref);
  await page.locator('#link-add-ref').press('Enter');
  const relRow = panel.locator('.link-list li', { hasText: other.ref });
  await relRow.waitFor();
  assert.match(await relRow.textContent(), /関連/);
  // Text from the record is shown as text.
  assert.match(await relRow.textContent(), /サーバ室の入館記録の欠落/);

  // Remove the mistaken link (confirmed); the removal is in the chronology.
  await relRow.getByRole('button', { name: `${other.ref} とのリンクを削除` }).click();
  await relRow.waitFor({ state: 'detached' });
  await page.locator('.chronology', { hasText: '事案リンク削除' }).waitFor();
  const links = await admin.get(`/api/v1/incidents/${dup.ref}/links`);
  assert.deepEqual(links.items.map((l) => l.ref), [orig.ref]);

  // The original shows its duplicate under the inverse name.
  await page.goto(`/incidents/${orig.ref}`);
  const back = page.locator('#links .link-list li', { hasText: dup.ref });
  await back.waitFor();
  assert.match(await back.textContent(), /重複報告あり/);
  await page.shot('links');
  page.assertClean();
});
