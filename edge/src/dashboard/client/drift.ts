// Browser code: the adapter page's Drift card. Per alias: its monitor (evaluation set, sampling,
// background checks), the drifting flag and the last check; a form to set one up, and a button that
// runs the drift report now and shows it.
export const DRIFT_JS = String.raw`
function driftReportView(r) {
  return h('div', { class: 'stack', 'data-testid': 'drift-report', 'data-drifting': String(r.drifting) },
    h('p', null, badge(r.drifting ? 'drifting' : 'stable', r.drifting ? 'failed' : 'succeeded'), ' v' + r.version + ' · ' + r.live_size + ' sampled requests against ' + r.baseline_size + ' evaluation records'),
    kv([
      ['Perplexity ratio', h('span', { 'data-metric': 'perplexity_ratio', text: fmtNum(r.perplexity.ratio) })],
      ['Length PSI', h('span', { 'data-metric': 'length_psi', text: fmtNum(r.length_psi) })],
      ['Vocabulary JSD', h('span', { 'data-metric': 'vocabulary_jsd', text: fmtNum(r.vocabulary_jsd) })],
      ['Unseen-token rate', h('span', { 'data-metric': 'unseen_token_rate', text: fmtNum(r.unseen_token_rate) })],
      ['Why', r.reasons.length ? r.reasons.join('; ') : null],
      ['Fired recipes', r.fired_jobs.length ? r.fired_jobs.map((id) => h('a', { href: '#/jobs/' + id }, h('code', { text: id }))) : null],
    ]));
}

function driftCard(a, ctx) {
  const name = encodeURIComponent(a.name);
  const aliases = Object.keys(a.aliases).sort();
  const body = h('div', { class: 'stack' }, h('p', { class: 'muted', text: 'Loading…' }));
  const report = h('div', { 'aria-live': 'polite' }); // the last report run here; kept across refreshes
  const card_ = card('Drift', body, { testid: 'drift-card', sub: 'Sampled traffic of an alias against its evaluation set; a drifting alias fires its on_drift recipes.' });
  if (!aliases.length) {
    clear(body).append(h('p', { class: 'empty', text: 'Point an alias at a version to monitor it.' }));
    return card_;
  }
  const render = async () => {
    const [list, datasets] = await Promise.all([api('/v1/adapters/' + name + '/monitors', { signal: ctx.signal }), loadDatasets(true)]);
    const monitorOf = (alias) => list.data.find((m) => m.alias === alias) || null;
    const rows = aliases.map((alias) => ({ alias, m: monitorOf(alias) }));
    const datasetName = (id) => { const d = datasets.find((x) => x.id === id); return d ? d.name : h('code', { text: id }); };
    const runReport = (alias) => async () => {
      clear(report).append(h('p', { class: 'muted', text: 'Scoring ' + a.name + '@' + alias + '…' }));
      try {
        const r = await api('/v1/adapters/' + name + '/aliases/' + encodeURIComponent(alias) + '/drift', { signal: ctx.signal });
        clear(report).append(h('h3', { class: 'spaced', text: 'Report for @' + alias }), driftReportView(r));
        refresh();
      } catch (e) { clear(report).append(notice(errorText(e), 'error')); }
    };
    const table_ = table([
      { label: 'Alias', cell: (r) => h('code', { text: '@' + r.alias }) },
      { label: 'Evaluation set', cell: (r) => (r.m ? datasetName(r.m.eval_dataset) : 'not monitored') },
      { label: 'Sampling', cell: (r) => (r.m ? Math.round(r.m.sample_rate * 100) + '%' : '') },
      { label: 'Background check', cell: (r) => (!r.m ? '' : r.m.check_every_s ? 'every ' + Math.round(r.m.check_every_s / 60) + ' min' : 'on request') },
      { label: 'State', cell: (r) => (r.m ? badge(r.m.drifting ? 'drifting' : 'stable', r.m.drifting ? 'failed' : 'succeeded') : '') },
      { label: 'Last check', cell: (r) => (r.m && r.m.last_checked_at ? fmtTime(r.m.last_checked_at) : '') },
      { label: '', cell: (r) => (r.m ? button('Run report', runReport(r.alias), 'small', { 'aria-label': 'Run drift report for ' + r.alias }) : '') },
    ], rows, { testid: 'monitors-table' });

    // set up or change a monitor
    const alias = select(aliases, aliases[0], { 'data-testid': 'monitor-alias' });
    const dataset = select(datasets.map((d) => ({ value: d.id, label: d.name + ' · ' + fmtCount(d.records) + ' records' })), datasets[0] && datasets[0].id, { 'data-testid': 'monitor-dataset' });
    const rate = h('input', { type: 'number', min: '0', max: '1', step: 'any', value: '0.1', 'data-testid': 'monitor-rate' });
    const every = h('input', { type: 'number', min: '1', step: '1', placeholder: 'on request', 'data-testid': 'monitor-every' });
    // editing an alias that has a monitor starts from its settings
    const prefill = () => {
      const m = monitorOf(alias.value);
      if (m && datasets.some((d) => d.id === m.eval_dataset)) dataset.value = m.eval_dataset;
      rate.value = m ? String(m.sample_rate) : '0.1';
      every.value = m && m.check_every_s ? String(Math.round(m.check_every_s / 60)) : '';
    };
    alias.addEventListener('change', prefill);
    prefill();
    const err = h('div');
    const form = h('form', { class: 'row end', 'aria-label': 'Monitor an alias', onsubmit: async (e) => {
      e.preventDefault();
      clear(err);
      const minutes = every.value === '' ? null : Number(every.value);
      const before = monitorOf(alias.value); // its thresholds and window are kept
      try {
        await api('/v1/adapters/' + name + '/aliases/' + encodeURIComponent(alias.value) + '/monitor', {
          method: 'PUT', json: Object.assign(before ? { thresholds: before.thresholds, check_window: before.check_window } : {},
            { eval_dataset: dataset.value, sample_rate: Number(rate.value), check_every_s: minutes === null ? null : Math.round(minutes * 60) }),
        });
        toast('Monitoring ' + a.name + '@' + alias.value);
        refresh();
      } catch (e2) { err.append(notice(errorText(e2), 'error')); }
    } }, field('Alias', alias), field('Evaluation set', dataset), field('Sample rate', rate), field('Check every (min)', every),
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'monitor-save' }, 'Monitor'));
    clear(body).append(table_, datasets.length ? form : h('p', { class: 'muted', text: 'Upload a dataset to use as the evaluation set.' }), err, report);
  };
  const refresh = () => render().catch((e) => { if (!ctx.signal.aborted) clear(body).append(notice(errorText(e), 'error')); });
  refresh();
  return card_;
}
`;
