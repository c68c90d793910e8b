import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lossSvg } from './loss-svg.ts';
import { descendants, parseXml } from './test-helpers.ts';

test('the XML reader rejects what is not well-formed', () => {
  assert.throws(() => parseXml('<a><b></a>'), /closes/);
  assert.throws(() => parseXml('<a x="1 & 2"/>'), /entity/);
  assert.throws(() => parseXml('<a>'), /unclosed/);
  assert.equal(parseXml('<a x="&lt;"><b/>t</a>').attrs.x, '<');
});

test('loss.svg is well-formed XML with axes, axis labels and one polyline per series', () => {
  const svg = lossSvg([
    { name: 'train', color: '#00f', points: [[1, 5], [2, 4], [3, NaN], [4, 3]] },
    { name: 'validation <held out>', color: 'red', points: [[2, 4.5], [4, 3.5]] },
  ], 'loss & friends');
  const root = parseXml(svg);
  assert.equal(root.name, 'svg');
  const all = descendants(root);
  const series = all.filter((n) => n.attrs.class === 'series');
  assert.deepEqual(series.map((s) => s.attrs['data-name']), ['train', 'validation <held out>']);
  const points = series.map((s) => s.children.find((c) => c.name === 'polyline')!.attrs.points!.split(' '));
  assert.deepEqual(points.map((p) => p.length), [3, 2], 'the NaN point is left out');
  for (const p of points.flat()) assert.match(p, /^\d+(\.\d)?,\d+(\.\d)?$/);
  const texts = all.filter((n) => n.name === 'text').map((n) => n.text);
  assert.ok(texts.includes('optimizer step') && texts.includes('loss') && texts.includes('loss & friends'));
  assert.ok(all.some((n) => n.attrs.class === 'axes'));
  // The lowest loss is drawn lowest (SVG y grows downward).
  const ys = points[0]!.map((p) => Number(p.split(',')[1]));
  assert.ok(ys[0]! < ys[1]! && ys[1]! < ys[2]!);
});
