// Browser code: the Jobs views. The create form's method fields are generated from each plugin's
// config JSON Schema (GET /v1/methods); a job page follows its events over SSE and redraws the
// loss curves from the metrics events.
export const JOBS_JS = String.raw`
// ---- a form from a JSON Schema (the subset zod's toJSONSchema writes for plugin configs) ----
function simpleType(p) {
  if (Array.isArray(p.enum)) return 'enum';
  if (p.type === 'integer' || p.type === 'number' || p.type === 'boolean' || p.type === 'string') return p.type;
  return null;
}
/** [type, nullable] of a property, or ['json', …] when no simple input fits. */
function classify(p) {
  if (p.const !== undefined) return ['const', false];
  const t = simpleType(p);
  if (t) return [t, false];
  if (Array.isArray(p.type) && p.type.length === 2 && p.type.includes('null')) {
    const other = p.type.find((x) => x !== 'null');
    if (['integer', 'number', 'string'].includes(other)) return [other, true];
  }
  if (Array.isArray(p.anyOf) && p.anyOf.length === 2) {
    const nul = p.anyOf.find((x) => x.type === 'null');
    const other = p.anyOf.find((x) => x.type !== 'null');
    const t2 = nul && other && simpleType(other);
    if (t2 && t2 !== 'boolean') return [t2, true, other];
  }
  return ['json', false];
}
const sameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Inputs for every property; read() returns only the values that differ from the defaults. */
function schemaForm(schema, prefix) {
  const props = (schema && schema.properties) || {};
  const main = [];
  const more = [];
  const readers = [];
  for (const [name, p] of Object.entries(props)) {
    const [type, nullable, inner] = classify(p);
    const spec = inner || p;
    const def = p.default;
    let input;
    let read;
    const id = prefix + '-' + name;
    if (type === 'const') {
      input = h('input', { type: 'text', id, name, readonly: true, value: JSON.stringify(p.const), class: 'mono' });
      read = () => undefined;
    } else if (type === 'boolean') {
      input = h('input', { type: 'checkbox', id, name, checked: def === true });
      read = () => input.checked;
    } else if (type === 'enum') {
      input = select(spec.enum.map(String), def === undefined || def === null ? spec.enum[0] : String(def), { id, name });
      read = () => spec.enum.find((v) => String(v) === input.value);
    } else if (type === 'integer' || type === 'number') {
      const min = spec.minimum ?? (spec.exclusiveMinimum !== undefined ? (type === 'integer' ? spec.exclusiveMinimum + 1 : undefined) : undefined);
      input = h('input', { type: 'number', id, name, step: type === 'integer' ? '1' : 'any', min, max: spec.maximum !== undefined && spec.maximum < 1e15 ? spec.maximum : undefined,
        value: def === null || def === undefined ? '' : String(def), placeholder: nullable ? 'auto (null)' : '' });
      read = () => (input.value === '' ? (nullable ? null : def) : Number(input.value));
    } else if (type === 'string') {
      input = h('input', { type: 'text', id, name, value: def === null || def === undefined ? '' : String(def), placeholder: nullable ? 'null' : '' });
      read = () => (input.value === '' && nullable ? null : input.value);
    } else {
      input = h('input', { type: 'text', id, name, class: 'mono', value: def === undefined ? '' : JSON.stringify(def), placeholder: 'JSON' });
      read = () => {
        if (input.value.trim() === '') return def;
        try { return JSON.parse(input.value); } catch (e) { throw new Error(name + ': not valid JSON'); }
      };
    }
    const hint = [p.description, type === 'json' ? 'JSON' : null].filter(Boolean).join(' · ');
    (p.description && type !== 'const' ? main : more).push(field(name, input, hint || null));
    readers.push([name, read, def, input]);
  }
  const el = h('div', { class: 'stack' },
    main.length ? h('div', { class: 'fields' }, main) : null,
    more.length ? h('details', null, h('summary', null, 'More options (' + more.length + ')'), h('div', { class: 'fields' }, more)) : null,
    !main.length && !more.length ? h('p', { class: 'muted small', text: 'This method has no options.' }) : null);
  return {
    el,
    read() {
      const out = {};
      for (const [name, read, def] of readers) {
        const v = read();
        if (v !== undefined && !sameJson(v, def)) out[name] = v;
      }
      return out;
    },
    markInvalid(name) {
      const r = readers.find((x) => x[0] === name);
      if (r) { r[3].setAttribute('aria-invalid', 'true'); r[3].focus(); }
    },
  };
}

// ---- the job list and create form ----
function jobForm(ctx, preset) {
  const slot = h('div', null, h('p', { class: 'muted', text: 'Loading models, datasets and methods…' }));
  Promise.all([loadModels(), loadDatasets(true), loadMethods()]).then(([models, datasets, methods]) => {
    const bases = models.filter((m) => m.kind === 'base');
    const model = select(bases.map((m) => m.id), bases[0] && bases[0].id, { name: 'model' });
    const training = select(datasets.map((d) => ({ value: d.id, label: d.name + ' · ' + fmtCount(d.records) + ' records' })), preset.training_file || (datasets[0] && datasets[0].id), { name: 'training_file' });
    const validation = select([{ value: '', label: 'none' }].concat(datasets.map((d) => ({ value: d.id, label: d.name + ' · ' + fmtCount(d.records) + ' records' }))), '', { name: 'validation_file' });
    const suffix = h('input', { type: 'text', name: 'suffix', placeholder: 'ft-<job id>', pattern: '[a-z0-9][a-z0-9._\\-]{0,39}' });
    const method = select(methods.map((m) => ({ value: m.name, label: m.name + (m.peft_type ? ' (PEFT ' + m.peft_type + ')' : '') })), methods.some((m) => m.name === 'lora') ? 'lora' : methods[0] && methods[0].name, { name: 'method' });
    const methodDesc = h('span', { 'data-testid': 'method-description' });
    method.id = nextId('method');
    method.setAttribute('aria-describedby', 'method-hint');
    const methodSet = h('fieldset', { 'data-testid': 'method-config' });
    let cfg = null;
    let jsonCfg = null;
    const renderMethod = () => {
      const m = methods.find((x) => x.name === method.value);
      methodDesc.textContent = m ? m.description : '';
      clear(methodSet).append(h('legend', null, 'Method options · ' + method.value));
      if (m && m.config_schema) {
        cfg = schemaForm(m.config_schema, 'cfg-' + m.name);
        jsonCfg = null;
        methodSet.append(cfg.el);
      } else {
        cfg = null;
        jsonCfg = h('textarea', { class: 'mono', rows: 3, value: '{}' });
        methodSet.append(field('config (JSON)', jsonCfg, 'This deployment does not describe the method\'s options; they are validated when the job is created.'));
      }
    };
    method.addEventListener('change', renderMethod);
    renderMethod();

    const num = (name, props) => h('input', Object.assign({ type: 'number', name, step: 'any' }, props));
    const steps = num('steps', { min: 1, step: 1, value: preset.steps || '', placeholder: 'from epochs' });
    const epochs = num('n_epochs', { min: 1, step: 1, placeholder: 'auto' });
    const batch = num('batch_size', { min: 1, step: 1, placeholder: 'auto' });
    const lr = num('learning_rate', { min: 0, placeholder: 'auto (2e-4)' });
    const seqLen = num('seq_len', { min: 8, step: 1, placeholder: 'model default' });
    const warmup = num('warmup_steps', { min: 0, step: 1, placeholder: '0' });
    const sched = select([{ value: '', label: 'default' }, 'constant', 'linear', 'cosine'], '', { name: 'lr_scheduler' });
    const seed = num('seed', { min: 0, step: 1, placeholder: 'random' });
    const errSlot = h('div');
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Start training');
    const form = h('form', { class: 'stack', 'aria-label': 'New fine-tuning job', 'data-testid': 'job-form', onsubmit: async (e) => {
      e.preventDefault();
      clear(errSlot);
      let body;
      try {
        const hp = {};
        const put = (k, input) => { if (input.value !== '') hp[k] = Number(input.value); };
        put('steps', steps); put('n_epochs', epochs); put('batch_size', batch); put('learning_rate', lr); put('seq_len', seqLen); put('warmup_steps', warmup);
        if (sched.value) hp.lr_scheduler = sched.value;
        body = { model: model.value, training_file: training.value, method: { type: method.value, config: cfg ? cfg.read() : JSON.parse(jsonCfg.value || '{}') }, hyperparameters: hp };
        if (validation.value) body.validation_file = validation.value;
        if (suffix.value.trim()) body.suffix = suffix.value.trim();
        if (seed.value !== '') body.seed = Number(seed.value);
      } catch (err) {
        errSlot.append(notice(err.message, 'error'));
        return;
      }
      submit.disabled = true;
      try {
        const job = await api('/v1/fine_tuning/jobs', { json: body });
        toast('Job ' + job.id + ' created');
        location.hash = '#/jobs/' + job.id;
      } catch (err) {
        errSlot.append(notice(errorText(err), 'error', { 'data-testid': 'job-error' }));
        const m = err.param && /^method\.config\.([^.]+)/.exec(err.param);
        if (m && cfg) cfg.markInvalid(m[1]);
      } finally {
        submit.disabled = false;
      }
    } },
    h('div', { class: 'fields' },
      field('Base model', model),
      field('Training file', training),
      field('Validation file', validation),
      field('Adapter name (suffix)', suffix, 'Jobs with the same name add versions to one adapter')),
    h('div', { class: 'fields' }, h('div', { class: 'field wide' }, h('label', { for: method.id, text: 'Method' }), h('div', { class: 'row' }, method, h('span', { class: 'hint', id: 'method-hint' }, methodDesc)))),
    methodSet,
    h('fieldset', null, h('legend', null, 'Hyperparameters'),
      h('div', { class: 'fields' },
        field('steps', steps, 'Optimizer steps; wins over epochs'), field('n_epochs', epochs), field('batch_size', batch), field('learning_rate', lr),
        field('seq_len', seqLen), field('warmup_steps', warmup), field('lr_scheduler', sched), field('seed', seed))),
    errSlot,
    h('div', { class: 'row' }, submit, datasets.length ? null : h('span', { class: 'muted' }, 'Upload a dataset first: ', h('a', { href: '#/datasets' }, 'Datasets'))));
    clear(slot).append(form);
  }).catch((e) => clear(slot).append(notice(errorText(e), 'error')));
  return slot;
}

function progressText(j) {
  const p = j.progress;
  if (p && p.step !== undefined && p.total_steps) return p.step + ' / ' + p.total_steps;
  return '';
}

function viewJobs(main, ctx) {
  const listSlot = h('div', null, h('p', { class: 'muted', text: 'Loading…' }));
  const preset = Object.fromEntries(new URLSearchParams(ctx.query));
  // runs picked for the Compare view; kept across the list's refreshes
  const picked = new Set();
  const pickedNote = h('span', { class: 'muted small', 'aria-live': 'polite', 'data-testid': 'compare-count' });
  const compare = button('Compare selected', () => { if (picked.size >= 2) location.hash = '#/compare/' + [...picked].map(encodeURIComponent).join(','); }, 'primary', { 'data-testid': 'compare-button' });
  const renderPicked = () => {
    compare.disabled = picked.size < 2;
    pickedNote.textContent = picked.size ? picked.size + ' selected' + (picked.size < 2 ? ' · pick one more to compare' : '') : 'Tick two or more runs to compare their curves and final metrics';
  };
  renderPicked();
  main.append(pageHead('Jobs', 'Fine-tuning jobs: pick a dataset and a method; the runner trains and publishes an adapter version.'),
    card('New fine-tuning job', jobForm(ctx, preset), { testid: 'new-job-card' }),
    card('Jobs', h('div', null, h('div', { class: 'compare-bar' }, pickedNote, compare), listSlot), { testid: 'jobs-card' }));
  const pickBox = (j) => h('input', { type: 'checkbox', checked: picked.has(j.id), 'data-compare': j.id, 'aria-label': 'Compare ' + (j.fine_tuned_model || j.suffix || j.id) + ' (' + j.id + ')',
    onchange: (e) => { if (e.target.checked) picked.add(j.id); else picked.delete(j.id); renderPicked(); } });
  const refresh = async () => {
    let jobs;
    try { jobs = (await api('/v1/fine_tuning/jobs?limit=50', { signal: ctx.signal })).data; } catch (e) { if (!ctx.signal.aborted) clear(listSlot).append(notice(errorText(e), 'error')); return; }
    // a refresh while a checkbox has focus gives the focus to the same job's new checkbox
    const focused = document.activeElement && listSlot.contains(document.activeElement) ? document.activeElement.getAttribute('data-compare') : null;
    clear(listSlot).append(table([
      { label: '', cls: 'pick', cell: pickBox },
      { label: 'Job', cell: (j) => h('a', { href: '#/jobs/' + j.id }, h('code', { text: j.id })) },
      { label: 'Status', cell: (j) => badge(j.status) },
      { label: 'Method', cell: (j) => j.method.type },
      { label: 'Model', cell: (j) => j.model },
      { label: 'Step', num: true, cell: progressText },
      { label: 'Adapter', cell: (j) => (j.fine_tuned_model ? h('a', { href: '#/adapters/' + encodeURIComponent(j.fine_tuned_model.split('@')[0]) }, j.fine_tuned_model) : j.suffix || '') },
      { label: 'Created', cell: (j) => fmtTime(j.created_at) },
    ], jobs, { testid: 'jobs-table', empty: 'No jobs yet.' }));
    if (focused) { const again = listSlot.querySelector('input[data-compare="' + focused + '"]'); if (again) again.focus(); }
    if (jobs.some((j) => !TERMINAL.includes(j.status))) ctx.timeout(refresh, 3000);
  };
  refresh();
}

// ---- several runs side by side: curves overlaid, final metrics in columns ----
/** A run's train and validation series from GET /v1/fine_tuning/jobs/:id/metrics (step, or the point's index when a runner sent none). */
function runSeries(m) {
  const pts = (list) => (list || []).map((p, i) => [typeof p.step === 'number' ? p.step : i + 1, p.value]);
  const vkey = Object.keys(m.series).find((k) => VALIDATION_KEY.test(k));
  return { train: pts(m.series.train_loss || m.series.loss), validation: vkey ? pts(m.series[vkey]) : [] };
}
function viewCompare(main, ctx, rest) {
  const ids = [...new Set(rest.split(',').map((x) => decodeURIComponent(x.trim())).filter(Boolean))];
  const title = pageHead('Compare runs', ids.length + ' runs: loss curves overlaid and final metrics side by side.', null, h('a', { href: '#/jobs' }, 'Jobs'));
  const chartSlot = h('div', null, h('p', { class: 'muted', text: 'Loading…' }));
  const tableSlot = h('div');
  main.append(title, card('Loss curves', chartSlot, { testid: 'compare-curves', sub: 'Train loss solid, validation loss dashed; one colour per run' }), card('Final metrics', tableSlot, { testid: 'compare-metrics' }));
  if (ids.length < 2) { clear(chartSlot).append(notice('Pick two or more runs in the Jobs list to compare them.', 'warn')); return; }
  const load = async () => {
    let runs;
    try {
      runs = await Promise.all(ids.map(async (id) => {
        const [job, metrics] = await Promise.all([api('/v1/fine_tuning/jobs/' + encodeURIComponent(id), { signal: ctx.signal }), api('/v1/fine_tuning/jobs/' + encodeURIComponent(id) + '/metrics', { signal: ctx.signal })]);
        return { id, job, metrics, series: runSeries(metrics) };
      }));
    } catch (e) {
      if (!ctx.signal.aborted) clear(chartSlot).append(notice(errorText(e), 'error'));
      return;
    }
    const series = [];
    runs.forEach((r, i) => {
      const common = { color: i, group: r.id, groupLabel: r.job.fine_tuned_model || r.job.suffix || r.job.method.type, groupSub: r.id };
      series.push(Object.assign({ key: 'run' + i + '-train', label: 'train', points: r.series.train }, common));
      if (r.series.validation.length) series.push(Object.assign({ key: 'run' + i + '-validation', label: 'validation', points: r.series.validation, dashed: true }, common));
    });
    clear(chartSlot).append(lossChart(series, { title: 'Loss by step, ' + runs.length + ' runs', placeholder: 'None of these runs has reported metrics yet' }));
    clear(tableSlot).append(compareTable(runs));
    const live = runs.some((r) => !TERMINAL.includes(r.job.status));
    chartSlot.setAttribute('data-finished', String(!live));
    if (live) ctx.timeout(load, 3000);
  };
  load();
}
const FINAL_ORDER = ['train_loss', 'first_loss', 'valid_loss', 'validation_loss', 'val_loss', 'eval_loss'];
const FINAL_LABEL = { train_loss: 'train loss', first_loss: 'first loss', valid_loss: 'validation loss', validation_loss: 'validation loss', val_loss: 'validation loss', eval_loss: 'validation loss' };
function compareTable(runs) {
  const finals = runs.map((r) => r.metrics.final || {});
  const keys = [...new Set(finals.flatMap((f) => Object.keys(f)))].sort((a, b) => {
    const ia = FINAL_ORDER.indexOf(a), ib = FINAL_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const hp = (r, k) => (r.metrics.config.hyperparameters || {})[k];
  const cfg = (r) => (r.metrics.config.method && r.metrics.config.method.config) || {};
  const show = (v) => (v === undefined || v === null ? '–' : typeof v === 'number' ? fmtNum(v) : String(v));
  const cell = (run, metric, v, cls) => h('td', { class: 'num' + (cls ? ' ' + cls : ''), 'data-run': run.id, 'data-metric': metric, 'data-value': v === undefined || v === null ? '' : String(v) }, show(v));
  const row = (label, metric, value, best) => {
    const vals = runs.map(value);
    // the lowest loss among the runs stands out
    const nums = vals.filter((v) => typeof v === 'number');
    const min = best && nums.length > 1 ? Math.min(...nums) : null;
    return h('tr', { 'data-metric': metric }, h('th', { scope: 'row', text: label }), runs.map((r, i) => cell(r, metric, vals[i], min !== null && vals[i] === min ? 'best' : '')));
  };
  const section = (label) => h('tr', { class: 'section' }, h('th', { scope: 'rowgroup', colspan: runs.length + 1, text: label }));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'compare-table', 'data-testid': 'compare-table' },
    h('caption', { class: 'sr-only', text: 'Final metrics and configuration, one column per run' }),
    h('thead', null, h('tr', null, h('th', { scope: 'col', text: 'Metric' }), runs.map((r, i) => h('th', { scope: 'col', class: 'num', 'data-run': r.id },
      h('span', { class: 'legend' }, h('span', { class: 'swatch c' + (i % 6), 'aria-hidden': 'true' }), ' ', h('a', { href: '#/jobs/' + r.id, text: r.job.fine_tuned_model || r.job.suffix || r.job.method.type })),
      h('span', { class: 'run-id mono', text: r.id }))))),
    h('tbody', null,
      section('Final metrics'),
      keys.length ? keys.map((k) => row(FINAL_LABEL[k] || k.replace(/_/g, ' '), k, (r) => (r.metrics.final || {})[k], /loss|perplexity/.test(k) && k !== 'first_loss')) : h('tr', null, h('td', { colspan: runs.length + 1, class: 'empty', text: 'No final metrics yet.' })),
      section('Run'),
      row('status', 'status', (r) => r.job.status),
      row('method', 'method', (r) => r.metrics.config.method.type),
      row('rank (r)', 'rank', (r) => cfg(r).r ?? cfg(r).rank),
      row('steps', 'steps', (r) => hp(r, 'steps') ?? (r.job.progress && r.job.progress.total_steps)),
      row('learning rate', 'learning_rate', (r) => hp(r, 'learning_rate')),
      row('batch size', 'batch_size', (r) => hp(r, 'batch_size')),
      row('seed', 'seed', (r) => r.metrics.config.seed),
      row('metrics points', 'points', (r) => r.series.train.length))));
}

// ---- one job: curves, events, checkpoints ----
const VALIDATION_KEY = /^(valid|validation|val|eval)[._]?loss$/;
function metricSeries(events, checkpoints) {
  const train = [];
  const valid = [];
  const seen = new Set();
  for (const e of events) {
    if (e.type !== 'metrics' || !e.data) continue;
    const step = e.data.step;
    if (typeof step !== 'number') continue;
    for (const [k, v] of Object.entries(e.data)) {
      if (typeof v !== 'number') continue;
      if (k === 'train_loss' || k === 'loss') train.push([step, v]);
      else if (VALIDATION_KEY.test(k)) { valid.push([step, v]); seen.add(step); }
    }
  }
  // validation losses the runner reported with checkpoints (at the end of a run, say)
  for (const c of checkpoints || []) {
    for (const [k, v] of Object.entries(c.metrics || {})) if (VALIDATION_KEY.test(k) && !seen.has(c.step_number)) { valid.push([c.step_number, v]); seen.add(c.step_number); }
  }
  valid.sort((a, b) => a[0] - b[0]);
  return [{ key: 'train', label: 'train loss', points: train }, { key: 'validation', label: 'validation loss', points: valid }];
}
function latestMetrics(events) {
  const out = {};
  for (const e of events) if (e.type === 'metrics' && e.data) Object.assign(out, e.data);
  return out;
}

function viewJob(main, ctx, id) {
  const events = [];
  let job = null;
  const title = pageHead('Job', null, null, h('a', { href: '#/jobs' }, 'Jobs'));
  const actions = h('div', { class: 'row' });
  title.append(actions);
  const statsSlot = h('div', { class: 'stats', 'data-testid': 'job-stats' });
  const chartSlot = h('div');
  const eventsList = h('ol', { 'data-testid': 'events-list' });
  const eventsBox = h('div', { class: 'events', tabindex: '0', role: 'log', 'aria-label': 'Job events' }, eventsList);
  const ckptSlot = h('div', null, h('p', { class: 'empty', text: 'No checkpoints yet.' }));
  const cfgSlot = h('div');
  main.append(title, statsSlot,
    card('Loss curves', chartSlot, { testid: 'curves-card', sub: 'From the job\'s metrics events, live over Server-Sent Events' }),
    h('div', { class: 'grid two' },
      card('Events', eventsBox, { testid: 'events-card' }),
      h('div', null, card('Checkpoints', ckptSlot, { testid: 'checkpoints-card' }), card('Configuration', cfgSlot))));

  let checkpoints = [];
  // the validation series shows when the job has a validation file or reported such a loss
  const renderChart = () => clear(chartSlot).append(lossChart(metricSeries(events, checkpoints).filter((x) => x.key === 'train' || x.points.length || (job && job.validation_file))));
  const renderStats = () => {
    if (!job) return;
    const m = latestMetrics(events);
    const p = job.progress || {};
    const pct = p.total_steps ? Math.round(((p.step || 0) / p.total_steps) * 100) : job.status === 'succeeded' ? 100 : 0;
    const vkey = Object.keys(m).find((k) => VALIDATION_KEY.test(k));
    clear(statsSlot).append(
      stat('Status', h('span', { 'data-testid': 'job-status' }, badge(job.status))),
      stat('Step', h('div', { class: 'progress' }, h('span', null, progressText(job) || '–'), h('progress', { max: 100, value: pct, 'aria-label': 'Training progress' }))),
      stat('Train loss', m.train_loss !== undefined ? fmtNum(m.train_loss) : '–'),
      stat('Validation loss', vkey ? fmtNum(m[vkey]) : '–'),
      stat('Learning rate', m.learning_rate !== undefined ? fmtNum(m.learning_rate) : '–'),
      stat('Trained tokens', job.trained_tokens ? fmtCount(job.trained_tokens) : '–'),
      stat('Adapter', job.fine_tuned_model ? h('a', { href: '#/adapters/' + encodeURIComponent(job.fine_tuned_model.split('@')[0]), 'data-testid': 'job-adapter' }, job.fine_tuned_model) : '–', true));
    // the buttons change only when the job finishes (a re-render would drop keyboard focus)
    const phase = TERMINAL.includes(job.status) ? 'finished' : 'live';
    if (actions.dataset.phase === phase) return renderConfig();
    actions.dataset.phase = phase;
    clear(actions);
    if (!TERMINAL.includes(job.status)) {
      actions.append(button('Cancel job', async (e) => {
        e.target.disabled = true;
        try { job = await api('/v1/fine_tuning/jobs/' + id + '/cancel', { method: 'POST' }); renderStats(); toast('Cancellation requested'); } catch (err) { toast(errorText(err), 'error'); e.target.disabled = false; }
      }, 'danger'));
    } else if (job.fine_tuned_model) {
      actions.append(h('a', { class: 'button', href: '#/playground?adapter=' + encodeURIComponent(job.fine_tuned_model) }, 'Try in playground'));
    }
    renderConfig();
  };
  const renderConfig = () => {
    clear(cfgSlot).append(kv([
      ['Model', job.model], ['Method', job.method.type], ['Method config', h('code', { text: JSON.stringify(job.method.config) })],
      ['Hyperparameters', h('code', { text: JSON.stringify(job.hyperparameters) })], ['Training file', h('code', { text: job.training_file })],
      ['Validation file', job.validation_file ? h('code', { text: job.validation_file }) : 'none'], ['Seed', String(job.seed)],
      ['Created', fmtTime(job.created_at)], ['Finished', fmtTime(job.finished_at)],
      ['Error', job.error ? job.error.code + ': ' + job.error.message : null]]));
  };
  const addEvent = (e) => {
    events.push(e);
    const stick = eventsBox.scrollTop + eventsBox.clientHeight >= eventsBox.scrollHeight - 8;
    eventsList.append(h('li', { class: e.level + ' ' + e.type }, h('span', { class: 'time', text: fmtClock(e.created_at) }), h('span', { class: 'msg', text: e.message })));
    if (stick) eventsBox.scrollTop = eventsBox.scrollHeight;
  };
  const loadJob = async () => {
    job = await api('/v1/fine_tuning/jobs/' + id, { signal: ctx.signal });
    title.querySelector('h1').textContent = 'Job ' + job.id;
    renderStats();
  };
  const loadCheckpoints = async () => {
    const list = (await api('/v1/fine_tuning/jobs/' + id + '/checkpoints', { signal: ctx.signal })).data;
    checkpoints = list;
    clear(ckptSlot).append(table([
      { label: 'Step', num: true, cell: (c) => fmtCount(c.step_number) },
      { label: 'Checkpoint', cell: (c) => h('code', { text: c.fine_tuned_model_checkpoint }) },
      { label: 'Metrics', cell: (c) => Object.entries(c.metrics).map(([k, v]) => h('div', { class: 'small' }, k + ' ', h('strong', null, fmtNum(v)))) },
      { label: 'Created', cell: (c) => fmtClock(c.created_at) },
    ], list, { testid: 'checkpoints-table', empty: 'No checkpoints yet.' }));
  };

  let lastId = null;
  let redraw = null;
  const follow = async () => {
    while (!ctx.signal.aborted) {
      try {
        const res = await request('/v1/fine_tuning/jobs/' + id + '/events?stream=true' + (lastId ? '&after=' + encodeURIComponent(lastId) : ''), { signal: ctx.signal, headers: { accept: 'text/event-stream' } });
        for await (const m of readSse(res)) {
          if (m.event === 'done') {
            if (m.data && m.data !== 'null') job = JSON.parse(m.data);
            renderStats();
            await loadCheckpoints().catch(() => {});
            renderChart();
            chartSlot.setAttribute('data-finished', 'true');
            return;
          }
          const e = JSON.parse(m.data);
          lastId = e.id;
          addEvent(e);
          if (e.type === 'metrics' && !redraw) {
            // many events at once (the backlog) draw once
            redraw = setTimeout(() => { redraw = null; renderChart(); loadJob().catch(() => {}); loadCheckpoints().catch(() => {}); }, 60);
          }
        }
      } catch (e) {
        if (ctx.signal.aborted) return;
        if (e instanceof ApiError && e.status !== 503) { clear(chartSlot).append(notice(errorText(e), 'error')); return; }
      }
      await new Promise((r) => ctx.timeout(r, 1000));
    }
  };
  loadJob().then(() => { renderChart(); loadCheckpoints(); follow(); }).catch((e) => {
    if (!ctx.signal.aborted) main.append(notice(errorText(e), 'error'));
  });
  // progress between metrics events (status changes, step counts)
  const poll = () => ctx.timeout(async () => {
    if (job && TERMINAL.includes(job.status)) return;
    await loadJob().catch(() => {});
    poll();
  }, 2000);
  poll();
}
`;
