// observables.js - the incident page's observables panel: the indicators
// of the incident (IP addresses, domains, URLs, hashes, …) with their
// TLP, IOC and sighted flags and "seen in N other incidents" linking to
// them; a form to add one; a dialog where a person pastes mail headers
// or a log excerpt, gets the candidates kizuki finds, ticks what matters
// and adds them at once; and the incidents related by shared
// observables.  Values are normalised by the server; everything shown is
// inserted as text.

import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { can } from '../session.js';
import { errorSlot, field, formMessage, panel, phaseBadge, readForm, showErrors, toast } from '../ui.js';

const TYPES = ['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256',
  'filename', 'account', 'phone', 'other'];
const TLPS = ['clear', 'green', 'amber', 'amber+strict', 'red'];

function tlpBadge(tlp) {
  return h('span', { class: ['tlp', `tlp-${tlp.replace('+', '-')}`], text: `TLP:${tlp.toUpperCase()}` });
}

export function observablesPanel(ctx) {
  const body = h('div', { id: 'observables-body' });
  const summary = h('p', { class: 'panel-summary', id: 'observables-summary', role: 'status' });
  const el = panel('observables', t('obs.title'), summary, body);
  let items = [];
  let related = [];
  const open = new Set(); // ids whose "seen in" list is shown

  async function load() {
    const [l, r] = await Promise.all([api.get(`${ctx.base}/observables`), api.get(`${ctx.base}/related`)]);
    items = l.items;
    related = r.items;
    // The counts may have changed: open lists are asked for again.
    open.clear();
    draw();
  }

  async function changed(okText, focusId) {
    toast(okText);
    await load();
    ctx.changed('observables');
    const f = focusId && document.getElementById(focusId);
    if (f) f.focus();
  }

  async function remove(o) {
    if (!window.confirm(t('obs.remove_confirm', { value: o.display }))) return;
    try {
      await api.del(`${ctx.base}/observables/${o.id}`);
      await changed(t('obs.removed', { value: o.display }), 'obs-add-value');
    } catch (e) {
      if (e.status === 401) return;
      toast(e.message);
    }
  }

  // Change the TLP or a flag of 'o'; the list is drawn again.
  async function patch(o, change, focusId) {
    try {
      const after = await api.patch(`${ctx.base}/observables/${o.id}`, change);
      await changed(t('obs.updated', { value: after.display }), focusId);
    } catch (e) {
      if (e.status !== 401) toast(e.message);
    }
  }

  function editControls(o) {
    const tlp = h('select', {
      id: `obs-${o.id}-tlp`, class: 'obs-tlp-select', value: o.tlp,
      'aria-label': t('obs.tlp_of', { value: o.display }),
      onchange: () => patch(o, { tlp: tlp.value }, `obs-${o.id}-tlp`),
    }, TLPS.map((k) => h('option', { value: k, text: `TLP:${k.toUpperCase()}` })));
    const toggle = (name, key) => h('button', {
      type: 'button', class: 'btn btn-small btn-quiet', id: `obs-${o.id}-${name}`, 'aria-pressed': String(o[name]),
      'aria-label': t(`obs.${name}_of`, { value: o.display }),
      onclick: () => patch(o, { [name]: !o[name] }, `obs-${o.id}-${name}`),
    }, t(key));
    return h('span', { class: 'obs-edit' }, tlp, toggle('ioc', 'obs.ioc'), toggle('sighted', 'obs.sighted'));
  }

  // The other incidents holding 'o', asked for when a person opens them.
  function seenIn(o) {
    const id = `obs-${o.id}-seen`;
    if (!o.seen_in) return h('span', { class: 'obs-seen obs-seen-none', text: t('obs.seen_none') });
    const list = h('ul', { class: 'obs-seen-list', id: `${id}-list`, hidden: !open.has(o.id) });
    const btn = h('button', {
      type: 'button', class: 'btn btn-small btn-quiet obs-seen', id, 'aria-expanded': String(open.has(o.id)),
      'aria-controls': `${id}-list`,
      onclick: async () => {
        if (open.has(o.id)) {
          open.delete(o.id);
          list.hidden = true;
          btn.setAttribute('aria-expanded', 'false');
          return;
        }
        try {
          const r = await api.get('/api/v1/observables', { type: o.type, value: o.value });
          replace(list, r.items.filter((x) => x.ref !== ctx.ref).map((x) => h('li', {},
            h('a', { href: `/incidents/${encodeURIComponent(x.ref)}`, text: x.ref }), ' ',
            h('span', { class: 'link-title', text: x.title }), ' ', phaseBadge(x.phase))));
          open.add(o.id);
          list.hidden = false;
          btn.setAttribute('aria-expanded', 'true');
        } catch (e) {
          if (e.status !== 401) toast(e.message);
        }
      },
    }, t('obs.seen_in', { n: o.seen_in }));
    return h('span', { class: 'obs-seen-wrap' }, btn, list);
  }

  function row(o) {
    return h('li', { class: 'obs', id: `obs-${o.id}` },
      h('span', { class: 'obs-type', text: t(`obs.type.${o.type}`) }),
      h('span', { class: 'obs-value' },
        h('code', { text: o.display }),
        o.display !== o.value ? h('span', { class: 'obs-norm', text: o.value }) : null),
      tlpBadge(o.tlp),
      o.ioc ? h('span', { class: 'marker obs-ioc', text: t('obs.ioc') }) : null,
      o.sighted ? h('span', { class: 'marker obs-sighted', text: t('obs.sighted') }) : null,
      seenIn(o),
      o.note ? h('span', { class: 'obs-note', text: o.note }) : null,
      can('update') ? editControls(o) : null,
      can('update') ? h('button', {
        type: 'button', class: 'btn btn-small btn-quiet', id: `obs-${o.id}-remove`,
        'aria-label': t('obs.remove_of', { value: o.display }), onclick: () => remove(o),
      }, t('obs.remove')) : null);
  }

  function relatedList() {
    if (!related.length) return null;
    return h('section', { class: 'obs-related', 'aria-labelledby': 'obs-related-h' },
      h('h3', { id: 'obs-related-h', text: t('obs.related_title') }),
      h('ul', {}, related.map((r) => h('li', { class: 'obs-rel', id: `obs-rel-${r.ref}` },
        h('a', { href: `/incidents/${encodeURIComponent(r.ref)}`, class: 'link-ref', text: r.ref }),
        h('span', { class: 'link-title', text: r.title }),
        phaseBadge(r.phase),
        h('span', { class: 'obs-shared', text: t('obs.shared', { n: r.shared }) }),
        h('span', { class: 'obs-shared-values', text: r.values.map((v) => v.display).join(t('obs.sep')) })))));
  }

  function addForm() {
    const type = h('select', { name: 'type', value: 'ipv4' },
      TYPES.map((k) => h('option', { value: k, text: t(`obs.type.${k}`) })));
    const value = h('input', { type: 'text', name: 'value', autocomplete: 'off', maxlength: '2048', spellcheck: 'false' });
    const tlp = h('select', { name: 'tlp', value: 'amber' }, TLPS.map((k) => h('option', { value: k, text: `TLP:${k.toUpperCase()}` })));
    const note = h('input', { type: 'text', name: 'note', autocomplete: 'off', maxlength: '2000' });
    const map = {
      type: field({ label: t('obs.type'), control: type, required: true, id: 'obs-add-type' }),
      value: field({ label: t('obs.value'), control: value, required: true, id: 'obs-add-value', hint: t('obs.value_hint') }),
      tlp: field({ label: 'TLP', control: tlp, id: 'obs-add-tlp' }),
      note: field({ label: t('obs.note'), control: note, id: 'obs-add-note' }),
    };
    const flag = (name, key) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name, value: '1', id: `obs-add-${name}` }), ' ', t(key));
    const errors = errorSlot();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'obs-add-submit', text: t('obs.add_submit') });
    const form = h('form', { class: 'panel-form', id: 'obs-add', novalidate: true, 'aria-label': t('obs.add') },
      errors, h('div', { class: 'form-grid' }, map.type, map.value, map.tlp, map.note),
      h('div', { class: 'obs-flags' }, flag('ioc', 'obs.ioc_label'), flag('sighted', 'obs.sighted_label')),
      h('div', { class: 'actions' }, submit,
        h('button', { type: 'button', class: 'btn', id: 'obs-paste-open', onclick: () => pasteDialog() }, t('obs.paste'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.show(null);
      showErrors(map, {});
      const v = readForm(form);
      if (!v.value.trim()) {
        map.value.setError(t('form.required_msg'));
        errors.show(t('form.fix_errors'));
        value.focus();
        return;
      }
      submit.disabled = true;
      try {
        const made = await api.post(`${ctx.base}/observables`, {
          type: v.type, value: v.value, tlp: v.tlp, ioc: v.ioc.length > 0, sighted: v.sighted.length > 0,
          note: v.note.trim() || null,
        });
        form.reset();
        await changed(t('obs.added', { value: made.display }), 'obs-add-value');
      } catch (ex) {
        if (ex.status === 401) return;
        errors.show(formMessage(ex));
        const first = showErrors(map, ex.fields);
        if (first) first.focus();
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  // Paste text, extract candidates, tick, add: nothing is stored until
  // the person confirms.
  function pasteDialog() {
    const text = h('textarea', { name: 'text', rows: '10', id: 'obs-paste-text', spellcheck: 'false' });
    const found = h('div', { id: 'obs-paste-found', 'aria-live': 'polite' });
    const errors = errorSlot();
    const close = () => {
      dlg.close();
      dlg.remove();
      const back = document.getElementById('obs-paste-open');
      if (back) back.focus();
    };
    let candidates = [];
    const addBtn = h('button', { type: 'button', class: 'btn btn-primary', id: 'obs-paste-add', hidden: true, text: t('obs.paste_add') });
    const extract = h('button', { type: 'button', class: 'btn', id: 'obs-paste-extract', text: t('obs.paste_extract') });
    extract.addEventListener('click', async () => {
      errors.show(null);
      if (!text.value.trim()) {
        errors.show(t('obs.paste_empty'));
        text.focus();
        return;
      }
      try {
        const r = await api.post(`${ctx.base}/observables/extract`, { text: text.value });
        candidates = r.items;
      } catch (e) {
        if (e.status !== 401) errors.show(formMessage(e));
        return;
      }
      addBtn.hidden = !candidates.some((c) => !c.known);
      replace(found, candidates.length ? h('fieldset', { class: 'obs-candidates' },
        h('legend', { text: t('obs.paste_found', { n: candidates.length }) }),
        h('ul', {}, candidates.map((c, i) => h('li', {},
          h('label', { class: 'check' },
            h('input', { type: 'checkbox', id: `obs-cand-${i}`, value: String(i), checked: !c.known, disabled: c.known }),
            ' ', h('span', { class: 'obs-type', text: t(`obs.type.${c.type}`) }), ' ',
            h('code', { text: c.display }),
            c.known ? h('span', { class: 'marker', text: t('obs.known') }) : null,
            c.seen_in ? h('span', { class: 'obs-seen', text: t('obs.seen_in', { n: c.seen_in }) }) : null)))))
        : h('p', { text: t('obs.paste_none') }));
      const first = found.querySelector('input:not([disabled])');
      if (first) first.focus();
    });
    addBtn.addEventListener('click', async () => {
      errors.show(null);
      const picked = [...found.querySelectorAll('input[type=checkbox]:checked:not([disabled])')]
        .map((b) => candidates[Number(b.value)]);
      if (!picked.length) {
        errors.show(t('obs.paste_pick'));
        return;
      }
      addBtn.disabled = true;
      try {
        await api.post(`${ctx.base}/observables`, { items: picked.map((c) => ({ type: c.type, value: c.value })) });
        close();
        await changed(t('obs.added_n', { n: picked.length }), 'observables-h');
      } catch (e) {
        if (e.status !== 401) errors.show(e.message);
      } finally {
        addBtn.disabled = false;
      }
    });
    const dlg = h('dialog', { class: 'obs-dialog', id: 'obs-paste', 'aria-labelledby': 'obs-paste-h' },
      h('h2', { id: 'obs-paste-h', text: t('obs.paste_title') }),
      h('p', { class: 'hint', id: 'obs-paste-hint', text: t('obs.paste_hint') }),
      errors,
      h('label', { for: 'obs-paste-text', class: 'label-text', text: t('obs.paste_label') }),
      text, h('div', { class: 'actions' }, extract), found,
      h('div', { class: 'actions' }, addBtn,
        h('button', { type: 'button', class: 'btn btn-quiet', id: 'obs-paste-cancel', onclick: close }, t('obs.paste_cancel'))));
    text.setAttribute('aria-describedby', 'obs-paste-hint');
    dlg.addEventListener('cancel', (e) => {
      e.preventDefault();
      close();
    });
    document.body.append(dlg);
    dlg.showModal();
    text.focus();
  }

  function draw() {
    const n = items.length;
    summary.textContent = n ? t('obs.summary', { n }) : t('obs.none');
    replace(body,
      n ? h('ul', { class: 'obs-list', 'aria-label': t('obs.list') }, items.map(row)) : null,
      relatedList(),
      can('update') ? addForm() : null);
  }

  return { el, load };
}
