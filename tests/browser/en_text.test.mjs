// The English catalogue reads as English (issue 9, item 24), checked
// without a browser: whole sentences, and no count followed by a plural
// noun that would read "1 incidents"; a count of one takes the key's
// "_one" form where English needs one ("1 person").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const en = JSON.parse(readFileSync(join(WEB, 'i18n', 'en.json'), 'utf8'));

// Placeholders that hold a count.
const COUNTS = ['n', 'total', 'requests', 'needed', 'known', 'minutes', 'open', 'late', 'stale', 'on', 'waiting'];

test('the summonses panel says what happens at triage in a whole sentence', () => {
  assert.equal(en['sum.none'], 'Nobody has been summoned yet. When the incident reaches triage, the people named by the matching convocation rules are summoned.');
});

test('no count is followed by a plural noun unless a form for one exists', () => {
  const bad = [];
  const plural = new RegExp(`\\{(?:${COUNTS.join('|')})\\} (?:[a-z]+ )?(?:[a-z]+s|people)\\b`);
  for (const [k, v] of Object.entries(en)) {
    if (k.endsWith('_one') || !plural.test(v)) continue;
    if (!(`${k}_one` in en)) bad.push(`${k}: ${v}`);
  }
  assert.deepEqual(bad, []);
});

test('a count of one takes the "_one" form', async () => {
  // The catalogue module outside a browser: the page it would change and
  // the request it would make are stand-ins.
  globalThis.document = { documentElement: {} };
  globalThis.fetch = async () => ({ ok: true, json: async () => en });
  const { loadLang, t } = await import('../../web/js/i18n.js');
  await loadLang('en');
  assert.equal(t('unit.persons', { n: '1' }), '1 person');
  assert.equal(t('unit.persons', { n: '1,200' }), '1,200 people');
  assert.equal(t('dmg.total_of', { n: '1' }), 'Total (1 person)');
  assert.equal(t('list.count', { n: '1' }), 'Incidents: 1');
});
