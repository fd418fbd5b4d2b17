// dom.js - building the page from data without ever parsing data as HTML.
//
// h('p', {class: 'x'}, 'text', child) creates elements; every string
// child becomes a text node, so whatever an incident says is shown as
// text (SPEC: all text inserted as text).  There is deliberately no way
// to pass markup.

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'required',
  'readOnly', 'multiple', 'open', 'hidden', 'indeterminate']);

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  let value;
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'value') value = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  // After the children: a <select>'s value needs its options.
  if (value !== undefined) el.value = String(value);
  return el;
}

export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

let uid = 0;
export function newId(prefix) {
  uid += 1;
  return `${prefix || 'id'}-${uid}`;
}
