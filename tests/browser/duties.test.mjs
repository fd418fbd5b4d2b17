// Obligations, damage, disclosure and aftercare on the incident page, and
// the cross-incident deadlines screen.  The done-when scenario: a
// misdirected e-mail with 1,200 customers' names and addresses shows the
// APPI preliminary and final reports as due with dates, ¥6,000 per person
// and the total, the readiness of a customer notice and a Japanese APPI
// report draft with the unknown items marked; raising the count after a
// disclosure warns that the facts drifted.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer, unlabelled } from './support.mjs';

let server;
let browser;
let hana;
let ref;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  server.addUser('kei', 'auditor');
  browser = await launch();
  hana = await apiAs(server, 'hana');
  ({ ref } = await hana.post('/api/v1/incidents', {
    title: '顧客1,200名の氏名・住所を添付したメールの誤送信', discovered_at: hoursAgo(3), category: 'misdirected_email',
    info_types: [{ type: 'name', count: 1200 }, { type: 'address', count: 1200 }], affected_persons: 1200,
  }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a misdirected e-mail to 1,200 customers: duties with dates, ¥6,000 a person, readiness, the APPI draft, drift', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  const pre = page.locator('#duty-appi_preliminary');
  await pre.waitFor();
  const duties = await hana.get(`/api/v1/incidents/${ref}/obligations`);
  const due = (k) => duties.items.find((d) => d.key === k).due_at;

  // The preliminary and final reports to the commission, due, with dates
  // in Tokyo time.
  assert.match(await pre.textContent(), /個人情報保護法.*速報.*個人情報保護委員会への速報.*期限 ?\d{4}年\d+月\d+日 \d{2}:\d{2}.*本人の数が1,000人を超えます/s);
  assert.equal(await pre.locator('.duty-times time').first().getAttribute('datetime'), new Date(due('appi_preliminary')).toISOString());
  const fin = page.locator('#duty-appi_final');
  assert.match(await fin.textContent(), /確報.*期限.*(2026|2027)年\d+月\d+日 \d{2}:\d{2}/s);
  assert.equal(await fin.locator('.duty-times time').first().getAttribute('datetime'), new Date(due('appi_final')).toISOString());
  assert.match(await page.locator('#duty-appi_individuals').textContent(), /本人への通知.*速やかに/s);

  // The JNSA estimate with its inputs.
  await page.locator('#damage-per-person').waitFor();
  assert.equal(await page.locator('#damage-per-person').textContent(), '6,000円');
  assert.equal(await page.locator('#damage-total').textContent(), '7,200,000円');
  assert.match(await page.locator('#damage-inputs').textContent(), /精神的苦痛のレベル x1.*氏名.*本人特定の容易度6/s);

  // How ready a customer notice is, and what it still lacks.
  const notice = page.locator('#ready-customer_notice');
  assert.match(await notice.textContent(), /本人・顧客へのお知らせ\s*50%.*8 件のうち 4 件.*未確認.*発生の原因・手口/s);

  // A Japanese APPI report draft, the unknown items marked.
  await page.getByLabel('文書', { exact: true }).selectOption('appi_report');
  await page.getByRole('button', { name: 'Markdown を表示' }).click();
  const draft = page.locator('#doc-text');
  await draft.waitFor();
  const md = await draft.inputValue();
  assert.match(md, /個人データの漏えい等の報告/);
  assert.match(md, /【未確定】/);
  assert.match(md, /氏名 1,200件/);
  assert.equal(await page.locator('#doc-print').getAttribute('href'), `/api/v1/incidents/${ref}/drafts/appi_report?format=html&lang=ja`);
  assert.equal(await page.locator('#doc-print').getAttribute('target'), '_blank');
  await page.locator('#drafts').screenshot({ path: 'build/screenshots/incident-drafts.png' });

  // The notice goes out and is logged with the facts as stated.
  await page.locator('#disc-kind').selectOption('customer_notice');
  await page.locator('#disc-audience').fill('対象のお客様 1,200名');
  await page.locator('#disc-summary').fill('誤送信のお詫びと、不審な連絡への注意のお願い');
  await page.getByRole('button', { name: '記録する', exact: true }).first().click();
  await page.locator('#disclosure-log li', { hasText: '対象のお客様 1,200名' }).waitFor();
  assert.equal(await page.locator('#drift-warning').count(), 0);

  // Then the count rises: the page says what changed since which notice.
  await page.getByRole('button', { name: '影響を受けた人数を編集' }).click();
  await page.locator('#edit-affected_persons').fill('1500');
  await page.locator('#save-affected_persons').click();
  const drift = page.locator('#drift-warning');
  await drift.waitFor();
  assert.match(await drift.textContent(), /事実が変わりました.*本人・顧客へのお知らせ.*影響を受けた人数: 伝えた内容「1,200 人」→ 現在「1,500 人」/s);
  await page.locator('#damage-total', { hasText: '9,000,000円' }).waitFor();
  await page.locator('#disclosures .drift-note').waitFor();
  assert.deepEqual(await unlabelled(page), []);
  await page.shot('incident-duties');
  for (const [sel, name] of [['#inc-alerts', 'incident-alerts'], ['#obligations', 'incident-obligations'], ['#damage', 'incident-damage'],
    ['#readiness', 'incident-readiness'], ['#disclosures', 'incident-disclosures']]) {
    await page.locator(sel).screenshot({ path: `build/screenshots/${name}.png` });
  }
  page.assertClean();
  await page.context().close();
});

