// One date format per language wherever a time is shown (issue 9, item
// 24): "2026年12月7日 14:05" in Japanese, "7 Dec 2026, 14:05" in English,
// in the user's zone; the callers' 'full' and 'short' read the same.
// Checked without a browser, like en_text.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const cat = (l) => JSON.parse(readFileSync(join(WEB, 'i18n', `${l}.json`), 'utf8'));

test('one format per language, in the chosen zone', async () => {
  globalThis.document = { documentElement: {} };
  let want = 'ja';
  globalThis.fetch = async () => ({ ok: true, json: async () => cat(want) });
  const { loadLang, formatTime, setZone } = await import('../../web/js/i18n.js');
  const at = '2026-12-07T05:05:00Z'; // 14:05 in Tokyo

  await loadLang('ja');
  assert.equal(formatTime(at), '2026年12月7日 14:05');
  assert.equal(formatTime(at, 'short'), '2026年12月7日 14:05');
  assert.equal(formatTime('2026-01-15T00:30:00Z', 'full'), '2026年1月15日 09:30');

  want = 'en';
  await loadLang('en');
  assert.equal(formatTime(at), '7 Dec 2026, 14:05');
  assert.equal(formatTime(at, 'short'), '7 Dec 2026, 14:05');

  setZone('Europe/London');
  assert.equal(formatTime(at), '7 Dec 2026, 05:05');
  assert.equal(formatTime('not a time'), '');
});
