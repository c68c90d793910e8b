// Browser code: the hash router, the key prompt and the session panel. Views get a context whose
// signal aborts (and whose timers stop) when the user navigates away.
export const APP_JS = String.raw`
const VIEWS = {
  datasets: { title: 'Datasets', render: viewDatasets },
  jobs: { title: 'Jobs', render: (main, ctx, rest) => (rest ? viewJob(main, ctx, rest) : viewJobs(main, ctx)) },
  compare: { title: 'Compare runs', nav: 'jobs', render: viewCompare },
  adapters: { title: 'Adapters', render: (main, ctx, rest) => (rest ? viewAdapter(main, ctx, decodeURIComponent(rest)) : viewAdapters(main, ctx)) },
  playground: { title: 'Playground', render: viewPlayground },
  webhooks: { title: 'Webhooks', render: viewWebhooks },
};
let active = null;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? '' : raw.slice(q + 1);
  const slash = path.indexOf('/');
  const view = (slash < 0 ? path : path.slice(0, slash)) || 'datasets';
  const rest = slash < 0 ? '' : path.slice(slash + 1);
  return { view: VIEWS[view] ? view : 'datasets', rest, query };
}

function makeContext(query) {
  const abort = new AbortController();
  const timers = new Set();
  return {
    query,
    signal: abort.signal,
    timeout(fn, ms) {
      if (abort.signal.aborted) return;
      const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
      timers.add(t);
    },
    close() {
      abort.abort();
      for (const t of timers) clearTimeout(t);
    },
  };
}

function route(focus) {
  if (active) active.close();
  active = null;
  const main = clear(document.getElementById('main'));
  renderSession();
  const { view, rest, query } = parseHash();
  for (const a of document.querySelectorAll('.nav a')) {
    if (a.dataset.view === (VIEWS[view].nav || view) && getKey()) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!getKey()) {
    document.title = 'Connect · edgetune';
    main.append(connectView());
    return;
  }
  const ctx = makeContext(query);
  active = ctx;
  document.title = VIEWS[view].title + ' · edgetune';
  try {
    VIEWS[view].render(main, ctx, rest);
  } catch (e) {
    main.append(notice(errorText(e), 'error'));
  }
  if (focus) {
    const t = document.getElementById('page-title');
    if (t) t.focus({ preventScroll: false });
  }
}

function connectView() {
  const key = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: 'et_…', required: true, 'data-testid': 'api-key' });
  const err = h('div');
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Connect');
  const form = h('form', { class: 'stack', 'aria-label': 'Connect', onsubmit: async (e) => {
    e.preventDefault();
    clear(err);
    const k = key.value.trim();
    submit.disabled = true;
    try {
      const res = await fetch('/v1/models', { headers: { authorization: 'Bearer ' + k } });
      if (!res.ok) {
        let body = null;
        try { body = await res.json(); } catch (x) { /* not JSON */ }
        throw new ApiError(res.status, body);
      }
      setKey(k);
      for (const n of Object.keys(cache)) delete cache[n];
      route(true);
    } catch (x) {
      err.append(notice(x.status === 401 ? 'That key was not accepted.' : errorText(x), 'error', { 'data-testid': 'connect-error' }));
      submit.disabled = false;
    }
  } },
  field('API key', key, 'Printed by npm start and kept in .edgetune/admin-key. It stays in this tab (sessionStorage) and is sent only to this server.'),
  h('div', { class: 'row' }, submit), err);
  setTimeout(() => key.focus(), 0);
  return h('div', { class: 'connect' }, pageHead('Connect to edgetune'), card('Sign in', form));
}

function renderSession() {
  const el = clear(document.getElementById('session'));
  const k = getKey();
  if (!k) { el.append(h('span', { text: 'Not connected' })); return; }
  const shown = k.length > 14 ? k.slice(0, 14) + '…' : k;
  el.append(h('span', null, 'Key ', h('span', { class: 'mono', text: shown })), button('Forget key', () => { setKey(''); route(true); }, 'small', { 'data-testid': 'forget-key' }));
}

function onUnauthorized() {
  setKey('');
  toast('The API key was refused; paste a key again.', 'error');
  route(true);
}

window.addEventListener('hashchange', () => route(true));
document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  const t = document.getElementById('page-title') || document.getElementById('main');
  t.focus();
});
route(false);
`;
