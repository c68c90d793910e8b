// Browser code: the loss chart, an inline SVG with axes, ticks, grid and a legend. Points carry
// their step and value (<title> for hover, data-* for tests). One chart serves a single run (train
// and validation series) and the Compare view (several runs overlaid, one palette colour per run).
export const CHART_JS = String.raw`
/** Rounded tick values covering [lo, hi]. */
function niceTicks(lo, hi, count, integer) {
  if (!(hi > lo)) { const pad = Math.abs(lo) * 0.1 || 1; lo -= pad; hi += pad; }
  const raw = (hi - lo) / Math.max(1, count);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = (integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]).map((m) => m * mag).find((x) => x >= raw) || raw;
  if (integer) step = Math.max(1, Math.round(step));
  const start = Math.floor(lo / step) * step;
  const ticks = [];
  for (let i = 0; i < 100; i++) {
    const v = Number((start + i * step).toPrecision(12));
    ticks.push(v);
    if (v >= hi) break;
  }
  return ticks;
}

/** The CSS classes that colour a series: 'train'/'validation', or a palette colour (c0…c5), dashed or not. */
const seriesClass = (x) => (x.color === undefined ? x.key : 'c' + (x.color % 6) + (x.dashed ? ' dashed' : ''));

/** One legend entry per series, or per group (a run: its swatches, its label, its point counts). */
function chartLegend(series) {
  const groups = [];
  for (const x of series) {
    const g = x.group === undefined ? null : groups.find((y) => y.group === x.group);
    if (g) g.series.push(x);
    else groups.push({ group: x.group, label: x.groupLabel || x.label, sub: x.groupSub, series: [x] });
  }
  const count = (x) => x.points.length + ' point' + (x.points.length === 1 ? '' : 's');
  return h('div', { class: 'legend' }, groups.map((g) => {
    if (g.group === undefined) {
      const x = g.series[0];
      const last = x.points[x.points.length - 1];
      return h('span', { class: 'key', 'data-testid': 'legend-' + x.key }, h('span', { class: 'swatch ' + seriesClass(x), 'aria-hidden': 'true' }),
        x.label + ' · ' + (x.points.length ? count(x) + ' · latest ' + fmtNum(last[1]) : 'none reported yet'));
    }
    return h('span', { class: 'key run', 'data-testid': 'legend-run', 'data-run': g.group },
      g.series.map((x) => h('span', { class: 'swatch ' + seriesClass(x), 'aria-hidden': 'true' })),
      h('strong', { text: g.label }), g.sub ? h('span', { class: 'run-id mono', text: g.sub }) : null,
      h('span', { class: 'muted', text: g.series.filter((x) => x.points.length).map((x) => x.label + ' ' + count(x)).join(' · ') || 'no metrics yet' }));
  }));
}

/**
 * series: [{ key, label, points: [[step, value], ...], color?, dashed?, group?, groupLabel?, groupSub? }]
 * key 'train' | 'validation' styles a single run; a palette index in color (and dashed for a
 * validation loss) styles a run among several, and series sharing a group share a legend entry.
 * Returns a <figure> with the SVG and its legend; each series' point count is in data-points.
 */
function lossChart(series, opts) {
  opts = opts || {};
  const W = 720, H = 300, L = 58, R = 18, T = 14, B = 44;
  const pw = W - L - R, ph = H - T - B;
  const all = series.flatMap((x) => x.points);
  const title = opts.title || 'Loss by step';
  const svg = s('svg', { class: 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': title + ': ' + series.map((x) => x.label + ' ' + x.points.length + ' points').join(', '), 'data-testid': 'loss-chart' });
  series.forEach((x) => svg.setAttribute('data-' + x.key + '-points', String(x.points.length)));
  if (!all.length) {
    svg.append(s('rect', { x: L, y: T, width: pw, height: ph, fill: '#fbfcfd', stroke: '#edf0f4' }));
    svg.append(s('text', { class: 'placeholder', x: L + pw / 2, y: T + ph / 2, 'text-anchor': 'middle' }, opts.placeholder || 'Waiting for the first metrics…'));
  } else {
    const steps = all.map((p) => p[0]);
    const vals = all.map((p) => p[1]);
    const xt = niceTicks(Math.min(0, ...steps), Math.max(...steps, 1), 8, true);
    const yt = niceTicks(Math.min(...vals), Math.max(...vals), 5);
    const x0 = xt[0], x1 = xt[xt.length - 1], y0 = yt[0], y1 = yt[yt.length - 1];
    const X = (v) => L + ((v - x0) / (x1 - x0 || 1)) * pw;
    const Y = (v) => T + ph - ((v - y0) / (y1 - y0 || 1)) * ph;
    const grid = s('g', null);
    for (const v of yt) {
      grid.append(s('line', { class: 'grid-line', x1: L, x2: L + pw, y1: Y(v), y2: Y(v) }));
      grid.append(s('text', { class: 'tick', x: L - 8, y: Y(v) + 4, 'text-anchor': 'end' }, fmtNum(v)));
    }
    for (const v of xt) {
      grid.append(s('line', { class: 'grid-line', x1: X(v), x2: X(v), y1: T, y2: T + ph }));
      grid.append(s('text', { class: 'tick', x: X(v), y: T + ph + 17, 'text-anchor': 'middle' }, fmtNum(v)));
    }
    svg.append(grid);
    svg.append(s('line', { class: 'axis', x1: L, x2: L + pw, y1: T + ph, y2: T + ph }));
    svg.append(s('line', { class: 'axis', x1: L, x2: L, y1: T, y2: T + ph }));
    for (const x of series) {
      if (!x.points.length) continue;
      const g = s('g', { 'data-series': x.key, 'data-run': x.group, 'data-points': x.points.length });
      const cls = seriesClass(x);
      g.append(s('polyline', { class: 'series ' + cls, points: x.points.map((p) => X(p[0]).toFixed(1) + ',' + Y(p[1]).toFixed(1)).join(' ') }));
      const r = x.points.length > 120 ? 0 : x.points.length > 40 ? 2 : 3;
      for (const p of x.points) {
        g.append(s('circle', { class: 'pt ' + cls, cx: X(p[0]).toFixed(1), cy: Y(p[1]).toFixed(1), r, 'data-step': p[0], 'data-value': p[1] }, s('title', null, x.label + ' at step ' + p[0] + ': ' + fmtNum(p[1]))));
      }
      svg.append(g);
    }
  }
  svg.append(s('text', { class: 'axis-title', x: L + pw / 2, y: H - 6, 'text-anchor': 'middle' }, 'step'));
  svg.append(s('text', { class: 'axis-title', x: 14, y: T + ph / 2, 'text-anchor': 'middle', transform: 'rotate(-90 14 ' + (T + ph / 2) + ')' }, 'loss'));
  const legend = chartLegend(series);
  return h('figure', { class: 'chart-figure', 'data-testid': 'loss-figure' }, svg, h('figcaption', { class: 'sr-only', text: title }), legend);
}
`;
