// Browser code: the Datasets view. Uploads go through XMLHttpRequest for its upload progress
// events (fetch has none); the answer is the validation and cleaning report plus a preview.
export const DATASETS_JS = String.raw`
const RECORD_KINDS = ['auto', 'completion', 'chat', 'classification', 'regression', 'tagging', 'qa'];

function uploadDataset(file, params, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/v1/datasets?' + new URLSearchParams(params).toString());
    xhr.setRequestHeader('authorization', 'Bearer ' + getKey());
    xhr.setRequestHeader('content-type', /\.csv$/i.test(file.name) ? 'text/csv' : 'application/jsonl');
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.upload.addEventListener('load', () => onProgress(file.size, file.size, true));
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 201) resolve(body);
      else {
        if (xhr.status === 401) onUnauthorized();
        reject(new ApiError(xhr.status, body));
      }
    });
    xhr.addEventListener('error', () => reject(new Error('the upload failed (network error)')));
    xhr.send(file);
  });
}

const datasetName = (fileName) => fileName.replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);

function previewCell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((m) => m && typeof m === 'object' && 'role' in m)) return v.map((m) => m.role + ': ' + m.content).join('\n');
  return JSON.stringify(v);
}

function exampleText(x) {
  if (!x || typeof x !== 'object') return String(x);
  const parts = [];
  if (x.line !== undefined) parts.push(h('span', { class: 'muted' }, 'line ' + x.line + ': '));
  parts.push(h('span', { class: 'mono' }, x.preview === undefined ? JSON.stringify(x) : x.preview === '' ? '(empty)' : x.preview));
  if (x.duplicateOfLine !== undefined) parts.push(h('span', { class: 'muted' }, ' (same as line ' + x.duplicateOfLine + ')'));
  if (x.message) parts.push(h('span', { class: 'muted' }, ' ' + x.message));
  return parts;
}

function datasetReport(ds) {
  const st = ds.stats || {};
  const dropped = Object.entries(st.dropped || {}).filter((e) => e[1] > 0);
  const droppedTotal = dropped.reduce((a, e) => a + e[1], 0);
  const examples = st.examples || {};
  const preview = ds.preview || [];
  const cols = [...new Set(preview.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : ['value'])))];
  return h('div', { 'data-testid': 'dataset-report' },
    card('Validation and cleaning report', [
      h('div', { class: 'stats' },
        stat('Records kept', h('span', { 'data-testid': 'records-kept' }, fmtCount(st.records_out ?? ds.records))),
        stat('Records read', fmtCount(st.records_in)),
        stat('Dropped', h('span', { 'data-testid': 'records-dropped' }, fmtCount(droppedTotal))),
        stat('Kind', ds.kind, true),
        stat('Size', fmtBytes(ds.bytes) + (st.bytes_in && st.bytes_in !== ds.bytes ? ' (from ' + fmtBytes(st.bytes_in) + ')' : ''), true),
        st.chars ? stat('Characters / record', 'mean ' + fmtNum(st.chars.mean) + ' · max ' + fmtCount(st.chars.max), true) : null),
      dropped.length
        ? table([
          { label: 'Dropped because', cell: (e) => e[0].replace(/_/g, ' ') },
          { label: 'Records', num: true, cell: (e) => fmtCount(e[1]) },
          { label: 'Examples', cell: (e) => (examples[e[0]] || []).slice(0, 2).map((x) => h('div', { class: 'small' }, exampleText(x))) },
        ], dropped, { testid: 'dropped-table' })
        : notice('Every record passed validation and cleaning.', 'ok'),
      h('div', { class: 'small muted spaced' }, kv([['Dataset id', h('code', { text: ds.id })], ['Name', ds.name], ['Purpose', ds.purpose], ['Format', ds.format], ['sha256', h('code', { text: ds.sha256 })], ['Created', fmtTime(ds.created_at)]])),
    ], { sub: ds.name, testid: 'report-card' }),
    card('Preview', table(cols.map((c) => ({ label: c, cell: (r) => previewCell(r && typeof r === 'object' ? r[c] : r) })), preview, { class: 'preview', testid: 'preview-table', empty: 'No records to preview.' }),
      { sub: 'The first ' + preview.length + ' records after cleaning', testid: 'preview-card' }));
}

function viewDatasets(main, ctx) {
  const reportSlot = h('div');
  const listSlot = h('div');
  const file = h('input', { type: 'file', accept: '.jsonl,.json,.ndjson,.csv,.txt', required: true });
  const name = h('input', { type: 'text', placeholder: 'from the file name', pattern: '[a-z0-9][a-z0-9._\\-]{0,63}' });
  const purpose = select(['fine-tune', 'validation'], 'fine-tune');
  const kind = select(RECORD_KINDS, 'auto');
  const onInvalid = select([{ value: 'reject', label: 'reject the upload' }, { value: 'skip', label: 'skip bad records' }], 'reject');
  const clean = h('input', { type: 'checkbox', checked: true });
  const bar = h('progress', { max: 100, value: 0, 'aria-label': 'Upload progress' });
  const barText = h('div', { class: 'small muted', 'data-testid': 'upload-status', 'aria-live': 'polite' });
  const progress = h('div', { class: 'progress', hidden: true }, bar, barText);
  const errSlot = h('div');
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Upload');
  file.addEventListener('change', () => { if (file.files[0] && !name.value) name.placeholder = datasetName(file.files[0].name) || 'from the file name'; });

  const form = h('form', { class: 'stack', 'aria-label': 'Upload a dataset', onsubmit: async (e) => {
    e.preventDefault();
    clear(errSlot);
    const f = file.files[0];
    if (!f) { errSlot.append(notice('Choose a file first.', 'error')); file.focus(); return; }
    const params = { purpose: purpose.value, kind: kind.value, on_invalid: onInvalid.value, clean: String(clean.checked) };
    const n = name.value.trim() || datasetName(f.name);
    if (n) params.name = n;
    submit.disabled = true;
    progress.hidden = false;
    bar.value = 0;
    barText.textContent = 'Uploading… 0%';
    try {
      const ds = await uploadDataset(f, params, (loaded, total, done) => {
        const pct = total ? Math.round((loaded / total) * 100) : 0;
        bar.value = pct;
        barText.textContent = done ? 'Uploaded 100% (' + fmtBytes(total) + '); validating…' : 'Uploading… ' + pct + '% (' + fmtBytes(loaded) + ' of ' + fmtBytes(total) + ')';
      });
      bar.value = 100;
      barText.textContent = 'Uploaded 100% · ' + fmtCount(ds.records) + ' records kept';
      toast('Dataset ' + ds.name + ' uploaded');
      clear(reportSlot).append(datasetReport(ds));
      form.reset();
      loadDatasets(true);
      renderList();
    } catch (err) {
      barText.textContent = 'Upload failed';
      errSlot.append(notice(errorText(err), 'error', { 'data-testid': 'upload-error' }));
    } finally {
      submit.disabled = false;
    }
  } },
  h('div', { class: 'fields' },
    field('File (JSONL or CSV)', file, 'One {"prompt", "completion"}, {"text"} or {"messages"} record per line', { wide: true }),
    field('Name', name, 'a-z 0-9 . _ -'),
    field('Purpose', purpose),
    field('Record kind', kind),
    field('Invalid records', onInvalid),
    field('Clean (normalize, drop empty and duplicate records)', clean)),
  h('div', { class: 'row' }, submit),
  progress, errSlot);

  async function renderList() {
    let list;
    try { list = await loadDatasets(true); } catch (e) { clear(listSlot).append(notice(errorText(e), 'error')); return; }
    clear(listSlot).append(table([
      { label: 'Name', cell: (d) => h('button', { type: 'button', class: 'link', onclick: () => show(d.id) }, d.name) },
      { label: 'Id', cell: (d) => h('code', { text: d.id }) },
      { label: 'Kind', cell: (d) => d.kind },
      { label: 'Purpose', cell: (d) => d.purpose },
      { label: 'Records', num: true, cell: (d) => fmtCount(d.records) },
      { label: 'Size', num: true, cell: (d) => fmtBytes(d.bytes) },
      { label: 'Created', cell: (d) => fmtTime(d.created_at) },
      { label: '', cell: (d) => h('div', { class: 'row' },
        h('a', { class: 'button small', href: '#/jobs?training_file=' + encodeURIComponent(d.id) }, 'Train'),
        dangerButton('Delete', 'Confirm delete', async () => { await api('/v1/datasets/' + d.id, { method: 'DELETE' }); toast('Deleted ' + d.name); renderList(); }, { 'aria-label': 'Delete dataset ' + d.name })) },
    ], list, { testid: 'datasets-table', empty: 'No datasets yet: upload one above.' }));
  }
  async function show(id) {
    try {
      clear(reportSlot).append(datasetReport(await api('/v1/datasets/' + id)));
      reportSlot.scrollIntoView({ block: 'start' });
    } catch (e) { toast(errorText(e), 'error'); }
  }

  main.append(pageHead('Datasets', 'Upload JSONL or CSV training data. Records are validated line by line, cleaned, and stored atomically.'),
    card('Upload a dataset', form, { testid: 'upload-card' }), reportSlot, card('All datasets', listSlot, { testid: 'datasets-card' }));
  renderList();
}
`;
