// 検索 / Search: what the header's search box finds, one item per
// incident, newest first, with the context of each matching field and the
// matched terms marked.  Everything the server sends is inserted as text:
// the marks are <mark> elements around text nodes, built from the
// code-point offsets the API gives (GET /api/v1/search).

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { alertBox, phaseBadge, title } from '../ui.js';

const PAGE = 20;

// 'text' with the [start, end) code-point ranges in <mark>, as nodes.
export function marked(text, ranges) {
  const cps = Array.from(text);
  const out = [];
  let at = 0;
  for (const [s, e] of ranges || []) {
    if (s < at || e <= s) continue;
    if (s > at) out.push(cps.slice(at, s).join(''));
    out.push(h('mark', { text: cps.slice(s, e).join('') }));
    at = e;
  }
  if (at < cps.length) out.push(cps.slice(at).join(''));
  return out;
}

function hitItem(item) {
  const href = `/incidents/${encodeURIComponent(item.ref)}`;
  return h('li', { class: 'search-hit' },
    h('h2', { class: 'search-hit-title' },
      h('a', { href },
        h('span', { class: 'ref', text: item.ref }), ' ',
        h('span', { text: item.title }))),
    h('p', { class: 'rec-sub' }, phaseBadge(item.phase),
      item.severity ? ` ${item.severity}` : null),
    item.snippets.length ? h('ul', { class: 'search-snippets' },
      item.snippets.map((s, i) => h('li', {},
        h('span', { class: 'search-field', text: t(`search.field.${item.fields[i]}`) }), ' ',
        h('span', { class: 'search-snippet' }, marked(s, item.highlights[i]))))) : null);
}

export async function render({ view, query, current }) {
  const q = (query.get('q') || '').trim();
  const input = h('input', {
    type: 'search', id: 'search-q', name: 'q', value: q, autocomplete: 'off',
    maxlength: '200', 'aria-describedby': 'search-help', 'data-autofocus': q ? null : true,
  });
  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': t('search.label') },
    h('label', { for: 'search-q', text: t('search.label') }),
    h('div', { class: 'inline' }, input, h('button', { type: 'submit', class: 'btn', text: t('search.go') })),
    h('p', { class: 'hint', id: 'search-help', text: t('search.help') }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (v) navigate(`/search?${new URLSearchParams({ q: v })}`);
  });
  const status = h('p', { class: 'result-count', id: 'search-count', role: 'status' });
  const list = h('ol', { class: 'search-results', id: 'search-results' });
  const more = h('div', { class: 'search-more' });
  view.append(title(t('search.title')), form, status, list, more);
  if (!q) return;

  let shown = 0;
  async function page(cursor) {
    const p = new URLSearchParams({ q, limit: String(PAGE) });
    if (cursor) p.set('cursor', cursor);
    let r;
    try {
      r = await api.get(`/api/v1/search?${p}`);
    } catch (e) {
      if (!current()) return;
      if (e.status === 422) {
        replace(status, alertBox(e.fields.q || e.message));
        return;
      }
      throw e;
    }
    if (!current()) return;
    list.append(...r.items.map(hitItem));
    shown += r.items.length;
    status.textContent = shown ? t(r.next_cursor ? 'search.count_more' : 'search.count', { n: shown })
      : t('search.none', { q });
    replace(more, r.next_cursor ? h('button', {
      type: 'button', class: 'btn', id: 'search-next', text: t('search.more'),
      onclick: () => page(r.next_cursor),
    }) : null);
  }
  await page(null);
}
