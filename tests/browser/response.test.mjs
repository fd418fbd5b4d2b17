// The response engine in the browser: the contact directory (stale flag,
// verified today), convocation rules written as sentences (errors next to
// their fields), the asset inventory, playbooks, settings; and the
// done-when scenario: a ransomware report reaches triage, the summoned
// contact's chat webhook gets the summons within seconds, the link in it
// acknowledges without signing in, and the playbook's first-aid tasks are
// on the incident page with owners and due times.  Task changes are
// recorded in the chronology.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer, unlabelled } from './support.mjs';

let server;
let browser;
let hook;
let received = [];
let admin;

// A chat webhook on loopback that records what it is sent.
function startHook() {
  return new Promise((ok) => {
    const srv = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push({ at: Date.now(), path: req.url, type: req.headers['content-type'] || '', body });
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('ok');
      });
    });
    srv.listen(0, '127.0.0.1', () => ok({ srv, port: srv.address().port }));
  });
}

async function until(what, fn, ms = 5000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  server.addUser('boss', 'commander');
  server.addUser('taro', 'reporter');
  browser = await launch();
  hook = await startHook();
  admin = await apiAs(server, 'admin', server.adminPassword);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  hook?.srv.close();
});

test('contacts: added with errors next to the fields, stale ones flagged and filtered, verified today', async () => {
  // One verified long ago, one never.
  await admin.post('/api/v1/contacts', { name: '警視庁 サイバー犯罪相談窓口', roles: ['police'], phone: '03-0000-0110', last_verified_at: hoursAgo(24 * 400) });
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'boss', undefined, '/contacts');
  await page.getByRole('heading', { name: '連絡先', exact: true }).waitFor();
  const police = page.locator('#contacts tbody tr', { hasText: '警視庁' });
  await police.waitFor();
  // Flagged in words, not only in colour.
  assert.match(await police.textContent(), /⚠ 要確認（長期間未確認）/);

  await page.locator('#contact-name').fill('当番 佐藤');
  await page.getByLabel('CSIRT責任者').check();
  await page.getByLabel('メールアドレス').fill('not a mail address');
  await page.getByLabel('チャットの Webhook URL').fill(`http://127.0.0.1:${hook.port}/hook/secret-token`);
  await page.getByLabel('平日の夜間・早朝').check();
  await page.getByLabel('土日祝日・年末年始').check();
  await page.getByRole('button', { name: '連絡先を追加する' }).click();
  await page.locator('#contact-email-error').waitFor();
  assert.match(await page.locator('#contact-email-error').textContent(), /メールアドレス/);
  assert.equal(await page.locator('#contact-email').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await unlabelled(page), []);
  await page.shot('contacts-validation');

  // What was typed survives a reload.
  await page.reload();
  await page.locator('#contact-name').waitFor();
  assert.equal(await page.locator('#contact-name').inputValue(), '当番 佐藤');
  assert.equal(await page.getByLabel('土日祝日・年末年始').isChecked(), true);
  await page.getByLabel('メールアドレス').fill('');
  await page.getByRole('button', { name: '連絡先を追加する' }).click();
  const sato = page.locator('#contacts tbody tr', { hasText: '当番 佐藤' });
  await sato.waitFor();
  // The webhook's secret part is not shown back.
  assert.match(await sato.textContent(), /127\.0\.0\.1:\d+\/…/);
  assert.doesNotMatch(await sato.textContent(), /secret-token/);
  assert.match(await sato.textContent(), /一度も確認していません/);

  await page.getByLabel('要確認の連絡先だけ表示').check();
  await page.waitForURL('**/contacts?stale=1');
  assert.equal(await page.locator('#contacts tbody tr').count(), 2);
  await page.getByRole('button', { name: '当番 佐藤 の連絡先を今日確認した' }).click();
  await page.locator('#contacts tbody tr', { hasText: '当番 佐藤' }).waitFor({ state: 'detached' });
  assert.equal(await page.locator('#contacts tbody tr').count(), 1);
  await page.getByLabel('要確認の連絡先だけ表示').uncheck();
  assert.doesNotMatch(await page.locator('#contacts tbody tr', { hasText: '当番 佐藤' }).textContent(), /要確認/);
  await page.shot('contacts');
  page.assertClean();
  await page.context().close();

  // A handler reads the directory but changes nothing.
  const other = await newPage(browser, server);
  await signInQuick(other, server, 'hana', undefined, '/contacts');
  await other.locator('#contacts tbody tr').first().waitFor();
  await other.locator('#readonly-note').waitFor();
  assert.equal(await other.locator('#contact-form').count(), 0);
  assert.equal(await other.getByRole('button', { name: /今日確認した/ }).count(), 0);
  other.assertClean();
  await other.context().close();
});

