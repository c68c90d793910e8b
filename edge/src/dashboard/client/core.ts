// Browser code, shipped as text (see ../README.md): DOM helpers, the API client (key from
// sessionStorage), an SSE reader over fetch (EventSource cannot send an Authorization header),
// formatting, and small UI pieces every view uses. No backticks or template placeholders in here:
// this file is itself a template literal.
export const CORE_JS = String.raw`
const KEY_STORAGE = 'edgetune.apiKey';
const getKey = () => sessionStorage.getItem(KEY_STORAGE) || '';
const setKey = (k) => (k ? sessionStorage.setItem(KEY_STORAGE, k) : sessionStorage.removeItem(KEY_STORAGE));

let uid = 0;
const nextId = (p) => (p || 'f') + '-' + (++uid);

/** h('div', {class, text, onclick, ...attributes}, ...children); value/checked are set after the children. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  const late = {};
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'value' || k === 'checked') late[k] = v;
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  // defaults too, so form.reset() returns to these values
  if ('value' in late) {
    if (tag === 'select') for (const o of el.options) o.defaultSelected = o.value === String(late.value);
    else el.defaultValue = late.value;
    el.value = late.value;
  }
  if ('checked' in late) el.defaultChecked = el.checked = !!late.checked;
  return el;
}
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const SVG_NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  return append(el, children);
}
function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// ---- the API ----
class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || ('HTTP ' + status));
    this.status = status;
    this.code = e.code || null;
    this.param = e.param || null;
    this.line = e.line || null;
  }
}
const authHeaders = (extra) => Object.assign({ authorization: 'Bearer ' + getKey() }, extra || {});

async function request(path, opts) {
  opts = opts || {};
  const headers = authHeaders(opts.headers);
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await fetch(path, { method: opts.method || (body === undefined ? 'GET' : 'POST'), headers, body, signal: opts.signal });
  if (!res.ok) {
    let data = null;
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    if (res.status === 401 && !opts.noAuthRedirect) onUnauthorized();
    throw new ApiError(res.status, data);
  }
  return res;
}
async function api(path, opts) {
  const res = await request(path, opts);
  return res.status === 204 ? null : res.json();
}

/** Server-Sent Events from a fetch Response: yields {event, data, id}. */
async function* readSse(res) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let ev = { event: 'message', data: [], id: null };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      let line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (ev.data.length) yield { event: ev.event, data: ev.data.join('\n'), id: ev.id };
        ev = { event: 'message', data: [], id: null };
        continue;
      }
      if (line.startsWith(':')) continue;
      const c = line.indexOf(':');
      const field = c < 0 ? line : line.slice(0, c);
      let val = c < 0 ? '' : line.slice(c + 1);
      if (val.startsWith(' ')) val = val.slice(1);
      if (field === 'data') ev.data.push(val);
      else if (field === 'event') ev.event = val;
      else if (field === 'id') ev.id = val;
    }
  }
}

// Lists every view needs; refreshed when a view changes them.
const cache = {};
async function cached(name, load, fresh) {
  if (fresh || !cache[name]) cache[name] = load().catch((e) => { delete cache[name]; throw e; });
  return cache[name];
}
const loadModels = (fresh) => cached('models', () => api('/v1/models').then((r) => r.data), fresh);
const loadMethods = (fresh) => cached('methods', () => api('/v1/methods').then((r) => r.data), fresh);
const loadDatasets = (fresh) => cached('datasets', () => api('/v1/datasets?limit=100').then((r) => r.data), fresh);
const loadAdapters = (fresh) => cached('adapters', () => api('/v1/adapters').then((r) => r.data), fresh);

// ---- formatting ----
function fmtBytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
}
const fmtTime = (sec) => (sec ? new Date(sec * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '');
const fmtClock = (sec) => (sec ? new Date(sec * 1000).toLocaleTimeString(undefined, { hour12: false }) : '');
function fmtNum(v) {
  if (typeof v !== 'number' || !isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString();
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}
const fmtCount = (n) => (typeof n === 'number' ? n.toLocaleString() : '');
const TERMINAL = ['succeeded', 'failed', 'cancelled'];

// ---- UI pieces ----
function pageHead(title, subtitle, actions, crumbs) {
  return h('header', { class: 'page-head' },
    h('div', null, crumbs ? h('div', { class: 'crumbs' }, crumbs) : null, h('h1', { id: 'page-title', tabindex: '-1', text: title }), subtitle ? h('p', { text: subtitle }) : null),
    actions ? h('div', { class: 'row' }, actions) : null);
}
function card(title, body, opts) {
  opts = opts || {};
  const id = nextId('card');
  return h('section', { class: 'card ' + (opts.class || ''), 'aria-labelledby': id, 'data-testid': opts.testid },
    h('div', { class: 'card-head' }, h('div', null, h('h2', { id, text: title }), opts.sub ? h('div', { class: 'sub', text: opts.sub }) : null), opts.actions ? h('div', { class: 'row' }, opts.actions) : null),
    body);
}
/** A labelled control: field('Name', input, 'hint'). */
function field(label, control, hint, opts) {
  opts = opts || {};
  if (!control.id) control.id = nextId('in');
  const hintEl = hint ? h('div', { class: 'hint', id: control.id + '-hint', text: hint }) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const isCheck = control.type === 'checkbox';
  return h('div', { class: 'field' + (isCheck ? ' check' : '') + (opts.wide ? ' wide' : '') },
    isCheck ? control : null, h('label', { for: control.id, text: label }), isCheck ? null : control, hintEl);
}
function select(options, value, props) {
  return h('select', Object.assign({ value }, props || {}), options.map((o) => (typeof o === 'string' ? h('option', { value: o, text: o }) : h('option', { value: o.value, text: o.label }))));
}
function button(text, onclick, cls, props) {
  return h('button', Object.assign({ type: 'button', class: cls || '', onclick }, props || {}), text);
}
/** A delete button that asks once more in place (no window.confirm: keyboard and test friendly). */
function dangerButton(text, confirmText, action, props) {
  let armed = false;
  let timer = null;
  const b = button(text, async () => {
    if (!armed) {
      armed = true;
      b.textContent = confirmText;
      b.classList.add('confirm');
      timer = setTimeout(() => { armed = false; b.textContent = text; b.classList.remove('confirm'); }, 4000);
      return;
    }
    clearTimeout(timer);
    b.disabled = true;
    try { await action(); } catch (e) { toast(e.message, 'error'); b.disabled = false; }
  }, 'danger small', props);
  return b;
}
function badge(status, cls) {
  return h('span', { class: 'badge ' + (cls || status), text: String(status).replace(/_/g, ' ') });
}
function notice(text, kind, props) {
  return h('p', Object.assign({ class: 'notice ' + (kind || ''), role: kind === 'error' ? 'alert' : null }, props || {}), text);
}
function errorText(e) {
  if (!(e instanceof ApiError)) return e.message || String(e);
  return e.message + (e.param ? ' (' + e.param + ')' : '') + (e.line ? ' at line ' + e.line : '');
}
function toast(text, kind) {
  const t = h('div', { class: 'toast ' + (kind || ''), text });
  document.getElementById('toasts').append(t);
  setTimeout(() => t.remove(), 3500);
}
function table(columns, rows, opts) {
  opts = opts || {};
  if (!rows.length) return h('p', { class: 'empty', text: opts.empty || 'Nothing yet.' });
  return h('div', { class: 'table-wrap' }, h('table', { class: opts.class || '', 'data-testid': opts.testid },
    opts.caption ? h('caption', { class: 'sr-only', text: opts.caption }) : null,
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : c.cls || '', text: c.label })))),
    h('tbody', null, rows.map((r) => {
      const tr = h('tr', { class: opts.selected && opts.selected(r) ? 'selected' : '' }, columns.map((c) => h('td', { class: c.num ? 'num' : c.cls || '' }, c.cell(r))));
      return tr;
    }))));
}
function stat(label, value, small) {
  return h('div', { class: 'stat' }, h('div', { class: 'label', text: label }), h('div', { class: 'value' + (small ? ' small' : '') }, value));
}
function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.filter((p) => p[1] !== null && p[1] !== undefined && p[1] !== '').map((p) => [h('dt', { text: p[0] }), h('dd', null, p[1])]));
}
/** Shows a one-time secret with a copy button. */
function secretBox(label, value) {
  const input = h('input', { type: 'text', readonly: true, value, class: 'mono' });
  return h('div', { class: 'secret notice warn' }, field(label + ' (shown once; copy it now)', input), h('div', null, button('Copy', () => { input.select(); navigator.clipboard && navigator.clipboard.writeText(value).catch(() => {}); toast('Copied'); }, 'small')));
}
`;
