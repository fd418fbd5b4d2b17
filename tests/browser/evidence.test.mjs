// Evidence through the real UI (issue 10 item 1): a handler drops the
// misdirected .eml on the incident's evidence panel (and chooses another
// file with the file input), sees its SHA-256 - the one of the bytes she
// sent - with its size and media type, hands the item over to legal with
// the custody form and sees the event listed; records a disk kept in a
// cabinet without a file; and a download link serves the same bytes.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiAs, hoursAgo, launch, newPage, signInQuick, startServer, unlabelled } from './support.mjs';

let server;
let browser;
let admin;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  browser = await launch();
  admin = await apiAs(server, 'admin', server.adminPassword);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('drop a file on the evidence panel, see its hash, record custody', async () => {
  const inc = await admin.post('/api/v1/incidents', {
    title: '顧客へのメール誤送信', category: 'misdirected_email', discovered_at: hoursAgo(3),
  });
  const eml = Buffer.from('From: sales@example.co.jp\r\nTo: wrong@example.com\r\nSubject: 見積書\r\n\r\n本文\r\n');
  const sha = createHash('sha256').update(eml).digest('hex');

  const page = await newPage(browser, server);
  await signInQuick(page, server, 'hana', undefined, `/incidents/${inc.ref}`);
  const panel = page.locator('#evidence');
  await panel.getByRole('heading', { name: '証拠保全' }).waitFor();
  await page.locator('#evidence-summary', { hasText: '証拠はまだありません' }).waitFor();

  // Drop the file on the panel, as from the file manager.
  const transfer = await page.evaluateHandle(({ bytes }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], '誤送信メール.eml', { type: 'message/rfc822' }));
    return dt;
  }, { bytes: [...eml] });
  await panel.dispatchEvent('dragenter', { dataTransfer: transfer });
  await panel.dispatchEvent('dragover', { dataTransfer: transfer });
  await panel.dispatchEvent('drop', { dataTransfer: transfer });
  const item = panel.locator('.ev-item', { hasText: '誤送信メール.eml' });
  await item.waitFor();
  assert.equal((await item.locator('.ev-hash').textContent()).trim(), sha);
  assert.match(await item.textContent(), new RegExp(`${eml.length} バイト`));
  assert.match(await page.locator('#ev-status').textContent(), new RegExp(sha));
  await page.locator('#evidence-summary', { hasText: '1 件' }).waitFor();
  assert.deepEqual(await unlabelled(page), []);

  // The file input does the same (keyboard users, no drag and drop).
  const dir = mkdtempSync(join(tmpdir(), 'kizuki-ev-'));
  const png = join(dir, 'screenshot.png');
  const pngBytes = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
  writeFileSync(png, pngBytes);
  await page.locator('#ev-file').setInputFiles(png);
  const shot = panel.locator('.ev-item', { hasText: 'screenshot.png' });
  await shot.waitFor();
  assert.equal((await shot.locator('.ev-hash').textContent()).trim(), createHash('sha256').update(pngBytes).digest('hex'));
  assert.match(await shot.textContent(), /image\/png/);

  // The download serves the same bytes, as an attachment.
  const href = await item.getByRole('link', { name: '誤送信メール.eml をダウンロード' }).getAttribute('href');
  const got = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return { type: r.headers.get('content-type'), disp: r.headers.get('content-disposition'), bytes: [...new Uint8Array(await r.arrayBuffer())] };
  }, href);
  assert.equal(got.type, 'application/octet-stream');
  assert.match(got.disp, /^attachment;/);
  assert.deepEqual(Buffer.from(got.bytes), eml);

  // Hand it over to legal with the custody form, from the keyboard.
  await item.locator('summary').click();
  const id = (await item.getAttribute('id')).replace('ev-', '');
  await page.locator(`#ev-${id}-cust-action`).selectOption('handover');
  await page.locator(`#ev-${id}-cust-to`).fill('法務部 田中');
  await page.locator(`#ev-${id}-cust-reason`).fill('法務確認');
  await page.locator(`#ev-${id}-cust-reason`).press('Enter');
  const event = page.locator(`#ev-${id}-events li`, { hasText: '法務部 田中' });
  await event.waitFor();
  assert.match(await event.textContent(), /引き渡し/);
  assert.match(await event.textContent(), /法務確認/);
  // The chronology notes it.
  await page.locator('.chronology', { hasText: '証拠の引き渡し: 誤送信メール.eml' }).waitFor();

  // A disk kept in a cabinet, recorded without a file.
  await page.locator('#ev-physical summary').click();
  await page.locator('#ev-phys-name').fill('外付けHDD (S/N 1234)');
  await page.locator('#ev-phys-location').fill('本社 金庫 A-3');
  await page.locator('#ev-phys-submit').click();
  const disk = panel.locator('.ev-item', { hasText: '外付けHDD' });
  await disk.waitFor();
  assert.match(await disk.textContent(), /本社 金庫 A-3/);
  assert.equal(await disk.getByRole('link', { name: /ダウンロード/ }).count(), 0);
  const list = await admin.get(`/api/v1/incidents/${inc.ref}/evidence`);
  assert.deepEqual(list.items.map((x) => x.name), ['誤送信メール.eml', 'screenshot.png', '外付けHDD (S/N 1234)']);
});