test('an obligation filed with its reference; judged not applicable only with a reason', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  const pre = page.locator('#duty-appi_preliminary');
  await pre.waitFor();
  await page.getByRole('button', { name: '届出・通知を記録: 個人情報保護委員会への速報' }).click();
  await pre.getByLabel('受付番号など（任意）').fill('PPC-2026-0042');
  await pre.getByRole('button', { name: '届出済みとして記録する' }).click();
  await pre.locator('.ds-filed').waitFor();
  assert.match(await pre.textContent(), /✓ 実施済み.*✓ 実施:.*受付番号 PPC-2026-0042/s);
  // The chronology is fetched again after the duty is saved: wait for its newest entry.
  await page.locator('#timeline .entry').first()
    .filter({ hasText: '個人情報保護委員会への速報を実施しました（受付番号 PPC-2026-0042）' }).waitFor();

  const ind = page.locator('#duty-appi_individuals');
  await page.getByRole('button', { name: '本人への通知 を対象外と判断' }).click();
  await ind.getByRole('button', { name: '対象外として記録する' }).click();
  await ind.locator('.field-error', { hasText: '理由を入力してください' }).waitFor();
  await ind.getByLabel('対象外と判断した理由').fill('全員に個別のお詫び状を送付済みのため、公表で代替しない判断');
  await ind.getByRole('button', { name: '対象外として記録する' }).click();
  await ind.locator('.ds-not_applicable').waitFor();
  assert.match(await ind.textContent(), /対象外と判断した理由:.*お詫び状/s);
  await page.locator('#obligations').screenshot({ path: 'build/screenshots/incident-obligations-filed.png' });
  page.assertClean();
  await page.context().close();
});

test('costs: refused next to the amount, then recorded with totals per category', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}#damage`);
  await page.locator('#cost-form').waitFor();
  await page.getByLabel('費用の区分').selectOption('notification');
  await page.getByLabel('金額（円）').fill('12.5');
  await page.getByRole('button', { name: '費用を記録する' }).click();
  await page.locator('#cost-amount-error').waitFor();
  await page.getByLabel('金額（円）').fill('180000');
  await page.locator('#cost-note').fill('お詫び状の印刷と郵送');
  await page.getByRole('button', { name: '費用を記録する' }).click();
  await page.locator('#costs tbody tr', { hasText: 'お詫び状' }).waitFor();
  await page.getByLabel('費用の区分').selectOption('notification');
  await page.getByLabel('金額（円）').fill('20000');
  await page.getByRole('button', { name: '費用を記録する' }).click();
  await page.locator('#costs tbody tr').nth(1).waitFor();
  await page.getByLabel('費用の区分').selectOption('investigation');
  await page.getByLabel('金額（円）').fill('500000');
  await page.getByRole('button', { name: '費用を記録する' }).click();
  await page.locator('#costs tbody tr').nth(2).waitFor();
  assert.match(await page.locator('#cost-totals').textContent(), /調査費用（フォレンジック等）500,000円.*通知・コールセンター・広告200,000円.*費用の合計700,000円/s);
  await page.locator('#timeline .entry', { hasText: '費用を記録しました: 調査費用（フォレンジック等） 500000円' }).waitFor();
  await page.locator('#damage').screenshot({ path: 'build/screenshots/incident-costs.png' });
  page.assertClean();
  await page.context().close();
});

