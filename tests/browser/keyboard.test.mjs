// Filing a report with the keyboard alone, with the focus always visible.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, apiAs, launch, newPage, startServer } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  server.addUser('yuki', 'reporter');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return {
      id: el.id, tag: el.tagName, type: el.type || '',
      text: (el.textContent || '').trim().slice(0, 40),
      visible: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2
    };
  });
}

// Press Tab until the focused element satisfies 'want' (at most 'max' times),
// checking on the way that every stop shows where the focus is.
async function tabTo(page, want, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    assert.ok(f.visible, `focus visible on ${f.tag}#${f.id} "${f.text}"`);
    if (want(f)) return f;
  }
  throw new Error('never reached the wanted control by Tab');
}

test('a report filed with the keyboard only', async () => {
  const page = await newPage(browser, server);
  await page.goto('/login');
  await page.locator('#login-username').waitFor();
  assert.equal((await focused(page)).id, 'login-username');
  await page.keyboard.type('yuki');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/report');
  await page.locator('#r-title:focus').waitFor();

  await page.keyboard.type('会議資料を社外の人に誤って送信するところだった');
  // When it was noticed: "just now", a button next to the date field.
  await tabTo(page, (f) => f.id === 'r-now');
  await page.keyboard.press('Enter');
  assert.notEqual(await page.locator('#r-discovered').inputValue(), '');
  // The kind: a near miss, chosen with the arrow keys.
  await tabTo(page, (f) => f.type === 'radio');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#r-kind-near_miss').isChecked(), true);
  // Optional: a category, picked from the keyboard.
  await tabTo(page, (f) => f.id === 'r-category');
  await page.keyboard.press('ArrowDown');
  assert.notEqual(await page.locator('#r-category').inputValue(), '');
  // One row of information, added and filled from the keyboard.
  await tabTo(page, (f) => f.id === 'r-info-add');
  await page.keyboard.press('Enter');
  assert.match((await focused(page)).id, /^r-info-type-/);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.type('3');
  await tabTo(page, (f) => f.id === 'r-submit');
  await page.shot('report-keyboard-focus', { fullPage: false });
  await page.keyboard.press('Enter');

  await page.locator('#done-ref').waitFor();
  const ref = (await page.locator('#done-ref').textContent()).trim();
  assert.match(ref, /^INC-\d{4}-\d{4,}$/);
  assert.match(await page.locator('.done').textContent(), /ヒヤリハット/);
  // The focus moved to the confirmation, so a screen reader hears it.
  assert.equal((await focused(page)).id, 'done-title');
  // The links onward are reachable too.
  const onward = await tabTo(page, (f) => f.text === 'この報告を開く');
  assert.equal(onward.tag, 'A');
  await page.keyboard.press('Enter');
  await page.locator('#inc-title').waitFor();

  const api = await apiAs(server, 'yuki');
  const inc = await api.get(`/api/v1/incidents/${ref}`);
  assert.equal(inc.kind, 'near_miss');
  assert.equal(inc.info_types.length, 1);
  assert.equal(inc.info_types[0].count, 3);
  page.assertClean();
  await page.context().close();
});
