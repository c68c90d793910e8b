// Browser code: the Adapters views. Versions with the metrics of the job that trained them,
// aliases (publishing = pointing an alias at a version), the A/B traffic split, deletes.
export const ADAPTERS_JS = String.raw`
function aliasChips(a, version) {
  return Object.entries(a.aliases).filter((e) => version === undefined || e[1] === version).map((e) => h('span', { class: 'chip', 'data-alias': e[0] }, e[0] + (version === undefined ? ' → ' + e[1] : '')));
}
/** A route's target as people write it: v2 for a version, @prod for an alias. */
function targetLabel(target) {
  return /^[0-9]+$/.test(target) ? 'v' + target : '@' + target;
}
function shareText(routes) {
  const total = routes.reduce((s, r) => s + r.weight, 0);
  return total > 0 ? routes.map((r) => targetLabel(r.target) + ' ' + Math.round((r.weight / total) * 100) + '%').join(' · ') : '';
}
function trafficText(a) {
  return a.traffic ? shareText(a.traffic) : 'latest';
}

function viewAdapters(main, ctx) {
  const slot = h('div', null, h('p', { class: 'muted', text: 'Loading…' }));
  main.append(pageHead('Adapters', 'Trained and uploaded adapters. Publish a version by pointing an alias at it; split traffic between versions for A/B tests.'),
    card('All adapters', slot, { testid: 'adapters-card' }));
  loadAdapters(true).then((list) => {
    clear(slot).append(table([
      { label: 'Name', cell: (a) => h('a', { href: '#/adapters/' + encodeURIComponent(a.name) }, a.name) },
      { label: 'Base model', cell: (a) => a.base_model },
      { label: 'Versions', num: true, cell: (a) => String(a.versions.length) },
      { label: 'Latest', cell: (a) => (a.versions[0] ? 'v' + Math.max(...a.versions.map((v) => v.version)) + ' · ' + a.versions[0].method : '') },
      { label: 'Aliases', cell: (a) => aliasChips(a) },
      { label: 'Traffic (bare name)', cell: trafficText },
      { label: 'Updated', cell: (a) => fmtTime(a.updated_at) },
    ], list, { testid: 'adapters-table', empty: 'No adapters yet: they appear when a job succeeds (or when one is uploaded through the API).' }));
  }).catch((e) => clear(slot).append(notice(errorText(e), 'error')));
}

/** Evaluation metrics of the job behind a version: its last checkpoint, and validation metrics from its events. */
async function versionMetrics(jobId, signal) {
  const out = {};
  const ck = (await api('/v1/fine_tuning/jobs/' + jobId + '/checkpoints', { signal })).data;
  if (ck[0]) Object.assign(out, ck[0].metrics);
  try {
    const ev = (await api('/v1/fine_tuning/jobs/' + jobId + '/events?limit=1000', { signal })).data;
    const m = latestMetrics(ev);
    for (const [k, v] of Object.entries(m)) if (/^(valid|validation|val|eval)[._]/.test(k) && typeof v === 'number') out[k] = v;
  } catch (e) { /* events are optional here */ }
  return out;
}

function viewAdapter(main, ctx, name) {
  const slot = h('div', null, h('p', { class: 'muted', text: 'Loading…' }));
  const head = pageHead(name, null, null, h('a', { href: '#/adapters' }, 'Adapters'));
  main.append(head, slot);
  const metricsCache = {};

  const render = (a) => {
    const versions = a.versions.slice().sort((x, y) => y.version - x.version);
    const versionOpts = versions.map((v) => ({ value: String(v.version), label: 'v' + v.version + ' · ' + v.method }));
    const actions = head.querySelector('.row') || head.appendChild(h('div', { class: 'row' }));
    clear(actions).append(
      h('a', { class: 'button', href: '#/playground?adapter=' + encodeURIComponent(a.name) }, 'Open in playground'),
      dangerButton('Delete adapter', 'Delete all ' + a.versions.length + ' versions?', async () => {
        await api('/v1/adapters/' + encodeURIComponent(a.name), { method: 'DELETE' });
        loadAdapters(true);
        loadModels(true);
        toast('Deleted ' + a.name);
        location.hash = '#/adapters';
      }, { 'data-testid': 'delete-adapter' }));

    // versions, with the source job's metrics filled in as they load
    const metricCells = {};
    const versionsCard = card('Versions', table([
      { label: 'Version', cell: (v) => h('strong', null, 'v' + v.version) },
      { label: 'Method', cell: (v) => v.method + (v.rank ? ' · r ' + v.rank : '') },
      { label: 'Aliases', cell: (v) => aliasChips(a, v.version) },
      { label: 'Evaluation', cell: (v) => (metricCells[v.version] = h('div', { class: 'small', 'data-testid': 'version-metrics' }, v.source_job_id ? 'loading…' : 'uploaded (no job)')) },
      { label: 'Size', num: true, cell: (v) => fmtBytes(v.bytes) },
      { label: 'Source job', cell: (v) => (v.source_job_id ? h('a', { href: '#/jobs/' + v.source_job_id }, h('code', { text: v.source_job_id })) : '–') },
      { label: 'Created', cell: (v) => fmtTime(v.created_at) },
      { label: '', cell: (v) => dangerButton('Delete', 'Confirm', async () => {
        await api('/v1/adapters/' + encodeURIComponent(a.name) + '/versions/' + v.version, { method: 'DELETE' });
        toast('Deleted ' + a.name + '@' + v.version);
        reload();
      }, { 'aria-label': 'Delete version ' + v.version }) },
    ], versions, { testid: 'versions-table' }), { sub: 'Call it as ' + a.base_model + ':' + a.name + '@<version or alias>', testid: 'versions-card' });
    for (const v of versions) {
      if (!v.source_job_id) continue;
      const key = v.source_job_id;
      (metricsCache[key] = metricsCache[key] || versionMetrics(key, ctx.signal)).then((m) => {
        const cell = metricCells[v.version];
        if (!cell) return;
        const entries = Object.entries(m);
        append(clear(cell), [entries.length ? entries.map(([k, x]) => h('div', null, k.replace(/_/g, ' ') + ' ', h('strong', null, fmtNum(x)))) : 'no metrics']);
      }).catch((e) => { if (metricCells[v.version]) metricCells[v.version].textContent = e.status === 403 ? 'needs a train key' : 'unavailable'; });
    }

    // aliases: the publish form and the existing ones, editable
    const newAlias = h('input', { type: 'text', value: a.aliases.prod === undefined ? 'prod' : '', placeholder: 'prod', pattern: '[a-z][a-z0-9_\\-]{0,31}', 'data-testid': 'alias-name' });
    const newVersion = select(versionOpts, versionOpts[0] && versionOpts[0].value, { 'data-testid': 'alias-version' });
    const aliasErr = h('div');
    const setAlias = async (alias, version) => {
      await api('/v1/adapters/' + encodeURIComponent(a.name) + '/aliases/' + encodeURIComponent(alias), { method: 'PUT', json: { version: Number(version) } });
      toast(a.name + '@' + alias + ' → v' + version);
      loadModels(true);
      reload();
    };
    const publishForm = h('form', { class: 'row end', 'aria-label': 'Publish a version', onsubmit: async (e) => {
      e.preventDefault();
      clear(aliasErr);
      try { await setAlias(newAlias.value.trim(), newVersion.value); } catch (err) { aliasErr.append(notice(errorText(err), 'error')); }
    } }, field('Alias', newAlias), field('Version', newVersion), h('button', { type: 'submit', class: 'primary', 'data-testid': 'publish' }, 'Publish'));
    const aliasRows = Object.entries(a.aliases).sort();
    const aliasesCard = card('Aliases', [
      h('p', { class: 'muted small', text: 'Publishing points an alias at a version; requests for ' + a.name + '@alias follow it. The job keeps "latest" on its newest version.' }),
      publishForm, aliasErr,
      h('h3', { class: 'spaced', text: 'Current aliases' }),
      table([
        { label: 'Alias', cell: (e) => h('code', { text: a.name + '@' + e[0] }) },
        { label: 'Version', cell: (e) => {
          const sel = select(versionOpts, String(e[1]), { 'aria-label': 'Version for alias ' + e[0] });
          sel.addEventListener('change', () => setAlias(e[0], sel.value).catch((err) => toast(errorText(err), 'error')));
          return sel;
        } },
        { label: '', cell: (e) => dangerButton('Remove', 'Confirm', async () => {
          await api('/v1/adapters/' + encodeURIComponent(a.name) + '/aliases/' + encodeURIComponent(e[0]), { method: 'DELETE' });
          toast('Removed ' + a.name + '@' + e[0]);
          reload();
        }, { 'aria-label': 'Remove alias ' + e[0] }) },
      ], aliasRows, { testid: 'aliases-table', empty: 'No aliases.' }),
    ], { testid: 'aliases-card' });

    // the traffic split of the bare name
    const targets = versionOpts.concat(Object.keys(a.aliases).map((x) => ({ value: x, label: '@' + x })));
    const rows = h('div', { class: 'stack' });
    const share = h('p', { class: 'muted small', 'aria-live': 'polite' });
    const updateShare = () => {
      const text = shareText([...rows.children].map((r) => ({ target: r.querySelector('select').value, weight: Number(r.querySelector('input').value) || 0 })));
      share.textContent = text && 'Share: ' + text;
    };
    const addRow = (target, weight) => {
      const t = select(targets, target, { 'aria-label': 'Target' });
      const w = h('input', { type: 'number', min: '0', step: 'any', value: String(weight), 'aria-label': 'Weight', oninput: updateShare });
      t.addEventListener('change', updateShare);
      const row = h('div', { class: 'row' }, h('div', { class: 'field' }, t), h('div', { class: 'field' }, w), button('Remove', () => { row.remove(); updateShare(); }, 'small'));
      rows.append(row);
      updateShare();
    };
    (a.traffic || []).forEach((r) => addRow(r.target, r.weight));
    const splitErr = h('div');
    const trafficCard = card('A/B traffic split', [
      h('p', { class: 'muted small', text: 'Weighted routing for requests that name the adapter without a version (' + a.name + '). The request\'s user field keeps a caller on one version.' }),
      rows, share, splitErr,
      h('div', { class: 'row' },
        button('Add route', () => addRow(targets[0] && targets[0].value, 1), 'small'),
        button('Save split', async () => {
          clear(splitErr);
          const routes = [...rows.children].map((r) => ({ target: r.querySelector('select').value, weight: Number(r.querySelector('input').value) }));
          try {
            await api('/v1/adapters/' + encodeURIComponent(a.name) + '/traffic', { method: 'PUT', json: { routes } });
            toast('Traffic split saved');
            reload();
          } catch (err) { splitErr.append(notice(errorText(err), 'error')); }
        }, 'primary small'),
        a.traffic ? button('Remove split', async () => {
          await api('/v1/adapters/' + encodeURIComponent(a.name) + '/traffic', { method: 'DELETE' });
          toast('Traffic split removed');
          reload();
        }, 'small') : null),
    ], { testid: 'traffic-card', sub: a.traffic ? trafficText(a) : 'none: the bare name serves the latest version' });

    clear(slot).append(h('div', { class: 'stats' }, stat('Base model', a.base_model, true), stat('Versions', String(a.versions.length)), stat('Aliases', String(Object.keys(a.aliases).length)), stat('Updated', fmtTime(a.updated_at), true)),
      versionsCard, h('div', { class: 'grid two' }, aliasesCard, trafficCard), driftCard(a, ctx));
  };
  const reload = () => api('/v1/adapters/' + encodeURIComponent(name), { signal: ctx.signal }).then((a) => { loadAdapters(true); render(a); }).catch((e) => { if (!ctx.signal.aborted) clear(slot).append(notice(errorText(e), 'error')); });
  reload();
}
`;