test('rules: written as a sentence, errors next to their fields, enabled and disabled', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'boss', undefined, '/rules');
  await page.getByRole('heading', { name: '招集基準', exact: true }).waitFor();
  await page.locator('#rule-form').waitFor();
  // Nobody to summon and no time: refused next to those fields.
  await page.getByLabel('基準の名前').fill('ランサムウェア（中程度以上）');
  await page.getByLabel('確認の期限（分）').fill('0');
  await page.getByRole('button', { name: '招集基準を追加する' }).click();
  await page.locator('#rule-roles-error').waitFor();
  assert.match(await page.locator('#rule-roles-error').textContent(), /一つ以上/);
  assert.match(await page.locator('#rule-minutes-error').textContent(), /確認期限/);
  assert.equal(await page.locator('#rule-minutes').getAttribute('aria-invalid'), 'true');
  await page.shot('rules-validation');

  await page.locator('#rule-categories').getByLabel('ランサムウェア', { exact: true }).check();
  await page.getByLabel('重大度').selectOption('S3');
  await page.locator('#rule-roles').getByLabel('CSIRT責任者').check();
  await page.locator('#rule-contacts').getByLabel('当番 佐藤').check();
  await page.getByLabel('確認の期限（分）').fill('15');
  // The form reads back as the rule's sentence while it is typed.
  assert.match(await page.locator('#rule-preview').textContent(),
    /分類が ランサムウェア、重大度が S3 中程度 以上のとき、CSIRT責任者（当番）・当番 佐藤 を招集し、15 分以内の確認を求める。/);
  assert.deepEqual(await unlabelled(page), []);
  await page.getByRole('button', { name: '招集基準を追加する' }).click();
  const rule = page.locator('#rules li', { hasText: 'ランサムウェア（中程度以上）' });
  await rule.waitFor();
  assert.match(await rule.textContent(), /● 有効.*分類が ランサムウェア、重大度が S3 中程度 以上のとき/s);

  await page.getByRole('button', { name: 'ランサムウェア（中程度以上） を無効にする' }).click();
  await rule.getByText('○ 無効（招集しません）').waitFor();
  await page.getByRole('button', { name: 'ランサムウェア（中程度以上） を有効にする' }).click();
  await rule.getByText('● 有効').waitFor();
  await page.shot('rules');
  page.assertClean();
  await page.context().close();
});