test('aftercare: a deletion request stays unconfirmed until confirmed', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  await page.locator('#after-form').waitFor();
  await page.locator('#after-kind').selectOption('deletion_request');
  await page.locator('#after-party').fill('誤送信先の取引先A社');
  await page.getByRole('button', { name: '記録する', exact: true }).last().click();
  const row = page.locator('#aftercare-table tbody tr', { hasText: '取引先A社' });
  await row.waitFor();
  assert.match(await page.locator('#after-summary').textContent(), /削除・返却の確認待ち 1 件/);
  assert.match(await row.textContent(), /誤送付先への削除依頼.*◷ 未確認/s);
  await page.getByRole('button', { name: '誤送信先の取引先A社 の完了を確認した' }).click();
  await row.locator('.flag-ok').waitFor();
  assert.match(await page.locator('#after-summary').textContent(), /すべて確認済み/);
  await page.locator('#timeline .entry', { hasText: '誤送付先への削除依頼の完了を確認: 誤送信先の取引先A社' }).waitFor();
  await page.locator('#aftercare').screenshot({ path: 'build/screenshots/incident-aftercare.png' });
  page.assertClean();
  await page.context().close();
});

test('the deadlines screen: every open duty, the late ones first, linked to their incident', async () => {
  // Noticed ten days ago and never reported: the preliminary report is late.
  const late = await hana.post('/api/v1/incidents', {
    title: '退職者によるマイナンバーを含む名簿の持ち出し', discovered_at: hoursAgo(240), category: 'insider_wrongdoing',
    info_types: [{ type: 'my_number', count: 30 }], affected_persons: 30,
  });
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'kei', undefined, '/deadlines');
  await page.getByRole('heading', { name: '報告の期限' }).waitFor();
  const lateRows = page.locator('.dg-late tbody tr');
  await lateRows.first().waitFor();
  assert.match(await lateRows.first().textContent(), new RegExp(`✖ 期限超過.*超過.*${late.ref}`, 's'));
  // The filed preliminary report of the other incident is not listed; its final report is.
  assert.equal(await page.locator(`#dl-${ref}-appi_preliminary`).count(), 0);
  assert.equal(await page.locator(`#dl-${ref}-appi_final`).count(), 1);
  const text = await page.locator('#deadlines').textContent();
  assert.ok(text.indexOf(late.ref) < text.indexOf(ref), 'late ones first');
  await page.shot('deadlines');
  await lateRows.first().getByRole('link', { name: late.ref }).click();
  await page.locator('#duties').waitFor();
  await page.waitForURL(new RegExp(`/incidents/${late.ref}#obligations$`));
  await page.locator('#duty-alert').waitFor();
  assert.match(await page.locator('#duty-alert').textContent(), /期限を過ぎています/);
  // An auditor reads the duties but records nothing.
  assert.equal(await page.getByRole('button', { name: /^届出・通知を記録: / }).count(), 0);
  // The incident list marks the late one where a deadline was missed.
  await page.goto(`${server.url}/incidents`);
  const row = page.locator('tr', { has: page.getByRole('link', { name: late.ref }) });
  await row.locator('.marker-duties_late').waitFor();
  assert.match(await row.locator('.marker-duties_late').textContent(), /報告期限の超過 \d+ 件/);
  page.assertClean();
  await page.context().close();
});

test('the incident page on a phone', async () => {
  const page = await newPage(browser, server, { viewport: { width: 390, height: 844 }, isMobile: true });
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  await page.locator('#duties').waitFor();
  await page.locator('#damage-per-person').waitFor();
  await page.locator('#tasks-first-aid').waitFor();
  // Nothing wider than the screen.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `page width ${wide}`);
  await page.shot('incident-duties-phone');
  await page.screenshot({ path: 'build/screenshots/incident-phone-top.png' });
  page.assertClean();
  await page.context().close();
});
