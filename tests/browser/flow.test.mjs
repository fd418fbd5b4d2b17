// A reporter files a report in Japanese on a phone; a handler triages it,
// moves it through the phases, adds to the chronology, is refused a
// backward move without a reason, and closes it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, launch, newPage, signIn, signInQuick, startServer, unlabelled } from './support.mjs';

let server;
let browser;
let ref;

before(async () => {
  server = await startServer();
  server.addUser('taro', 'reporter');
  server.addUser('hana', 'handler');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a reporter files a report in Japanese on a phone', async () => {
  const page = await newPage(browser, server, { viewport: { width: 390, height: 844 }, isMobile: true });
  await signIn(page, 'taro');
  // A reporter lands on the report form, with the cursor in the first field.
  await page.waitForURL('**/report');
  await assert.doesNotReject(page.getByRole('heading', { name: 'インシデントを報告する' }).waitFor());
  assert.equal(await page.evaluate(() => document.activeElement.id), 'r-title');
  await page.shot('report-form-phone');

  // Sending nothing names the two required things next to their fields.
  await page.getByRole('button', { name: '報告する', exact: true }).click();
  await page.locator('#r-title-error').waitFor();
  assert.match(await page.locator('#r-title-error').textContent(), /入力してください/);
  assert.match(await page.locator('#r-discovered-error').textContent(), /気づいた日時/);
  assert.equal(await page.locator('#r-title').getAttribute('aria-invalid'), 'true');
  await page.shot('report-validation-phone');

  await page.getByLabel('何が起きましたか').fill('電車内で業務用ノートPCを紛失した');
  await page.getByRole('button', { name: 'たった今' }).click();
  await page.getByLabel('詳しい状況').fill('帰宅途中の電車の網棚に置き忘れた。PCは暗号化済み。');
  await page.getByLabel('分類').selectOption({ label: 'PC・記録媒体・スマートフォンの紛失・盗難' });
  await page.getByLabel('場所').selectOption({ label: '移動中' });
  await page.getByRole('button', { name: '＋ 情報の種類を追加' }).click();
  await page.locator('.info-type').first().selectOption({ label: '氏名' });
  await page.locator('.info-count').first().fill('120');
  assert.deepEqual(await unlabelled(page), [], 'every control of the report form has a label');
  await page.getByLabel('影響を受けた人数').fill('120');
  await page.getByLabel('ほかに知っている人').fill('上司の山田さん');
  await page.getByRole('button', { name: '報告する', exact: true }).click();

  await page.getByRole('heading', { name: '報告を受け付けました' }).waitFor();
  ref = (await page.locator('#done-ref').textContent()).trim();
  assert.match(ref, /^INC-\d{4}-\d{4,}$/);
  await assert.doesNotReject(page.getByText('このあと起きること').waitFor());
  await page.shot('report-done-phone');

  // What was sent is what is stored; the time is now, in Tokyo's offset.
  const api = await apiAs(server, 'hana');
  const inc = await api.get(`/api/v1/incidents/${ref}`);
  assert.equal(inc.title, '電車内で業務用ノートPCを紛失した');
  assert.equal(inc.category, 'device_loss');
  assert.equal(inc.place, 'in_transit');
  assert.equal(inc.kind, 'incident');
  assert.equal(inc.affected_persons, 120);
  assert.deepEqual(inc.info_types, [{ type: 'name', count: 120 }]);
  assert.match(inc.description, /上司の山田さん/);
  assert.match(inc.discovered_at, /\+09:00$/);
  assert.ok(Math.abs(Date.parse(inc.discovered_at) - Date.now()) < 3 * 60 * 1000, inc.discovered_at);
  assert.equal(inc.created_by, 'taro');

  // The reporter can open the report and add what they learn later.
  await page.getByRole('link', { name: 'この報告を開く' }).click();
  await page.locator('#inc-title').waitFor();
  await page.locator('.verify-ok').waitFor();
  await page.shot('incident-phone');
  assert.equal(await page.locator('#move-next').count(), 0, 'a reporter cannot move phases');
  assert.equal(await page.locator('.btn-edit').count(), 0, 'a reporter cannot edit fields');
  await page.getByLabel('内容', { exact: true }).fill('駅の忘れ物センターに問い合わせ済み。');
  await page.getByRole('button', { name: '経緯に記録する' }).click();
  await page.locator('#timeline .entry-note').first().waitFor();
  assert.match(await page.locator('#timeline .entry').first().textContent(), /忘れ物センター/);
  page.assertClean();
  await page.context().close();
});

