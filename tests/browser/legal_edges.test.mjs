// The legal edge cases of issue 9 on the incident page and the deadlines
// screen: 漏えい等 in three states (確定 / おそれ / 不明, never "いいえ" for
// a confirmed leak), a duty that cannot be decided for want of a count
// shown as undecided with what it needs, the record's consistency
// warnings, and a person's "no" to an improper purpose marked as theirs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer } from './support.mjs';

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

async function file(fields) {
  const { ref } = await hana.post('/api/v1/incidents', {
    title: '顧客名簿の漏えい', discovered_at: hoursAgo(3), ...fields,
  });
  return ref;
}

test('漏えい等 reads 確定, おそれ or 不明, never いいえ for a confirmed leak', async () => {
  const page = await newPage(browser, server);
  const cases = [
    [{ leak_kinds: ['leak'] }, '確定'],
    [{ leak_kinds: ['leak'], possible_leak: true }, 'おそれ'],
    [{}, '不明'],
  ];
  let first = true;
  for (const [fields, want] of cases) {
    const ref = await file(fields);
    if (first) await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
    else await page.goto(`${server.url}/incidents/${ref}`);
    first = false;
    const row = page.locator('#fld-possible_leak');
    await row.waitFor();
    assert.equal((await row.locator('.fld-label').textContent()).trim(), '漏えい等');
    assert.equal((await row.locator('.fld-value').textContent()).trim(), want);
  }
});

test('an unknown count is undecided, with what it needs, on the incident and the deadlines', async () => {
  const ref = await file({ info_types: [{ type: 'name', count: null }], affected_persons: null, leak_kinds: ['leak'] });
  const zero = await file({ info_types: [{ type: 'name', count: 50 }], affected_persons: 0, leak_kinds: ['leak'] });
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  const pre = page.locator('#duty-appi_preliminary');
  await pre.waitFor();
  assert.match(await pre.locator('.duty-state').textContent(), /判定不能/);
  assert.match(await pre.textContent(), /件数未確定のため判定できません/);
  // Still to decide: it can be filed or judged not applicable.
  assert.equal(await page.locator('#duty-appi_preliminary-not_applicable-open').count(), 1);
  assert.equal(await page.locator('#record-warnings').count(), 0);
  // The record's contradiction is said where it is read.
  await page.goto(`${server.url}/incidents/${zero}`);
  const warn = page.locator('#record-warnings');
  await warn.waitFor();
  assert.match(await warn.textContent(), /影響を受けた人数が0人なのに/);

  await page.goto(`${server.url}/deadlines`);
  const row = page.locator(`#dl-${ref}-appi_preliminary`);
  await row.waitFor();
  assert.match(await row.textContent(), /判定不能.*件数未確定/s);
  assert.match(await page.locator('#dg-undecided-h').textContent(), /判定できないもの/);
});

test('a person\'s "no" to an improper purpose shows as theirs', async () => {
  const ref = await file({
    category: 'unauthorized_access', info_types: [{ type: 'name', count: 5 }], affected_persons: 5,
    improper_purpose: false, improper_purpose_reason: 'ログ調査で誤操作と確認',
  });
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  const row = page.locator('#fld-improper_purpose');
  await row.waitFor();
  assert.match(await row.locator('.fld-value').textContent(), /いいえ.*担当者の判断/);
  assert.match(await page.locator('#fld-improper_purpose_reason').textContent(), /ログ調査で誤操作と確認/);
});
