// The list of 1,000 incidents in the browser: how long it takes is
// measured and printed, not asserted.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, apiWithToken, createIncidents, hoursAgo, launch, newPage, signInQuick, startServer } from './support.mjs';

const N = 1000;
let server;
let browser;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  // Filed through the API with a token, sixteen at a time.
  const session = await apiAs(server, 'hana');
  const { token } = await session.post('/api/v1/tokens', { label: 'bulk load', expires_days: 1 });
  const api = apiWithToken(server, token);
  const kinds = ['incident', 'incident', 'incident', 'near_miss', 'exercise'];
  const sev = ['S1', 'S2', 'S3', 'S4', null];
  const cats = ['phishing', 'malware', 'misdirected_email', 'device_loss', 'unauthorized_access'];
  const t0 = Date.now();
  await createIncidents(api, N, (i) => {
    const b = {
      title: `負荷確認用の案件 ${i + 1}: 不審なメールの報告`, kind: kinds[i % 5], category: cats[i % 5],
      discovered_at: hoursAgo((i % 90) + 2), reported_at: hoursAgo((i % 90) + 1),
    };
    if (sev[i % 5]) Object.assign(b, { severity: sev[i % 5], severity_reason: '負荷確認' });
    return b;
  });
  console.log(`# created ${N} incidents through the API in ${Date.now() - t0} ms`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the list of 1,000 incidents renders (time printed)', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana');
  await page.waitForURL('**/incidents');
  await page.locator('#incident-table tbody tr').first().waitFor();

  // Measured from the moment the address is asked for to 1,000 rows.
  const t0 = Date.now();
  await page.goto('/incidents');
  await page.waitForFunction((n) => document.querySelectorAll('#incident-table tbody tr').length === n
    && document.getElementById('results').dataset.paintedAt, N);
  const wall = Date.now() - t0;
  const ds = await page.locator('#results').evaluate((el) => ({ ...el.dataset }));
  console.log(`# 1,000-incident list: painted ${ds.paintedAt} ms after navigation start by the page's clock ` +
    `(API fetch + DOM build ${ds.loadMs} ms, of which DOM build ${ds.renderMs} ms; ${wall} ms as the test saw it)`);
  assert.equal(await page.locator('#result-count').textContent(), '1,000 件');

  const b0 = Date.now();
  const clicked = await page.evaluate(() => {
    const at = performance.now();
    document.getElementById('view-board').click();
    return at;
  });
  await page.waitForFunction((n) => document.querySelectorAll('#incident-board .card-item').length === n
    && document.getElementById('results').dataset.paintedAt, N);
  const bs = await page.locator('#results').evaluate((el) => ({ ...el.dataset }));
  console.log(`# 1,000-incident board: painted ${Math.round(bs.paintedAt - clicked)} ms after the switch ` +
    `(DOM build ${bs.renderMs} ms; ${Date.now() - b0} ms as the test saw it)`);
  await page.shot('board-1000', { fullPage: false });
  page.assertClean();
  await page.context().close();
});
