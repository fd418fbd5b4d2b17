// Checks without a browser: the two message catalogues agree, every key
// the code asks for exists, and the time-zone arithmetic is right.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isoToLocalInput, localInputToIso } from '../../web/js/time.js';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const ja = JSON.parse(readFileSync(join(WEB, 'i18n', 'ja.json'), 'utf8'));
const en = JSON.parse(readFileSync(join(WEB, 'i18n', 'en.json'), 'utf8'));

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('ja and en have the same keys, each with text', () => {
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const [k, v] of Object.entries(ja)) {
    if (k === 'form.error_prefix') continue;
    assert.ok(v.trim(), `ja ${k} is empty`);
    assert.ok(en[k].trim(), `en ${k} is empty`);
    const ph = (s) => (s.match(/\{\w+\}/g) || []).sort().join();
    assert.equal(ph(v), ph(en[k]), `placeholders of ${k}`);
  }
});

test('every message key the code names is in the catalogues', () => {
  const missing = [];
  for (const f of files(join(WEB, 'js'))) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\bt\('([a-z_]+\.[a-z_0-9.]+)'/g)) {
      if (!(m[1] in ja)) missing.push(`${f}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('nothing in web/ parses text as HTML or evaluates code', () => {
  for (const f of files(join(WEB, 'js'))) {
    const src = readFileSync(f, 'utf8');
    assert.doesNotMatch(src, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\('style'/, f);
  }
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script>|<style|\sstyle=|\son\w+=/i);
  assert.doesNotMatch(html + files(WEB).map((f) => readFileSync(f, 'utf8')).join(''), /https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
});

test('wall times in Tokyo and New York become the right instants', () => {
  assert.equal(localInputToIso('2026-01-15T09:30', 'Asia/Tokyo'), '2026-01-15T09:30:00+09:00');
  assert.equal(Date.parse(localInputToIso('2026-01-15T09:30', 'Asia/Tokyo')), Date.parse('2026-01-15T00:30:00Z'));
  assert.equal(isoToLocalInput('2026-01-15T00:30:00Z', 'Asia/Tokyo'), '2026-01-15T09:30');
  assert.equal(isoToLocalInput('2026-12-31T15:00:00Z', 'Asia/Tokyo'), '2027-01-01T00:00');
  // Across daylight saving time.
  assert.equal(localInputToIso('2026-07-01T12:00', 'America/New_York'), '2026-07-01T12:00:00-04:00');
  assert.equal(localInputToIso('2026-01-01T12:00', 'America/New_York'), '2026-01-01T12:00:00-05:00');
  assert.equal(isoToLocalInput('2026-07-01T16:00:00Z', 'America/New_York'), '2026-07-01T12:00');
  assert.equal(localInputToIso('garbage', 'Asia/Tokyo'), null);
});

// The modules main.js imports statically, and those imported with
// import() (screens fetched when first opened), as paths under web/.
function imports(rel) {
  const src = readFileSync(join(WEB, rel), 'utf8');
  const at = (p) => join(dirname(rel), p).replace(/\\/g, '/');
  return {
    fixed: [...src.matchAll(/^import\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => at(m[1])),
    lazy: [...src.matchAll(/\bimport\('(\.{1,2}\/[^']+)'\)/g)].map((m) => at(m[1])),
  };
}

test('index.html preloads what the first screen needs; every other module is fetched on demand', () => {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const preloaded = [...html.matchAll(/rel="modulepreload" href="\/([^"]+)"/g)].map((m) => m[1]).sort();
  const modules = files(join(WEB, 'js')).map((f) => f.slice(WEB.length + 1)).sort();
  const fixed = new Set();
  const lazy = new Set();
  const walk = (m) => {
    if (fixed.has(m)) return;
    fixed.add(m);
    const i = imports(m);
    i.fixed.forEach(walk);
    i.lazy.forEach((x) => lazy.add(x));
  };
  walk('js/main.js');
  const first = [...fixed].sort();
  for (const m of [...lazy]) walk(m);
  assert.deepEqual(preloaded, first, 'the static imports of main.js, no more, no less');
  for (const m of modules) assert.ok(fixed.has(m), `${m} is never loaded`);
  for (const m of fixed) assert.ok(modules.includes(m), `${m} does not exist`);
});

test('lateness: untriaged after a day, untouched for a week, never when closed', async () => {
  const { lateness } = await import('../../web/js/ui.js');
  const now = Date.parse('2026-11-23T12:00:00Z');
  const at = (h) => new Date(now - h * 3600 * 1000).toISOString();
  assert.deepEqual(lateness({ phase: 'reported', reported_at: at(23), updated_at: at(23) }, now), []);
  assert.deepEqual(lateness({ phase: 'reported', reported_at: at(25), updated_at: at(1) }, now), ['triage_overdue']);
  assert.deepEqual(lateness({ phase: 'triage', reported_at: at(400), updated_at: at(7 * 24 + 1) }, now), ['stale']);
  assert.deepEqual(lateness({ phase: 'reported', reported_at: at(400), updated_at: at(200) }, now), ['triage_overdue', 'stale']);
  assert.deepEqual(lateness({ phase: 'closed', reported_at: at(400), updated_at: at(400) }, now), []);
});
