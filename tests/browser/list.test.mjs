// The incident list and board: filters, severity in colour and words,
// near misses and exercises marked apart, age and lateness.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, createIncidents, hoursAgo, launch, newPage, signInQuick, startServer, unlabelled } from './support.mjs';

let server;
let browser;
let refs;

const SEED = [
  { title: '標的型メールの添付ファイルを開いてしまった', kind: 'incident', category: 'targeted_email', severity: 'S1', hours: 30, phase: 'containment' },
  { title: '顧客リストを別の取引先にメール誤送信', kind: 'incident', category: 'misdirected_email', severity: 'S2', hours: 50, phase: 'investigation' },
  { title: 'USBメモリを会議室に置き忘れた（すぐ回収）', kind: 'near_miss', category: 'device_loss', severity: 'S4', hours: 5 },
  { title: 'Webサーバーへのスキャン', kind: 'incident', category: 'scan_probe', severity: 'S4', hours: 2, phase: 'triage' },
  { title: '【訓練】ランサムウェア感染を想定した初動訓練', kind: 'exercise', category: 'ransomware', severity: 'S2', hours: 3, phase: 'containment' },
  { title: '共有フォルダのアクセス権設定ミス', kind: 'incident', category: 'misconfiguration', severity: 'S3', hours: 60 },
  { title: '宛先を BCC にし忘れる寸前で気づいた', kind: 'near_miss', category: 'misdirected_email', hours: 1 },
  { title: 'クラウドストレージの公開設定', kind: 'incident', category: 'cloud_incident', severity: 'S3', hours: 100, phase: 'notification' },
];

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  server.addUser('ken', 'handler');
  browser = await launch();
  const hana = await apiAs(server, 'hana');
  const ken = await apiAs(server, 'ken');
  const made = await createIncidents(hana, SEED.length, (i) => {
    const s = SEED[i];
    const b = { title: s.title, kind: s.kind, category: s.category, discovered_at: hoursAgo(s.hours + 1), reported_at: hoursAgo(s.hours) };
    if (s.severity) Object.assign(b, { severity: s.severity, severity_reason: '初期判定' });
    return b;
  }, 1);
  refs = made.map((m) => m.ref);
  for (let i = 0; i < SEED.length; i++) {
    if (SEED[i].phase) await hana.post(`/api/v1/incidents/${refs[i]}/phase`, { to: SEED[i].phase });
  }
  // One that ken filed and owns: not "mine" for hana.
  const k = await ken.post('/api/v1/incidents', { title: '不審な外部送信の検知', discovered_at: hoursAgo(1), severity: 'S2', severity_reason: '初期判定' });
  const cur = await ken.get(`/api/v1/incidents/${k.ref}`);
  await ken.patch(`/api/v1/incidents/${k.ref}`, { owner: 'ken' }, { 'If-Match': `"${cur.version}"` });
  refs.push(k.ref);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the table shows severity, kind, phase, age and lateness at a glance', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana');
  await page.waitForURL('**/incidents');
  const rows = page.locator('#incident-table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), SEED.length + 1);
  assert.equal(await page.locator('#result-count').textContent(), '9 件');
  // Laid out as a grid, still a table to assistive technology.
  const table = page.getByRole('table', { name: '案件の一覧（新しい順）' });
  assert.equal(await table.getByRole('row').count(), SEED.length + 2);
  assert.equal(await table.getByRole('columnheader', { name: '重大度' }).count(), 1);

  const s1 = rows.filter({ hasText: '標的型メール' });
  assert.equal(await s1.locator('.sev-S1').textContent(), 'S1 緊急');
  assert.match(await s1.textContent(), /応急措置・初動対応/);
  const nearMiss = rows.filter({ hasText: 'USBメモリ' });
  assert.equal(await nearMiss.locator('.kind').textContent(), 'ヒヤリハット');
  assert.ok((await nearMiss.getAttribute('class')).includes('kind-near_miss'));
  const drill = rows.filter({ hasText: 'ランサムウェア感染を想定' });
  assert.equal(await drill.locator('.kind').textContent(), '訓練');
  // Still in "reported" more than a day after the report: triage overdue.
  const late = rows.filter({ hasText: '共有フォルダ' });
  assert.match(await late.locator('.markers').textContent(), /トリアージ遅延/);
  assert.match(await late.locator('.age').textContent(), /^2日$/);
  const fresh = rows.filter({ hasText: 'Webサーバーへのスキャン' });
  assert.equal(await fresh.locator('.markers').textContent(), '');
  // Without a severity given, the triage score's is shown, in words too.
  const scored = rows.filter({ hasText: 'BCC' });
  assert.match(await scored.locator('.sev').textContent(), /^(S[1-4] \S+|未評価 — 情報不足)$/);
  assert.deepEqual(await unlabelled(page), []);
  await page.shot('list');
  page.assertClean();
  await page.context().close();
});

test('filters: severity, kind, phase, search and mine; kept in the address', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana');
  await page.waitForURL('**/incidents');
  const rows = page.locator('#incident-table tbody tr');
  await rows.first().waitFor();

  await page.getByLabel('重大度').selectOption('S2');
  await page.waitForURL(/severity=S2/);
  await page.locator('#result-count', { hasText: '3 件' }).waitFor();

  await page.getByLabel('種別').selectOption({ label: '訓練' });
  await page.locator('#result-count', { hasText: '1 件' }).waitFor();
  assert.match(await rows.first().textContent(), /訓練/);

  await page.getByRole('button', { name: '条件をクリア' }).click();
  await page.locator('#result-count', { hasText: '9 件' }).waitFor();

  await page.getByLabel('対応段階').selectOption({ label: '発見・報告' });
  await page.locator('#result-count', { hasText: '4 件' }).waitFor();
  await page.getByLabel('対応段階').selectOption('');

  // (the same search as the header's: tasks and timeline too, so a word
  // of the misdirected-mail playbook would find both such incidents)
  await page.getByLabel('キーワード検索').fill('顧客リスト');
  await page.getByLabel('キーワード検索').press('Enter');
  await page.locator('#result-count', { hasText: '1 件' }).waitFor();
  assert.match(await rows.first().textContent(), /顧客リスト/);
  await page.getByLabel('キーワード検索').fill('');
  await page.getByLabel('キーワード検索').press('Enter');
  await page.locator('#result-count', { hasText: '9 件' }).waitFor();

  await page.getByLabel('自分の案件だけ（登録・担当）').check();
  await page.locator('#result-count', { hasText: '8 件' }).waitFor();
  assert.equal(await rows.filter({ hasText: '不審な外部送信' }).count(), 0);
  await page.waitForURL(/mine=1/);

  // The address keeps the view and the filters across a reload.
  await page.getByRole('button', { name: 'ボード' }).click();
  await page.waitForURL(/view=board/);
  await page.reload();
  await page.locator('#incident-board').waitFor();
  assert.equal(await page.getByLabel('自分の案件だけ（登録・担当）').isChecked(), true);
  await page.getByLabel('自分の案件だけ（登録・担当）').uncheck();
  await page.locator('#result-count', { hasText: '9 件' }).waitFor();
  const reported = page.locator('.phase-col-reported');
  assert.equal(await reported.locator('.card-item').count(), 4);
  assert.equal(await page.locator('.phase-col-containment .card-item.kind-exercise').count(), 1);
  assert.equal(await page.locator('#view-board').getAttribute('aria-pressed'), 'true');
  await page.shot('board', { fullPage: false });
  page.assertClean();
  await page.context().close();
});