test('a ransomware report at triage: the webhook gets the summons, its link acknowledges, first-aid tasks are there', async () => {
  // Reported by an employee...
  const rep = await newPage(browser, server, { viewport: { width: 390, height: 844 }, isMobile: true });
  await signInQuick(rep, server, 'taro', undefined, '/report');
  await rep.getByLabel('何が起きましたか').fill('共有フォルダのファイルが開けず、身代金の要求文が表示された');
  await rep.getByRole('button', { name: 'たった今' }).click();
  await rep.getByLabel('分類').selectOption({ label: 'ランサムウェア' });
  await rep.getByRole('button', { name: '報告する', exact: true }).click();
  await rep.getByRole('heading', { name: '報告を受け付けました' }).waitFor();
  const ref = (await rep.locator('#done-ref').textContent()).trim();
  rep.assertClean();
  await rep.context().close();

  // ...triaged by a handler.
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  await page.locator('#tasks-first-aid').waitFor();
  received = [];
  const t0 = Date.now();
  await page.getByRole('button', { name: /次の段階へ進める: 事実確認・トリアージ/ }).click();
  await page.locator('.step-current', { hasText: '事実確認・トリアージ' }).waitFor();
  const msg = await until('the summons at the webhook', () => received.find((m) => m.body.includes(ref)));
  const latency = msg.at - t0;
  console.log(`# summons reached the webhook ${latency} ms after the click`);
  assert.ok(latency < 5000, `within seconds (${latency} ms)`);
  assert.equal(msg.path, '/hook/secret-token');
  assert.match(msg.type, /application\/json/);
  const { text } = JSON.parse(msg.body);
  assert.match(text, new RegExp(`【招集】${ref}`));
  assert.match(text, /当番 佐藤/);

  // The summons on the incident page, waiting, delivered.
  const summons = page.locator('#summonses li', { hasText: '当番 佐藤' });
  await summons.waitFor();
  assert.match(await summons.textContent(), /確認待ち.*ランサムウェア（中程度以上）/s);

  // The link in the message acknowledges without signing in, and shows
  // nothing of the incident but its reference.
  const link = /(https?:\/\/[^\s]+\/ack\/[0-9a-f]+)/.exec(text)[1];
  assert.ok(link.startsWith(server.url), link);
  const anon = await newPage(browser, server, { viewport: { width: 390, height: 844 }, isMobile: true });
  await anon.goto(link.slice(server.url.length));
  await anon.getByRole('heading', { name: '招集の確認' }).waitFor();
  assert.equal((await anon.locator('#ack-ref').textContent()).trim(), ref);
  assert.equal((await anon.locator('#ack-contact').textContent()).trim(), '当番 佐藤');
  assert.doesNotMatch(await anon.locator('main').textContent(), /身代金/);
  await anon.shot('ack-phone');
  await anon.getByRole('button', { name: '確認しました / I acknowledge' }).click();
  await anon.getByRole('heading', { name: '確認を記録しました' }).waitFor();
  assert.match(await anon.locator('#ack-status').textContent(), /当番 佐藤 が確認しました/);
  await anon.shot('ack-done-phone');
  anon.assertClean();
  await anon.context().close();

  await page.reload();
  await page.locator('#summonses').waitFor();
  assert.match(await page.locator('#summonses li', { hasText: '当番 佐藤' }).textContent(), /✓ 確認済み.*当番 佐藤 が確認/s);
  assert.match(await page.locator('#timeline').textContent(), /当番 佐藤 が招集を確認しました（メッセージのリンクから）/);

  // The playbook's first aid: first, prominent, with owners and due times.
  const aid = page.locator('#tasks-first-aid > li');
  assert.ok(await aid.count() >= 2);
  const first = aid.filter({ hasText: '再起動しない' });
  assert.match(await first.textContent(), /⚡ 応急措置.*担当: 情報システム担当.*期限:/s);
  assert.equal(await first.locator('time').count(), 1);
  await page.shot('incident-response');
  await page.locator('#tasks').screenshot({ path: 'build/screenshots/incident-tasks.png' });
  await page.locator('#summons').screenshot({ path: 'build/screenshots/incident-summons.png' });
  page.assertClean();
  await page.context().close();
});

