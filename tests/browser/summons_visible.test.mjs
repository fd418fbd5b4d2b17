// Summons are visible (issue 9 item 23): after triage the summons panel
// says who was summoned and whether they acknowledged, or plainly that
// nobody was called and why, with the way to the rules; a fresh
// install's first screen tells an administrator that no rule exists.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, hoursAgo, launch, newPage, signIn, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let admin;
let hana;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  admin = await apiAs(server, 'admin', server.adminPassword);
  hana = await apiAs(server, 'hana');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function triaged(title, category) {
  const inc = await hana.post('/api/v1/incidents', { title, category, discovered_at: hoursAgo(1) });
  await hana.post(`/api/v1/incidents/${inc.ref}/phase`, { to: 'triage' });
  return inc.ref;
}

async function summonsText(page, ref) {
  await page.goto(`/incidents/${ref}`);
  const panel = page.locator('#summons-body');
  await panel.locator('#summons-none, #summonses').first().waitFor();
  return panel;
}

test('a fresh install: the administrator is told no rule exists; nobody is summoned and the panel says why', async () => {
  const page = await newPage(browser, server);
  await signIn(page, 'admin', server.adminPassword);
  await page.waitForURL('**/incidents');
  const notice = page.locator('#no-rules');
  await notice.waitFor();
  assert.match(await notice.textContent(), /招集基準がまだありません/);
  assert.equal(await notice.getByRole('link').getAttribute('href'), '/rules');

  const ref = await triaged('ノートPCの紛失', 'device_loss');
  const panel = await summonsText(page, ref);
  assert.match(await panel.locator('#summons-none').textContent(), /招集基準がまだ1件もないため、誰も招集されていません/);
  assert.equal(await panel.locator('a[href="/rules"]').count(), 1);
  page.assertClean();
  await page.context().close();
});

test('a rule that does not fit: the panel says so; one that fits: who and their acknowledgement', async () => {
  const contact = await admin.post('/api/v1/contacts', { name: '当番 佐藤', roles: ['csirt_lead'], phone: '03-0000-0000' });
  await admin.post('/api/v1/convocation-rules', {
    name: 'ランサムウェアは全員', categories: ['ransomware'], max_severity: 'S4',
    summon_contacts: [contact.id], ack_minutes: 30, enabled: true,
  });
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana');

  const lost = await triaged('USBメモリの紛失', 'device_loss');
  let panel = await summonsText(page, lost);
  assert.match(await panel.locator('#summons-none').textContent(), /当てはまる招集基準がなかったため、誰も招集されていません/);

  const ransom = await triaged('身代金の要求文が表示された', 'ransomware');
  panel = await summonsText(page, ransom);
  const row = panel.locator('#summonses li.summons').first();
  assert.match(await row.textContent(), /当番 佐藤/);
  assert.match(await row.textContent(), /確認待ち/);
  assert.match(await row.textContent(), /ランサムウェアは全員/);
  await row.getByRole('button', { name: /確認しました/ }).click();
  await panel.locator('li.summons.sm-acked').waitFor();
  assert.match(await panel.locator('li.summons.sm-acked').textContent(), /hana が確認/);
  page.assertClean();
  await page.context().close();

  // A rule is in force now: the first screen has nothing to warn about.
  const boss = await newPage(browser, server);
  await signInQuick(boss, server, 'admin', server.adminPassword, '/incidents');
  await boss.locator('#results[aria-busy="false"]').waitFor();
  assert.equal(await boss.locator('#no-rules').count(), 0);
  boss.assertClean();
  await boss.context().close();
});
