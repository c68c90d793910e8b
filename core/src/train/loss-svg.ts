// loss.svg: train and validation loss against the optimizer step, hand-written SVG with axes and labels.

export interface Series {
  name: string;
  color: string;
  /** [step, loss] pairs; non-finite losses are left out. */
  points: readonly (readonly [number, number])[];
}

const W = 640;
const H = 400;
const M = { left: 64, right: 16, top: 36, bottom: 48 };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (x: number) => (Math.abs(x) >= 100 || Number.isInteger(x) ? String(Math.round(x * 100) / 100) : x.toPrecision(3));

/** Five evenly spaced tick values over [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  return Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
}

export function lossSvg(series: readonly Series[], title = 'loss'): string {
  const pts = series.map((s) => ({ ...s, points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)) }));
  const all = pts.flatMap((s) => s.points);
  const [x0, x1] = all.length ? [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))] : [0, 1];
  const [y0, y1] = all.length ? [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))] : [0, 1];
  const [xlo, xhi] = x0 === x1 ? [x0 - 1, x1 + 1] : [x0, x1];
  const pad = (y1 - y0) * 0.05 || 0.5;
  const [ylo, yhi] = [y0 - pad, y1 + pad];
  const px = (x: number) => M.left + ((x - xlo) / (xhi - xlo)) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((y - ylo) / (yhi - ylo)) * (H - M.top - M.bottom);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<title>${esc(title)}</title>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    `<g class="axes" stroke="black"><line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}"/>` +
      `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}"/></g>`,
  ];
  // Steps are integers: round the x ticks (and drop the duplicates rounding makes on short runs).
  for (const t of [...new Set(ticks(xlo, xhi).map(Math.round))]) {
    out.push(`<line x1="${px(t)}" y1="${H - M.bottom}" x2="${px(t)}" y2="${H - M.bottom + 4}" stroke="black"/>`,
      `<text x="${px(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`);
  }
  for (const t of ticks(ylo, yhi)) {
    out.push(`<line x1="${M.left - 4}" y1="${py(t)}" x2="${M.left}" y2="${py(t)}" stroke="black"/>`,
      `<text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  }
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 10}" text-anchor="middle">optimizer step</text>`,
    `<text x="16" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(M.top + H - M.bottom) / 2})">loss</text>`);
  pts.forEach((s, i) => {
    const d = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    out.push(`<g class="series" data-name="${esc(s.name)}"><polyline fill="none" stroke="${esc(s.color)}" stroke-width="1.5" points="${d}"/>`,
      // Markers only where they stay readable (validation points, short runs).
      ...(s.points.length > 100 ? [] : s.points).map(([x, y]) => `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2" fill="${esc(s.color)}"/>`), '</g>');
    // A series without points (no validation set) gets no legend entry.
    if (s.points.length) {
      out.push(`<rect x="${W - M.right - 110}" y="${M.top + 8 + i * 18}" width="12" height="3" fill="${esc(s.color)}"/>`,
        `<text x="${W - M.right - 92}" y="${M.top + 13 + i * 18}">${esc(s.name)}</text>`);
    }
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
