import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Augmenter } from './augment.ts';
import { randomDelete, randomInsert, randomSwap, synonymReplace } from './augment-ops.ts';
import { mulberry32 } from './random.ts';
import type { AnyRecord } from './schemas.ts';

const synonyms = { quick: ['fast', 'speedy'], happy: ['glad', 'joyful'], film: ['movie'] };
const rec: AnyRecord = { kind: 'classification', data: { text: 'the quick happy dog watched a film about a quick fox', label: 'pos' } };

test('augmentation is deterministic by seed and preserves the label', () => {
  const a = new Augmenter({ copies: 4, seed: 1, synonyms }).augment(rec);
  const b = new Augmenter({ copies: 4, seed: 1, synonyms }).augment(rec);
  const c = new Augmenter({ copies: 4, seed: 2, synonyms }).augment(rec);
  assert.equal(a.length, 4);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  for (const x of a) {
    assert.equal(x.kind, 'classification');
    assert.equal((x.data as { label: string }).label, 'pos');
    assert.notEqual((x.data as { text: string }).text, rec.data.text);
  }
});

test('a copy that comes out equal to its original is drawn again', () => {
  // swapping within "a a b b" leaves it unchanged about half the time
  const same = { kind: 'classification' as const, data: { text: 'a a b b', label: 'x' } };
  let unchanged = 0;
  for (let seed = 0; seed < 100; seed++) {
    for (const copy of new Augmenter({ copies: 4, seed, ops: ['swap'] }).augment(same)) {
      if ((copy.data as { text: string }).text === same.data.text) unchanged++;
    }
  }
  assert.ok(unchanged < 10, `${unchanged} of 400 copies unchanged`);
  // a text no operation can change comes back as it is, after a bounded number of draws
  const one = { kind: 'classification' as const, data: { text: 'word', label: 'x' } };
  assert.equal((new Augmenter({ copies: 1, seed: 1, ops: ['swap', 'delete'] }).augment(one)[0]!.data as { text: string }).text, 'word');
});

test('EDA operations', () => {
  const rand = mulberry32(5);
  const syn = new Map(Object.entries(synonyms));
  const words = 'the quick happy dog'.split(' ');
  const sr = synonymReplace({ words }, 2, syn, rand).words;
  assert.equal(sr.length, 4);
  assert.ok(['fast', 'speedy'].includes(sr[1]!) && ['glad', 'joyful'].includes(sr[2]!));
  const ri = randomInsert({ words }, 1, syn, rand).words;
  assert.equal(ri.length, 5);
  assert.ok(ri.some((w) => ['fast', 'speedy', 'glad', 'joyful'].includes(w)));
  const rs = randomSwap({ words }, 1, rand).words;
  assert.deepEqual([...rs].sort(), [...words].sort());
  assert.equal(randomDelete({ words }, 1, rand).words.length, 1); // never empty
  assert.equal(randomDelete({ words }, 0, rand).words.length, 4);
});

test('tagging augmentation leaves entity tokens and their tags intact', () => {
  const tagging: AnyRecord = {
    kind: 'tagging',
    data: { tokens: ['the', 'quick', 'John', 'Smith', 'saw', 'a', 'happy', 'film', 'in', 'Paris'], tags: ['O', 'O', 'B-PER', 'I-PER', 'O', 'O', 'O', 'O', 'O', 'B-LOC'] },
  };
  const copies = new Augmenter({ copies: 20, seed: 3, synonyms, alpha: 0.3, pDelete: 0.3 }).augment(tagging);
  for (const c of copies) {
    const { tokens, tags } = c.data as { tokens: string[]; tags: string[] };
    assert.equal(tokens.length, tags.length);
    const per = tags.indexOf('B-PER');
    assert.deepEqual([tokens[per], tokens[per + 1], tags[per + 1]], ['John', 'Smith', 'I-PER']);
    assert.equal(tokens[tags.indexOf('B-LOC')], 'Paris');
  }
});

test('completion augmentation changes the prompt only', () => {
  const r: AnyRecord = { kind: 'completion', data: { prompt: 'a quick question about a film', completion: 'the quick answer' } };
  for (const c of new Augmenter({ copies: 5, seed: 1, synonyms }).augment(r)) {
    assert.equal((c.data as { completion: string }).completion, 'the quick answer');
  }
});
