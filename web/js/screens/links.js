// links.js - the incident page's links panel: the incidents this one is
// related to, duplicates, causes and parts (shown from both ends under
// the proper name), adding and removing links, and the possible
// duplicates kizuki offers for a person to decide on.  Nothing is merged
// by itself: marking a duplicate is always a person's click.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t, timeEl } from '../i18n.js';
import { can } from '../session.js';
import { errorSlot, field, formMessage, panel, phaseBadge, readForm, showErrors, toast } from '../ui.js';

const KINDS = ['related', 'duplicate_of', 'caused_by', 'part_of'];
const REF_RE = /^INC-\d{4}-\d{4,9}$/;

// Which of two references was filed first (INC-YEAR-NUMBER).
function older(a, b) {
  const [, ya, na] = a.split('-');
  const [, yb, nb] = b.split('-');
  return Number(ya) !== Number(yb) ? Number(ya) < Number(yb) : Number(na) < Number(nb);
}

export function linksPanel(ctx) {
  const body = h('div', { id: 'links-body' });
  const summary = h('p', { class: 'panel-summary', id: 'links-summary', role: 'status' });
  const el = panel('links', t('link.title'), summary, body);
  let items = [];
  let offers = [];

  async function load() {
    const [l, d] = await Promise.all([api.get(`${ctx.base}/links`), api.get(`${ctx.base}/duplicates`)]);
    items = l.items;
    offers = d.items;
    draw();
  }

  async function changed(okText, focusId) {
    toast(okText);
    await load();
    ctx.changed('links');
    const f = focusId && document.getElementById(focusId);
    if (f) f.focus();
  }

  async function remove(link) {
    if (!window.confirm(t('link.remove_confirm', { ref: link.ref }))) return;
    try {
      await api.del(`${ctx.base}/links/${link.id}`);
      await changed(t('link.removed', { ref: link.ref }), 'link-add-ref');
    } catch (e) {
      if (e.status === 401) return;
      toast(e.message);
    }
  }

  // Link 'from' to 'to' as 'kind' (from this page, either may be this
  // incident: the newer report is the duplicate of the older).
  async function make(from, kind, to, focusId) {
    if (kind === 'duplicate_of' && !window.confirm(t('link.dup_confirm', { dup: from, orig: to }))) return false;
    try {
      await api.post(`/api/v1/incidents/${encodeURIComponent(from)}/links`, { kind, ref: to });
      await changed(t('link.added', { ref: from === ctx.ref ? to : from }), focusId);
      return true;
    } catch (e) {
      if (e.status === 401) return false;
      throw e;
    }
  }

  function row(link) {
    return h('li', { class: ['link', `link-${link.relation}`], id: `link-${link.id}` },
      h('span', { class: 'link-rel', text: t(`link.rel.${link.relation}`) }),
      h('a', { href: `/incidents/${encodeURIComponent(link.ref)}`, class: 'link-ref', text: link.ref }),
      h('span', { class: 'link-title', text: link.title }),
      phaseBadge(link.phase),
      can('update') ? h('button', {
        type: 'button', class: 'btn btn-small btn-quiet', id: `link-${link.id}-remove`,
        'aria-label': t('link.remove_of', { ref: link.ref }), onclick: () => remove(link),
      }, t('link.remove')) : null);
  }

  function offerRow(o, i) {
    const mayMove = can('update');
    // The report filed later is the duplicate of the earlier one.
    const thisIsDup = older(o.ref, ctx.ref);
    const err = h('p', { class: 'field-error', id: `dup-${i}-error`, hidden: true });
    const act = async (from, kind, to) => {
      err.hidden = true;
      try {
        await make(from, kind, to, 'links-h');
      } catch (e) {
        err.hidden = false;
        err.textContent = `${t('form.error_prefix')}${(e.fields && e.fields.ref) || e.message}`;
      }
    };
    return h('li', { class: 'dup-offer', id: `dup-${o.ref}` },
      h('a', { href: `/incidents/${encodeURIComponent(o.ref)}`, class: 'link-ref', text: o.ref }),
      h('span', { class: 'link-title', text: o.title }),
      phaseBadge(o.phase),
      h('span', { class: 'dup-why' },
        t('link.similarity', { n: o.similarity }),
        o.shared_asset ? h('span', { class: 'marker', text: t('link.shared_asset') }) : null,
        o.shared_observables ? h('span', { class: 'marker', text: t('link.shared_obs', { n: o.shared_observables }) }) : null,
        ' ', timeEl(o.discovered_at, 'short')),
      mayMove ? h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'btn btn-small', id: `dup-${i}-mark`,
          onclick: () => (thisIsDup ? act(ctx.ref, 'duplicate_of', o.ref) : act(o.ref, 'duplicate_of', ctx.ref)),
        }, thisIsDup ? t('link.mark_this_dup', { ref: o.ref }) : t('link.mark_other_dup', { ref: o.ref })),
        h('button', {
          type: 'button', class: 'btn btn-small btn-quiet', id: `dup-${i}-related`,
          'aria-label': t('link.mark_related_of', { ref: o.ref }),
          onclick: () => act(ctx.ref, 'related', o.ref),
        }, t('link.mark_related'))) : null,
      err);
  }

  function addForm() {
    const kind = h('select', { name: 'kind', value: 'related' },
      KINDS.map((k) => h('option', { value: k, text: t(`link.kind.${k}`) })));
    const ref = h('input', { type: 'text', name: 'ref', autocomplete: 'off', maxlength: '24', placeholder: 'INC-2026-0001', spellcheck: 'false' });
    const map = {
      kind: field({ label: t('link.kind'), control: kind, required: true, id: 'link-add-kind', hint: t('link.kind_hint') }),
      ref: field({ label: t('link.other'), control: ref, required: true, id: 'link-add-ref' }),
    };
    const errors = errorSlot();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'link-add-submit', text: t('link.add_submit') });
    const form = h('form', { class: 'panel-form', id: 'link-add', novalidate: true, 'aria-label': t('link.add') },
      errors, h('div', { class: 'form-grid' }, map.kind, map.ref), submit);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.show(null);
      showErrors(map, {});
      const v = readForm(form);
      const other = v.ref.trim().toUpperCase();
      if (!REF_RE.test(other)) {
        map.ref.setError(other ? t('link.bad_ref') : t('form.required_msg'));
        errors.show(t('form.fix_errors'));
        ref.focus();
        return;
      }
      submit.disabled = true;
      try {
        await make(ctx.ref, v.kind, other, 'link-add-ref');
      } catch (ex) {
        errors.show(formMessage(ex));
        const first = showErrors(map, ex.fields);
        if (first) first.focus();
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  function draw() {
    const n = items.length;
    summary.textContent = n ? t('link.summary', { n }) : t('link.none');
    replace(body,
      n ? h('ul', { class: 'link-list', 'aria-label': t('link.list') }, items.map(row)) : null,
      offers.length ? h('section', { class: 'dup-offers', 'aria-labelledby': 'dup-offers-h' },
        h('h3', { id: 'dup-offers-h', text: t('link.offers_title') }),
        h('p', { class: 'hint', text: t('link.offers_hint') }),
        h('ul', {}, offers.map(offerRow))) : null,
      can('update') ? addForm() : null);
  }

  return { el, load };
}
