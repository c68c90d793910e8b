// Browser code: several runs side by side, from GET /v1/fine_tuning/jobs/:id/metrics: curves
// overlaid in one chart, final metrics in one column per run.
export const COMPARE_JS = String.raw`
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

`;
