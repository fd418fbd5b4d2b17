// Full-text search through the real UI (issue 10 item 6): a handler types
// two Japanese words into the header's search box on the list screen,
// sees the incident with the matched terms marked (as <mark> around text,
// never markup from the data), and not a restricted incident she may not
// see; a half-width ﾒｰﾙ finds the full-width メール; she opens the
// incident from the result.

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

test('search from the header box, see the marked snippet, open the incident', async () => {
  const hit = await admin.post('/api/v1/incidents', {
    title: '顧客へのメール誤送信', description: '<b>営業部</b>が顧客情報を含むメールを誤送信した',
    category: 'misdirected_email', discovered_at: hoursAgo(5),
  });
  await admin.post('/api/v1/incidents', { title: '顧客対応の記録', discovered_at: hoursAgo(4) });
  const boss = await apiAs(server, 'boss');
  const secret = await boss.post('/api/v1/incidents', {
    title: '役員による顧客データの誤送信', discovered_at: hoursAgo(3), restricted: true,
  });

  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, '/incidents');
  const box = page.getByRole('searchbox', { name: '事案を検索' }).first();
  await box.fill('顧客\u3000誤送信');
  await box.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  await page.getByRole('heading', { level: 1, name: '検索' }).waitFor();
  const status = page.locator('#search-count');
  await status.filter({ hasText: '1件の事案が見つかりました' }).waitFor();
  const results = page.locator('#search-results');
  const item = results.locator('.search-hit');
  assert.equal(await item.count(), 1);
  assert.match(await item.textContent(), new RegExp(hit.ref));
  // The restricted incident is not hers: neither listed nor named.
  assert.doesNotMatch(await results.textContent(), new RegExp(`${secret.ref}|役員`));
  // The matched terms are marked; the data's "<b>" is text, not markup.
  const marks = await item.locator('mark').allTextContents();
  assert.ok(marks.includes('顧客') && marks.includes('誤送信'), marks.join(','));
  assert.equal(await item.locator('b').count(), 0);
  assert.match(await item.textContent(), /<b>営業部<\/b>/);
  assert.deepEqual(await unlabelled(page), []);

  // Half-width katakana finds full-width, from the results screen's box.
  const again = page.locator('#search-q');
  await again.fill('ﾒｰﾙ');
  await again.press('Enter');
  await page.locator('#search-count', { hasText: '1件の事案が見つかりました' }).waitFor();
  await results.locator('mark', { hasText: 'メール' }).first().waitFor();

  // Open the incident from its result.
  await results.getByRole('link', { name: new RegExp(hit.ref) }).click();
  await page.waitForURL(new RegExp(`/incidents/${hit.ref}$`));
  await page.getByRole('heading', { level: 1, name: /顧客へのメール誤送信/ }).waitFor();
});

test('a query of punctuation only is refused with its reason', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, '/incidents');
  const box = page.locator('#top-search');
  await box.fill('!!!');
  await box.press('Enter');
  await page.getByRole('alert').filter({ hasText: '記号だけでは検索できません' }).waitFor();
});
