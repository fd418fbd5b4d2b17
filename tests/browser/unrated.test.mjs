// A thin report is not "S4 軽微" (issue 9 item 18): it reads 未評価 —
// 情報不足 in the list and on the board, comes first in the triage queue
// (the 発見・報告 column), and its page says which facts are missing.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, launch, newPage, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let hana;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  hana = await apiAs(server, 'hana');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('unrated reports are marked, come first in the triage queue and say what is missing', async () => {
  const at = new Date(Date.now() - 3600e3).toISOString();
  const thin = await hana.post('/api/v1/incidents', { title: '誤送信（詳細はこれから）', category: 'misdirected_email', discovered_at: at });
  // Filed later, so newer: without the triage order it would come first.
  const rated = await hana.post('/api/v1/incidents', {
    title: 'カード情報の誤送信', category: 'misdirected_email', discovered_at: at,
    info_types: [{ type: 'credit_card', count: 20000 }],
  });
  assert.equal(thin.severity, null);
  assert.equal(thin.triage.unrated, true);
  assert.match(rated.severity, /^S[12]$/);

  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, '/incidents');
  const row = page.locator('#results tr', { hasText: '詳細はこれから' });
  await row.waitFor();
  assert.equal(await row.locator('.sev').textContent(), '未評価 — 情報不足');
  assert.ok((await row.locator('.sev').getAttribute('class')).includes('sev-unrated'));

  await page.goto('/incidents?view=board');
  const cards = page.locator('.phase-col-reported .card-item');
  await cards.first().waitFor();
  assert.match(await cards.nth(0).textContent(), /詳細はこれから/);
  assert.match(await cards.nth(1).textContent(), /カード情報/);

  await page.goto(`/incidents/${thin.ref}`);
  const missing = page.locator('#sev-missing');
  await missing.waitFor();
  assert.match(await missing.textContent(), /漏えい等した情報の種類/);
  await page.shot('unrated');
  page.assertClean();
  await page.context().close();
});
