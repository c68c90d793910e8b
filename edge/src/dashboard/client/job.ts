// Browser code: one job's page: it follows the job's events over SSE and redraws the loss curves
// from the metrics events; events, cancel and checkpoints.
export const JOB_JS = String.raw`
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
