// Browser code: the Playground. One base model and any number of its adapters answer the same
// prompt side by side, each streamed from /v1/completions or /v1/chat/completions (SSE over fetch).
export const PLAYGROUND_JS = String.raw`
const SOFT_PROMPT_METHODS = ['prompt-tuning', 'p-tuning', 'prefix-tuning'];

function viewPlayground(main, ctx) {
  const preset = Object.fromEntries(new URLSearchParams(ctx.query));
  const setupSlot = h('div', null, h('p', { class: 'muted', text: 'Loading models…' }));
  const infoSlot = h('div');
  const panes = h('div', { class: 'panes', 'data-testid': 'panes' });
  main.append(pageHead('Playground', 'Compare a base model with its adapters on the same prompt, streamed side by side.'),
    h('div', { class: 'grid sidebar-right' }, card('Prompt', setupSlot, { testid: 'playground-card' }), card('Prompt format', infoSlot, { testid: 'prompt-info' })),
    panes);

  Promise.all([loadModels(true), loadAdapters(true)]).then(([models, adapters]) => {
    const bases = models.filter((m) => m.kind === 'base');
    const wanted = preset.adapter ? preset.adapter.split('@')[0] : null;
    const wantedBase = (adapters.find((a) => a.name === wanted) || {}).base_model;
    const base = select(bases.map((m) => m.id), wantedBase || (bases[0] && bases[0].id), { 'data-testid': 'pg-base' });
    const list = h('div', { class: 'checklist', role: 'group', 'aria-label': 'Adapters to compare' });
    const refs = {};
    const renderList = () => {
      clear(list);
      const mine = adapters.filter((a) => a.base_model === base.value);
      if (!mine.length) list.append(h('p', { class: 'empty', text: 'No adapters for this base model yet.' }));
      for (const a of mine) {
        const opts = [{ value: a.name, label: 'default (' + (a.traffic ? 'split' : 'latest') + ')' }]
          .concat(Object.keys(a.aliases).sort().map((al) => ({ value: a.name + '@' + al, label: '@' + al + ' → v' + a.aliases[al] })))
          .concat(a.versions.map((v) => ({ value: a.name + '@' + v.version, label: 'v' + v.version })));
        const presetRef = preset.adapter && preset.adapter.split('@')[0] === a.name ? preset.adapter : null;
        const box = h('input', { type: 'checkbox', checked: presetRef !== null || mine.length === 1, 'data-adapter': a.name });
        const ref = select(opts, presetRef && opts.some((o) => o.value === presetRef) ? presetRef : opts[0].value, { 'aria-label': 'Version of ' + a.name, class: 'small' });
        refs[a.name] = { box, ref, adapter: a };
        box.addEventListener('change', renderInfo);
        ref.addEventListener('change', renderInfo);
        const id = nextId('ad');
        box.id = id;
        list.append(h('div', { class: 'row' }, box, h('label', { for: id, text: a.name }), h('div', { class: 'field' }, ref)));
      }
      renderInfo();
    };
    const mode = select([{ value: 'completion', label: 'Completion (text)' }, { value: 'chat', label: 'Chat (messages)' }], 'completion', { 'data-testid': 'pg-mode' });
    const system = h('input', { type: 'text', placeholder: 'optional system message' });
    const systemField = field('System message', system);
    systemField.hidden = true;
    const prompt = h('textarea', { rows: 4, 'data-testid': 'pg-prompt', value: preset.prompt || 'The red ball number 3 is' });
    const maxTokens = h('input', { type: 'number', min: 1, max: 512, step: 1, value: '24' });
    const temperature = h('input', { type: 'number', min: 0, max: 2, step: 0.1, value: '0' });
    const seed = h('input', { type: 'number', step: 1, placeholder: 'random' });
    const run = h('button', { type: 'submit', class: 'primary', 'data-testid': 'pg-run' }, 'Generate');
    const stop = button('Stop', () => current && current.abort(), '', { disabled: true });
    let current = null;

    function renderInfo() {
      const chosen = Object.values(refs).filter((r) => r.box.checked);
      clear(infoSlot).append(
        kv([
          ['Mode', mode.value === 'chat' ? 'Chat: the messages are rendered with the base model\'s chat template (ChatML when the model folder defines none), then tokenized.' : 'Completion: the prompt is tokenized as written, no template.'],
          ['Request', h('code', { text: 'POST /v1/' + (mode.value === 'chat' ? 'chat/completions' : 'completions') + ' · stream: true' })],
        ]),
        chosen.length ? h('div', { class: 'stack' }, h('h3', { text: 'Adapters' }), chosen.map((r) => adapterInfo(r.adapter, r.ref.value))) : h('p', { class: 'muted small', text: 'Tick adapters to compare them with the base model.' }));
    }
    function adapterInfo(a, ref) {
      const at = ref.split('@')[1];
      const num = at === undefined ? null : /^\d+$/.test(at) ? Number(at) : a.aliases[at];
      const v = a.versions.find((x) => x.version === (num === null || num === undefined ? Math.max(...a.versions.map((y) => y.version)) : num)) || a.versions[0];
      const box = h('div', { class: 'small', 'data-testid': 'adapter-info' }, h('strong', null, ref + ': '), v ? v.method + (v.rank ? ', rank ' + v.rank : '') + ' (v' + v.version + ')' : '');
      if (v && SOFT_PROMPT_METHODS.includes(v.method)) {
        const soft = h('div', { class: 'muted' }, 'Soft prompt: learned virtual tokens are prepended to every input.');
        box.append(soft);
        if (v.source_job_id) api('/v1/fine_tuning/jobs/' + v.source_job_id).then((j) => {
          const c = j.method.config || {};
          soft.textContent = 'Soft prompt: ' + (c.num_virtual_tokens ?? 20) + ' virtual tokens ' + (v.method === 'prefix-tuning' ? 'of keys and values in every layer' : 'prepended to the input embeddings') + (v.method === 'p-tuning' ? ' (' + (c.encoder_reparameterization_type || 'MLP') + ' prompt encoder)' : '') + '.';
        }).catch(() => {});
      }
      return box;
    }

    function pane(title, cls, promptText) {
      const text = h('span', { class: 'out', 'data-testid': 'pane-text' });
      const served = h('span', { class: 'badge' }, 'waiting');
      const foot = h('div', { class: 'pane-foot' });
      const el = h('section', { class: 'pane ' + cls, 'aria-label': title, 'data-testid': 'pane-' + cls, 'data-model': title },
        h('div', { class: 'pane-head' }, h('span', { class: 'title', text: title }), served),
        h('div', { class: 'pane-body', 'aria-live': 'polite' }, h('span', { class: 'prompt', text: promptText }), text), foot);
      return { el, text, served, foot };
    }
    async function stream(model, p, body, signal) {
      const started = performance.now();
      let first = null;
      let chunks = 0;
      let finish = null;
      try {
        const res = await request(mode.value === 'chat' ? '/v1/chat/completions' : '/v1/completions', { json: Object.assign({ model, stream: true }, body), signal });
        const servedBy = res.headers.get('x-edgetune-adapter');
        p.served.textContent = servedBy === 'none' ? 'base' : servedBy || 'streaming';
        p.served.className = 'badge running';
        for await (const m of readSse(res)) {
          if (m.data === '[DONE]') break;
          const d = JSON.parse(m.data);
          if (m.event === 'error' || d.error) throw new Error((d.error && d.error.message) || 'generation failed');
          const c = d.choices && d.choices[0];
          if (!c) continue;
          const piece = c.delta ? c.delta.content : c.text;
          if (piece) {
            if (first === null) first = performance.now();
            chunks++;
            p.text.append(piece);
          }
          if (c.finish_reason) finish = c.finish_reason;
        }
        p.served.className = 'badge succeeded';
        p.el.setAttribute('data-done', 'true');
        const ms = performance.now() - started;
        clear(p.foot).append(h('span', null, chunks + ' chunks'), h('span', null, 'first token ' + Math.round((first || performance.now()) - started) + ' ms'), h('span', null, 'total ' + Math.round(ms) + ' ms'), finish ? h('span', null, 'finish: ' + finish) : null);
      } catch (e) {
        p.served.className = 'badge error';
        p.served.textContent = signal.aborted ? 'stopped' : 'error';
        p.el.setAttribute('data-done', 'true');
        if (!signal.aborted) clear(p.foot).append(h('span', { class: 'error', role: 'alert' }, errorText(e)));
      }
    }

    const form = h('form', { class: 'stack', 'aria-label': 'Playground', onsubmit: async (e) => {
      e.preventDefault();
      if (current) current.abort();
      const abort = new AbortController();
      current = abort;
      ctx.signal.addEventListener('abort', () => abort.abort(), { once: true });
      const chosen = Object.values(refs).filter((r) => r.box.checked).map((r) => r.ref.value);
      const body = { max_tokens: Number(maxTokens.value) || 16, temperature: Number(temperature.value) || 0 };
      if (seed.value !== '') body.seed = Number(seed.value);
      const msgs = [];
      if (system.value.trim()) msgs.push({ role: 'system', content: system.value });
      msgs.push({ role: 'user', content: prompt.value });
      if (mode.value === 'chat') body.messages = msgs; else body.prompt = prompt.value;
      const shown = mode.value === 'chat' ? '' : prompt.value;
      const targets = [{ model: base.value, cls: 'base' }].concat(chosen.map((c) => ({ model: base.value + ':' + c, cls: 'adapter' })));
      clear(panes);
      const ps = targets.map((t) => { const p = pane(t.model, t.cls, shown); panes.append(p.el); return [t.model, p]; });
      run.disabled = true;
      stop.disabled = false;
      // all at once: the engine batches rows with different adapters together
      await Promise.all(ps.map(([m, p]) => stream(m, p, body, abort.signal)));
      run.disabled = false;
      stop.disabled = true;
      if (current === abort) current = null;
    } },
    h('div', { class: 'fields' }, field('Base model', base), field('Mode', mode)),
    h('div', { class: 'field' }, h('span', { class: 'field-label' }, 'Adapters'), list),
    systemField,
    field('Prompt', prompt, null, { wide: true }),
    h('div', { class: 'fields' }, field('max_tokens', maxTokens), field('temperature', temperature, '0 is greedy'), field('seed', seed)),
    h('div', { class: 'row' }, run, stop));
    base.addEventListener('change', renderList);
    mode.addEventListener('change', () => { systemField.hidden = mode.value !== 'chat'; renderInfo(); });
    clear(setupSlot).append(form);
    renderList();
  }).catch((e) => clear(setupSlot).append(notice(errorText(e), 'error')));
}
`;
