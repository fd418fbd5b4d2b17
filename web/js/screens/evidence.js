// evidence.js - the incident page's evidence panel (証拠保全): files
// dropped on the panel or chosen with the file input, uploaded with
// progress and shown with their SHA-256 (copyable), size, media type and
// acquisition; a download link; each item's chain of custody with a form
// to record a hand-over, checkout, seal…; and a form for a thing kept
// without a file (a disk in a locked cabinet).  Text from the server is
// always inserted as text.

import { api, csrfToken } from '../api.js';
import { h, replace } from '../dom.js';
import { getLang, t, timeEl } from '../i18n.js';
import { can } from '../session.js';
import { errorSlot, field, formMessage, panel, readForm, showErrors, toast } from '../ui.js';

const ACTIONS = ['handover', 'transfer', 'copy', 'checkout', 'return', 'seal', 'disposal'];

function size(n) {
  return t('ev.bytes', { n: Number(n).toLocaleString(getLang() === 'ja' ? 'ja-JP' : 'en-US') });
}

// Send 'file' as the raw body (the name percent-encoded in X-Filename),
// reporting progress; resolves with the item, rejects with
// {status, message, fields}.
function upload(base, file, description, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', `${base}/evidence`);
    x.setRequestHeader('Content-Type', 'application/octet-stream');
    x.setRequestHeader('Accept-Language', getLang());
    x.setRequestHeader('X-Filename', encodeURIComponent(file.name));
    if (description) x.setRequestHeader('X-Description', encodeURIComponent(description));
    const token = csrfToken();
    if (token) x.setRequestHeader('X-CSRF-Token', token);
    x.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    x.onload = () => {
      let data = null;
      try {
        data = JSON.parse(x.responseText);
      } catch {
        data = null;
      }
      if (x.status === 201) resolve(data);
      else {
        const e = (data && data.error) || {};
        reject({ status: x.status, message: e.message || t('err.http', { status: x.status }), fields: e.fields || {} });
      }
    };
    x.onerror = () => reject({ status: 0, message: t('err.network'), fields: {} });
    x.send(file);
  });
}

