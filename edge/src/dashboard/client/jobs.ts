// Browser code: the job list and the create form, whose method fields come from each plugin's
// config JSON Schema (GET /v1/methods).
export const JOBS_JS = String.raw`
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

`;