test('tasks: done writes the chronology, reopened, owner and due changed, added, late ones marked', async () => {
  const { ref } = await admin.post('/api/v1/incidents', { title: 'サーバのランサムウェア感染', discovered_at: hoursAgo(2), category: 'ransomware' });
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${ref}`);
  const task = page.locator('#tasks-first-aid > li', { hasText: '再起動しない' });
  await task.waitFor();
  const title = (await task.locator('.task-title').textContent()).trim();
  await page.getByRole('button', { name: `完了にする: ${title}` }).click();
  await task.locator('.ts-done').waitFor();
  assert.match(await task.textContent(), /✓ 完了.*hana が完了/s);
  await page.locator('#timeline .entry').first().filter({ hasText: `タスク完了: ${title}` }).waitFor();
  assert.match(await page.locator('#timeline .entry').first().textContent(), /対応.*hana/s);
  // The focus stays with the task.
  assert.equal(await page.evaluate(() => document.activeElement.id), (await task.getAttribute('id')) + '-reopen');

  await page.getByRole('button', { name: `未完了に戻す: ${title}` }).click();
  await task.locator('.ts-open').waitFor();

  await page.getByRole('button', { name: `担当・期限を変更: ${title}` }).click();
  const form = task.locator('form');
  await form.getByLabel('担当').fill('hana');
  await form.getByLabel('期限').fill('2030-01-15T09:00');
  await form.getByRole('button', { name: '保存' }).click();
  await task.getByText('担当: hana').waitFor();
  assert.match(await task.locator('time').textContent(), /2030年1月15日 09:00/);

  // A task of one's own, already late: marked on the task and the header.
  await page.getByText('＋ タスクを追加').click();
  await page.getByLabel('やること').fill('取引先への一次連絡');
  await page.locator('#task-add-due').fill('2026-01-01T09:00');
  await page.getByRole('button', { name: 'タスクを追加する' }).click();
  const mine = page.locator('#tasks li', { hasText: '取引先への一次連絡' });
  await mine.waitFor();
  assert.match(await mine.textContent(), /⚠ 期限超過/);
  await page.locator('.inc-head .marker-tasks_overdue').waitFor();
  assert.deepEqual(await unlabelled(page), []);
  page.assertClean();
  await page.context().close();
});

test('assets: the inventory, and an incident picks its affected assets from it', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'boss', undefined, '/assets');
  await page.locator('#asset-form').waitFor();
  await page.getByLabel('資産の名前').fill('顧客管理DB');
  await page.getByLabel('種類').selectOption('database');
  await page.getByLabel('優先度').selectOption('1');
  await page.getByLabel('管理責任者').fill('情報システム部');
  await page.getByLabel('停止判断者').fill('CIO 鈴木');
  await page.getByLabel('委託先（ベンダー）').fill('株式会社クラウド運用');
  await page.getByLabel('責任分担').fill('OS とDBは委託先、アプリとデータは自社');
  await page.getByLabel('委託先の緊急連絡先').fill('03-0000-1234（24時間）');
  await page.getByRole('button', { name: '資産を登録する' }).click();
  const row = page.locator('#assets tbody tr', { hasText: '顧客管理DB' });
  await row.waitFor();
  assert.match(await row.textContent(), /データベース.*優先度1.*情報システム部.*CIO 鈴木.*株式会社クラウド運用.*24時間/s);
  assert.deepEqual(await unlabelled(page), []);
  await page.shot('assets');

  const { ref } = await admin.post('/api/v1/incidents', { title: '顧客管理DBへの不正アクセスの疑い', discovered_at: hoursAgo(1) });
  await page.goto(`/incidents/${ref}`);
  await page.getByRole('button', { name: '影響を受けたシステム・資産を編集' }).click();
  await page.getByLabel('顧客管理DB（優先度1・データベース）').check();
  await page.locator('#save-assets').click();
  await page.locator('#fld-assets .fld-value', { hasText: '顧客管理DB優先度1' }).waitFor();
  // The priority of the asset counts in the triage score.
  await page.locator('#fld-severity details.triage summary').click();
  assert.match(await page.locator('#fld-severity').textContent(), /顧客管理DB/);
  page.assertClean();
  await page.context().close();
});

test('playbooks: steps by phase with first aid marked; edited, and back to the default', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'boss', undefined, '/playbooks');
  await page.getByRole('link', { name: 'メール誤送信' }).click();
  await page.getByRole('heading', { name: 'プレイブック: メール誤送信' }).waitFor();
  assert.match(await page.locator('.is-first-aid').first().textContent(), /⚡ 応急措置.*削除/s);
  await page.shot('playbook');
  await page.getByRole('button', { name: '手順を編集する' }).click();
  await page.getByRole('button', { name: '＋ 手順を追加' }).click();
  const last = page.locator('.pb-edit-row').last();
  await last.getByLabel('段階').selectOption('containment');
  await last.getByLabel('手順（日本語）').fill('誤送信先の上長にも電話で削除を依頼する');
  await last.getByLabel('手順（英語）').fill('Call the recipient\'s manager to ask for deletion too');
  await last.getByLabel('期限（時間）').fill('2');
  await last.getByLabel('担当の役割').selectOption('handler');
  await last.getByLabel('応急措置').check();
  assert.deepEqual(await unlabelled(page), []);
  await page.shot('playbook-edit');
  await page.getByRole('button', { name: '手順を保存する' }).click();
  await page.getByText('組織で編集済み').waitFor();
  assert.match(await page.locator('.pb-phases').textContent(), /上長にも電話で削除を依頼する/);
  await page.getByRole('button', { name: '標準に戻す' }).click();
  await page.getByText('kizuki の標準').waitFor();
  assert.doesNotMatch(await page.locator('.pb-phases').textContent(), /上長にも電話/);
  page.assertClean();
  await page.context().close();
});

test('settings: saved, the SMTP password never shown back, errors next to fields', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'admin', server.adminPassword, '/settings');
  await page.locator('#settings-form').waitFor();
  assert.equal(await page.locator('#smtp-password-state').textContent(), '未設定');
  await page.getByLabel('組織名').fill('株式会社きづき');
  await page.getByLabel('SMTP サーバー').fill('smtp://mail.example.jp:587');
  await page.getByLabel('差出人アドレス').fill('csirt@example.jp');
  await page.getByLabel('SMTP のパスワード').fill('s3cret-Pass!');
  await page.getByLabel('連絡先を「要確認」とする日数').fill('90');
  await page.getByLabel(/NIS2/).check();
  await page.getByLabel(/2: 社会的責任が高い組織/).check();
  await page.getByRole('button', { name: '設定を保存する' }).click();
  await page.locator('#smtp-password-state', { hasText: '✓ 設定済み' }).waitFor();
  assert.equal(await page.locator('#set-smtp-password').inputValue(), '');
  const html = await page.content();
  assert.doesNotMatch(html, /s3cret-Pass!/);
  const stored = await admin.get('/api/v1/settings');
  assert.equal(stored.organisation_name, '株式会社きづき');
  assert.equal(stored.smtp_password_set, true);
  assert.equal(stored.contact_stale_days, 90);
  assert.equal(stored.regime_nis2, true);
  assert.equal(stored.social_responsibility, 2);
  assert.equal(JSON.stringify(stored).includes('s3cret'), false);
  // Nor is it kept in the tab's drafts.
  assert.equal(await page.evaluate(() => Object.values(sessionStorage).join('').includes('s3cret')), false);

  await page.getByLabel('kizuki のアドレス').fill('ftp://kizuki.example.jp');
  await page.getByRole('button', { name: '設定を保存する' }).click();
  await page.locator('#set-base-url-error').waitFor();
  assert.match(await page.locator('#set-base-url-error').textContent(), /http:\/\/ か https:\/\//);
  assert.deepEqual(await unlabelled(page), []);
  await page.shot('settings');
  await page.getByLabel('kizuki のアドレス').fill(server.url);
  await page.getByRole('button', { name: '設定を保存する' }).click();
  await page.locator('#set-base-url-error').waitFor({ state: 'hidden' });
  page.assertClean();
  await page.context().close();

  // Settings are for administrators only.
  const other = await newPage(browser, server);
  await signInQuick(other, server, 'boss', undefined, '/settings');
  await other.getByText('この画面は管理者だけが使えます。').waitFor();
  assert.equal(await other.getByRole('link', { name: '設定', exact: true }).count(), 0);
  assert.equal(await other.getByRole('link', { name: '連絡先', exact: true }).count(), 1);
  other.assertClean();
  await other.context().close();
});