export function evidencePanel(ctx) {
  const body = h('div', { id: 'evidence-body' });
  const summary = h('p', { class: 'panel-summary', id: 'evidence-summary', role: 'status' });
  const el = panel('evidence', t('ev.title'), summary, body);
  const status = h('p', { class: 'ev-status', id: 'ev-status', role: 'status', 'aria-live': 'polite' });
  const progress = h('progress', { id: 'ev-progress', max: '100', value: '0', hidden: true, 'aria-label': t('ev.progress') });
  let items = [];
  const open = new Set();

  async function load() {
    const r = await api.get(`${ctx.base}/evidence`);
    items = r.items;
    draw();
  }

  async function changed(okText, focusId) {
    toast(okText);
    await load();
    ctx.changed('evidence');
    const f = focusId && document.getElementById(focusId);
    if (f) f.focus();
  }

  async function sendFiles(files, description) {
    for (const file of files) {
      progress.hidden = false;
      progress.value = 0;
      status.textContent = t('ev.uploading', { name: file.name });
      try {
        const ev = await upload(ctx.base, file, description, (done, total) => {
          progress.value = Math.floor((done * 100) / total);
        });
        status.textContent = t('ev.uploaded', { name: ev.name, sha256: ev.sha256 });
        await changed(t('ev.uploaded_toast', { name: ev.name }));
      } catch (e) {
        if (e.status === 401) return;
        const detail = Object.values(e.fields || {})[0];
        status.textContent = `${t('ev.upload_failed', { name: file.name })} ${detail || e.message}`;
      } finally {
        progress.hidden = true;
      }
    }
  }

  function copyButton(text, label) {
    return h('button', {
      type: 'button', class: 'btn btn-small btn-quiet ev-copy', 'aria-label': label,
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(text);
          toast(t('ev.copied'));
        } catch {
          toast(t('ev.copy_failed'));
        }
      },
    }, t('ev.copy'));
  }

  function eventRow(e) {
    return h('li', { class: 'ev-event' },
      h('span', { class: 'ev-action', text: t(`ev.action.${e.action}`) }), ' ',
      timeEl(e.at), ' ',
      h('span', { class: 'ev-parties', text: `${e.from || '—'} → ${e.to || '—'}` }),
      e.location ? h('span', { class: 'ev-location', text: ` @ ${e.location}` }) : null,
      e.reason ? h('span', { class: 'ev-reason', text: ` (${e.reason})` }) : null);
  }

  function custodyForm(item) {
    const id = `ev-${item.id}-cust`;
    const action = h('select', { name: 'action', value: 'handover' },
      ACTIONS.map((a) => h('option', { value: a, text: t(`ev.action.${a}`) })));
    const map = {
      action: field({ label: t('ev.action'), control: action, required: true, id: `${id}-action` }),
      to: field({ label: t('ev.to'), control: h('input', { type: 'text', name: 'to', maxlength: '200' }), id: `${id}-to`, hint: t('ev.to_hint') }),
      location: field({ label: t('ev.location'), control: h('input', { type: 'text', name: 'location', maxlength: '4000' }), id: `${id}-location` }),
      reason: field({ label: t('ev.reason'), control: h('input', { type: 'text', name: 'reason', maxlength: '4000' }), id: `${id}-reason` }),
    };
    const errors = errorSlot();
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: `${id}-submit`, text: t('ev.record_event') });
    const form = h('form', { class: 'panel-form ev-custody-form', id, novalidate: true, 'aria-label': t('ev.record_event_of', { name: item.name }) },
      errors, h('div', { class: 'form-grid' }, map.action, map.to, map.location, map.reason), submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      errors.show(null);
      showErrors(map, {});
      const v = readForm(form);
      const bodyJson = { action: v.action };
      for (const k of ['to', 'location', 'reason']) if (v[k] && v[k].trim()) bodyJson[k] = v[k].trim();
      submit.disabled = true;
      try {
        await api.post(`/api/v1/evidence/${item.id}/custody`, bodyJson);
        open.add(item.id);
        await changed(t('ev.event_recorded', { name: item.name }), `${id}-action`);
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

  function custody(item) {
    const list = h('ol', { class: 'ev-events', id: `ev-${item.id}-events` }, h('li', { text: t('ev.loading') }));
    const details = h('details', { class: 'ev-custody', id: `ev-${item.id}-custody`, open: open.has(item.id) },
      h('summary', { text: t('ev.custody_of', { n: item.custody_count }) }), list,
      can('update') && item.state !== 'disposed' ? custodyForm(item) : null);
    const fill = async () => {
      try {
        const r = await api.get(`/api/v1/evidence/${item.id}/custody`);
        replace(list, r.items.map(eventRow));
      } catch (e) {
        replace(list, h('li', { text: e.message }));
      }
    };
    details.addEventListener('toggle', () => {
      if (details.open) {
        open.add(item.id);
        fill();
      } else open.delete(item.id);
    });
    if (details.open) fill();
    return details;
  }

  function row(item) {
    const sha = item.sha256;
    return h('li', { class: ['ev-item', `ev-${item.state}`], id: `ev-${item.id}` },
      h('div', { class: 'ev-head' },
        h('span', { class: 'ev-name', text: item.name }),
        h('span', { class: 'ev-state', text: t(`ev.state.${item.state}`) }),
        item.has_content ? h('a', {
          class: 'btn btn-small', id: `ev-${item.id}-download`, href: `/api/v1/evidence/${item.id}/content`,
          download: item.name, 'aria-label': t('ev.download_of', { name: item.name }),
        }, t('ev.download')) : null),
      h('dl', { class: 'ev-meta' },
        item.has_content ? [
          h('dt', { text: t('ev.size') }), h('dd', { text: size(item.size) }),
          h('dt', { text: 'SHA-256' }), h('dd', { class: 'ev-sha' },
            h('code', { class: 'ev-hash', id: `ev-${item.id}-sha256`, text: sha }), ' ',
            copyButton(sha, t('ev.copy_sha_of', { name: item.name }))),
          h('dt', { text: t('ev.media_type') }), h('dd', { text: item.media_type || '' }),
        ] : [h('dt', { text: t('ev.location') }), h('dd', { text: item.location || t('ev.no_file') })],
        h('dt', { text: t('ev.acquired') }), h('dd', {}, timeEl(item.acquired_at), ' ', item.acquired_by || ''),
        item.original_name ? [h('dt', { text: t('ev.original_name') }), h('dd', { text: item.original_name })] : null,
        item.description ? [h('dt', { text: t('ev.description') }), h('dd', { text: item.description })] : null),
      custody(item));
  }

  function dropZone() {
    const input = h('input', { type: 'file', id: 'ev-file', name: 'file', multiple: true, class: 'ev-file' });
    const desc = h('input', { type: 'text', id: 'ev-desc', name: 'description', maxlength: '4000' });
    const zone = h('div', { class: 'ev-drop', id: 'ev-drop' },
      h('p', { class: 'ev-drop-text', text: t('ev.drop_here') }),
      field({ label: t('ev.choose_file'), control: input, id: 'ev-file' }),
      field({ label: t('ev.description'), control: desc, id: 'ev-desc', hint: t('ev.description_hint') }),
      progress, status);
    input.addEventListener('change', async () => {
      const files = [...input.files];
      if (!files.length) return;
      await sendFiles(files, desc.value.trim());
      input.value = '';
    });
    // The whole panel takes a drop, not only the box.
    const over = (e) => {
      if (!e.dataTransfer || ![...e.dataTransfer.types].includes('Files')) return;
      e.preventDefault();
      zone.classList.add('ev-drop-over');
    };
    el.addEventListener('dragenter', over);
    el.addEventListener('dragover', over);
    el.addEventListener('dragleave', (e) => {
      if (!el.contains(e.relatedTarget)) zone.classList.remove('ev-drop-over');
    });
    el.addEventListener('drop', (e) => {
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      e.preventDefault();
      zone.classList.remove('ev-drop-over');
      sendFiles([...e.dataTransfer.files], desc.value.trim());
    });
    return zone;
  }

  function physicalForm() {
    const map = {
      name: field({ label: t('ev.name'), control: h('input', { type: 'text', name: 'name', maxlength: '200' }), required: true, id: 'ev-phys-name' }),
      location: field({ label: t('ev.location'), control: h('input', { type: 'text', name: 'location', maxlength: '4000' }), id: 'ev-phys-location', hint: t('ev.location_hint') }),
      description: field({ label: t('ev.description'), control: h('input', { type: 'text', name: 'description', maxlength: '4000' }), id: 'ev-phys-description' }),
    };
    const errors = errorSlot();
    const submit = h('button', { type: 'submit', class: 'btn', id: 'ev-phys-submit', text: t('ev.record_physical') });
    const form = h('form', { class: 'panel-form', id: 'ev-phys', novalidate: true },
      errors, h('div', { class: 'form-grid' }, map.name, map.location, map.description), submit);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.show(null);
      showErrors(map, {});
      const v = readForm(form);
      if (!v.name.trim()) {
        map.name.setError(t('form.required_msg'));
        errors.show(t('form.fix_errors'));
        map.name.control.focus();
        return;
      }
      const bodyJson = { name: v.name.trim() };
      for (const k of ['location', 'description']) if (v[k].trim()) bodyJson[k] = v[k].trim();
      submit.disabled = true;
      try {
        await api.post(`${ctx.base}/evidence`, bodyJson);
        await changed(t('ev.recorded_toast', { name: bodyJson.name }), 'ev-phys-name');
      } catch (ex) {
        if (ex.status === 401) return;
        errors.show(formMessage(ex));
        const first = showErrors(map, ex.fields);
        if (first) first.focus();
      } finally {
        submit.disabled = false;
      }
    });
    return h('details', { class: 'ev-physical', id: 'ev-physical' },
      h('summary', { text: t('ev.physical_title') }), h('p', { class: 'hint', text: t('ev.physical_hint') }), form);
  }

  let zone = null;
  let phys = null;

  function draw() {
    const n = items.length;
    summary.textContent = n ? t('ev.summary', { n }) : t('ev.none');
    if (can('update') && !zone) {
      zone = dropZone();
      phys = physicalForm();
    }
    replace(body,
      n ? h('ul', { class: 'ev-list', 'aria-label': t('ev.list') }, items.map(row)) : null,
      zone, phys);
  }

  return { el, load };
}
