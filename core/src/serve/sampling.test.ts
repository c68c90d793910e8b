import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRepetitionPenalty, topKIndices } from './logits-process.ts';
import { Sampler } from './sampler.ts';
import { SamplingParams } from './sampling-params.ts';
import { StopMatcher } from './stop.ts';

const logits = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i * 1.7) * 3);
const best = logits.indexOf(Math.max(...logits));
const params = (p: object) => SamplingParams.parse(p);
const draws = (p: object, n = 20) => {
  const s = new Sampler(params(p), []);
  return Array.from({ length: n }, () => s.sample(logits).token);
};

test('greedy, top-k 1 and a tiny top-p all pick the argmax', () => {
  assert.deepEqual(draws({ temperature: 0 }), Array(20).fill(best));
  assert.deepEqual(draws({ temperature: 2, topK: 1, seed: 3 }), Array(20).fill(best));
  assert.deepEqual(draws({ temperature: 1, topP: 1e-6, seed: 3 }), Array(20).fill(best));
});

test('a seed fixes the stream; top-k keeps draws among the k best', () => {
  assert.deepEqual(draws({ seed: 7 }), draws({ seed: 7 }));
  assert.notDeepEqual(draws({ seed: 7 }), draws({ seed: 8 }));
  const top3 = new Set(topKIndices(logits, 3));
  for (const t of draws({ seed: 1, topK: 3, temperature: 5 }, 200)) assert.ok(top3.has(t));
  assert.ok(new Set(draws({ seed: 1, topK: 3, temperature: 5 }, 200)).size === 3, 'a hot top-3 visits all three');
});

test('top-p keeps the smallest set reaching p', () => {
  const l = Float32Array.from([Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)]);
  const s = new Sampler(params({ seed: 2, topP: 0.75 }), []);
  const seen = new Set(Array.from({ length: 300 }, () => s.sample(l).token));
  assert.deepEqual([...seen].sort(), [0, 1]);
});

test("repetition penalty follows transformers' rule", () => {
  const l = Float32Array.from([2, -2, 1]);
  applyRepetitionPenalty(l, [0, 1], 2);
  assert.deepEqual([...l], [1, -4, 1]);
  // a penalized prompt token loses to the runner-up under greedy
  const s = new Sampler(params({ temperature: 0, repetitionPenalty: 10 }), [best]);
  assert.notEqual(s.sample(logits).token, best);
});

test('logprobs are the raw log-softmax, with top alternatives', () => {
  const s = new Sampler(params({ temperature: 0, logprobs: 2 }), []);
  const out = s.sample(logits);
  const lse = Math.log(logits.reduce((a, v) => a + Math.exp(v), 0));
  assert.ok(Math.abs(out.logprob! - (logits[best]! - lse)) < 1e-5);
  assert.equal(out.top!.length, 2);
  assert.equal(out.top![0]!.token, best);
});

test('stop sequences are held back and never streamed', () => {
  const m = new StopMatcher([[7, 8, 9]], []);
  assert.deepEqual(m.push(1), { release: [1], stopped: false });
  assert.deepEqual(m.push(7), { release: [], stopped: false }); // could start 7 8 9
  assert.deepEqual(m.push(8), { release: [], stopped: false });
  assert.deepEqual(m.push(5), { release: [7, 8, 5], stopped: false }); // it did not
  m.push(7);
  m.push(8);
  assert.deepEqual(m.push(9), { release: [], stopped: true });
  const tail = new StopMatcher([[4, 4]], []);
  tail.push(4);
  assert.deepEqual(tail.flush(), [4], 'held tokens come out at the end');
});

test('string stop sequences match detokenized text', () => {
  const text = ['he', 'llo', ' wor', 'ld', '!'];
  const m = new StopMatcher([], ['world'], (ids) => ids.map((i) => text[i]).join(''));
  assert.deepEqual(m.push(0).release, [0]);
  assert.deepEqual(m.push(1).release, [1]);
  assert.deepEqual(m.push(2), { release: [], stopped: false }); // ' wor' may begin 'world'
  assert.deepEqual(m.push(3), { release: [], stopped: true });
  assert.throws(() => new StopMatcher([], ['x']), /detokenizer/);
});

test('invalid sampling parameters are refused', () => {
  assert.ok(!SamplingParams.safeParse({ temperature: -1 }).success);
  assert.ok(!SamplingParams.safeParse({ topP: 0 }).success);
  assert.ok(!SamplingParams.safeParse({ maxTokens: 0 }).success);
});