test('a handler triages, moves it through the phases and adds to the chronology', async () => {
  const page = await newPage(browser, server);
  await signIn(page, 'hana');
  await page.waitForURL('**/incidents');
  const row = page.locator('#incident-table tbody tr', { hasText: ref });
  await row.waitFor();
  assert.match(await row.textContent(), /発見・報告/);

  await row.getByRole('link', { name: ref }).click();
  await page.locator('#inc-title').waitFor();
  assert.equal(await page.locator('#inc-title').textContent(), '電車内で業務用ノートPCを紛失した');
  await page.locator('.verify-ok').waitFor();

  // Triage: severity and owner, edited in place.
  await page.getByRole('button', { name: '重大度を編集' }).click();
  await page.locator('#edit-severity').selectOption('S2');
  // Overriding the triage score needs a reason, asked for next to it.
  assert.deepEqual(await unlabelled(page), [], 'every control of the incident page has a label');
  await page.locator('#save-severity').click();
  await page.locator('#err-severity').waitFor();
  assert.match(await page.locator('#err-severity').textContent(), /理由/);
  await page.getByLabel('手動で設定する理由').fill('顧客の氏名を含むため');
  await page.locator('#save-severity').click();
  await page.locator('#fld-severity .sev-S2').waitFor();
  assert.match(await page.locator('#fld-severity').textContent(), /担当者が設定.*顧客の氏名を含むため/s);
  await page.getByRole('button', { name: '担当者を編集' }).click();
  await page.locator('#edit-owner').fill('hana');
  await page.locator('#edit-owner').press('Enter');
  await page.locator('#fld-owner .fld-value', { hasText: 'hana' }).waitFor();
  // A wrong value is refused next to the field, in Japanese.
  await page.getByRole('button', { name: '影響を受けた人数を編集' }).click();
  await page.locator('#edit-affected_persons').fill('-5');
  await page.locator('#save-affected_persons').click();
  await page.locator('#err-affected_persons').waitFor();
  assert.match(await page.locator('#err-affected_persons').textContent(), /0 以上/);
  await page.locator('#cancel-affected_persons').click();

  // The field changes are in the chronology, readable, with actor and time.
  const first = page.locator('#timeline .entry').first();
  assert.match(await first.textContent(), /担当者.*hana/);
  assert.match(await page.locator('#timeline').textContent(), /重大度.*S2 重大/);

  await page.getByRole('button', { name: /次の段階へ進める: 事実確認・トリアージ/ }).click();
  await page.locator('.step-current', { hasText: '事実確認・トリアージ' }).waitFor();
  await page.getByRole('button', { name: /次の段階へ進める: 応急措置・初動対応/ }).click();
  await page.locator('.step-current', { hasText: '応急措置・初動対応' }).waitFor();

  await page.getByLabel('記録の種類').selectOption({ label: '決定事項' });
  await page.getByLabel('内容', { exact: true }).fill('紛失PCのアカウントを停止し、リモートワイプを依頼する。');
  await page.getByRole('button', { name: '経緯に記録する' }).click();
  await page.locator('#timeline .entry-decision').waitFor();
  const top = page.locator('#timeline .entry').first();
  assert.match(await top.textContent(), /決定事項.*hana.*リモートワイプ/s);
  assert.equal(await top.locator('time').count(), 1);
  await page.locator('.verify-ok').waitFor();
  await page.shot('incident');
  page.assertClean();
  await page.context().close();
});

test('a backward move without a reason is refused; with one it is recorded', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana');
  await page.goto(`/incidents/${ref}`);
  await page.locator('#inc-title').waitFor();
  await page.getByText('別の段階へ移す・前の段階へ戻す').click();
  await page.getByLabel('移す先の段階').selectOption({ label: '← 事実確認・トリアージ（戻す）' });
  await page.getByRole('button', { name: 'この段階へ移す' }).click();
  await page.locator('#move-reason-error').waitFor();
  assert.match(await page.locator('#move-reason-error').textContent(), /理由を入力してください/);
  assert.equal(await page.locator('#move-reason').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'move-reason');
  await page.locator('.step-current', { hasText: '応急措置・初動対応' }).waitFor();
  await page.shot('move-back-refused');

  await page.getByRole('textbox', { name: /理由/ }).fill('被害範囲の確認をやり直すため');
  await page.getByRole('button', { name: 'この段階へ移す' }).click();
  await page.locator('.step-current', { hasText: '事実確認・トリアージ' }).waitFor();
  const top = page.locator('#timeline .entry').first();
  assert.match(await top.textContent(), /段階を戻しました.*応急措置・初動対応.*事実確認・トリアージ.*理由.*やり直す/s);

  // Straight on to the end once every duty and task is settled (closing
  // checks what is open), then the board shows it as closed.
  const hana = await apiAs(server, 'hana');
  const duties = await hana.get(`/api/v1/incidents/${ref}/obligations`);
  for (const d of duties.items.filter((x) => x.status !== 'filed' && x.status !== 'not_applicable')) {
    await hana.post(`/api/v1/incidents/${ref}/obligations/${d.key}`, { status: 'not_applicable', reason: '個人データを含まないため' });
  }
  const tasks = await hana.get(`/api/v1/incidents/${ref}/tasks`);
  for (const x of tasks.items.filter((y) => y.status === 'open')) {
    await hana.patch(`/api/v1/incidents/${ref}/tasks/${x.id}`, { status: 'done' });
  }
  await page.getByText('別の段階へ移す・前の段階へ戻す').click();
  await page.getByLabel('移す先の段階').selectOption({ label: '完了' });
  await page.getByRole('button', { name: 'この段階へ移す' }).click();
  await page.locator('.step-current', { hasText: '完了' }).waitFor();
  await page.getByText('この案件は完了しています').waitFor();

  // The list shows open incidents by default; the closed column needs
  // every incident.
  await page.goto('/incidents?view=board&open=all');
  await page.locator('#incident-board').waitFor();
  const closed = page.locator('.phase-col-closed');
  await closed.getByRole('link', { name: ref }).waitFor();
  page.assertClean();
  await page.context().close();
});
