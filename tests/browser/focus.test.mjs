// Fewer stops for the keyboard: "just now" comes before the date-time
// field it fills (whose parts take seven Tab stops), and after signing in
// the focus is on what the person came for — the heading of the page they
// asked for, or its first field.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, apiAs, launch, newPage, signInQuick, startServer } from './support.mjs';

let server;
let browser;
let ref;

before(async () => {
  server = await startServer();
  server.addUser('hana', 'handler');
  server.addUser('yuki', 'reporter');
  browser = await launch();
  const hana = await apiAs(server, 'hana');
  ({ ref } = await hana.post('/api/v1/incidents', { title: 'USBメモリの紛失', discovered_at: '2026-01-15T00:30:00Z' }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return { id: el.id, tag: el.tagName, type: el.type || '', text: (el.textContent || '').trim().slice(0, 60) };
  });
}

// Sign in from the keyboard on the sign-in page it was sent to.
async function signInByKeyboard(page, name) {
  await page.locator('#login-username:focus').waitFor();
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('#signed-in').waitFor();
}

test('"just now" is the next Tab stop after the title, before the date-time parts', async () => {
  const page = await newPage(browser, server);
  await signInQuick(page, server, 'yuki', undefined, '/report');
  await page.locator('#r-title:focus').waitFor();
  await page.keyboard.type('会議資料の誤送信');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, 'r-now');
  await page.keyboard.press('Enter');
  assert.notEqual(await page.locator('#r-discovered').inputValue(), '');
  // The focus stays on the button, and the field it filled comes next.
  assert.equal((await focused(page)).id, 'r-now');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, 'r-discovered');
  // On the screen too, the button is before the field.
  const [btn, input] = await Promise.all([page.locator('#r-now').boundingBox(), page.locator('#r-discovered').boundingBox()]);
  assert.ok(btn.y + btn.height <= input.y + 1 || (btn.x + btn.width <= input.x && btn.y < input.y + input.height), JSON.stringify({ btn, input }));
  page.assertClean();
  await page.context().close();
});

test('after signing in, the focus is on the heading of the page asked for', async () => {
  const page = await newPage(browser, server);
  await page.goto(`/incidents/${ref}`);
  await page.waitForURL('**/login');
  await signInByKeyboard(page, 'hana');
  await page.waitForURL(`**/incidents/${ref}`);
  await page.locator('#inc-title').waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'inc-title');
  const f = await focused(page);
  assert.equal(f.tag, 'H1');
  assert.match(f.text, /USBメモリの紛失/);
  page.assertClean();
  await page.context().close();
});

test('after signing in, a link to a section of a page leads to that section', async () => {
  // The deadlines screen and the messages link to #obligations.
  const page = await newPage(browser, server);
  await page.goto(`/incidents/${ref}#obligations`);
  await page.waitForURL('**/login');
  await signInByKeyboard(page, 'hana');
  await page.waitForURL(`**/incidents/${ref}#obligations`);
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'obligations-h');
  // Shown, not only focused.
  const box = await page.locator('#obligations-h').boundingBox();
  const height = page.viewportSize().height;
  assert.ok(box.y >= 0 && box.y < height, `the heading is at ${box.y} of ${height}`);
  // Typing Tab goes on inside the section.
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.getElementById('obligations').contains(document.activeElement)));
  page.assertClean();
  await page.context().close();
});

test('after signing in, the focus is on the first field of the form asked for', async () => {
  const page = await newPage(browser, server);
  await page.goto('/report');
  await page.waitForURL('**/login');
  await signInByKeyboard(page, 'yuki');
  await page.waitForURL('**/report');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'r-title');
  // Typing goes straight into it.
  await page.keyboard.type('不審なメール');
  assert.equal(await page.locator('#r-title').inputValue(), '不審なメール');
  page.assertClean();
  await page.context().close();
});

test('signing in from the sign-in page itself leads to the heading of the home screen', async () => {
  const page = await newPage(browser, server);
  await page.goto('/login');
  await signInByKeyboard(page, 'hana');
  await page.waitForURL('**/incidents');
  await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'H1');
  assert.match((await focused(page)).text, /案件一覧|インシデント/);
  page.assertClean();
  await page.context().close();
});
