// Opt-in EDA augmentation: n extra copies per record, each made by one randomly chosen
// operation. Deterministic: the random stream is seeded by (seed, record content), so a record
// gets the same copies wherever it sits in the file. Labels, values, tags and completions are
// never changed; only the input side is (classification/regression text, completion prompt,
// qa question, chat user turns, tagging tokens).
import { randomDelete, randomInsert, randomSwap, synonymReplace, type Synonyms, type Words } from './augment-ops.ts';
import { Hash64 } from './hash.ts';
import { deriveSeed, mulberry32, randInt } from './random.ts';
import { hashRecordKey } from './record-text.ts';
import type { AnyRecord } from './schemas.ts';

export interface AugmentOptions {
  /** Augmented copies per record (the original is kept separately). */
  copies: number;
  seed?: number;
  /** word -> synonyms; keys are matched lower-cased. */
  synonyms?: Record<string, readonly string[]> | Synonyms;
  /** EDA α: fraction of words changed by replacement, insertion and swap (default 0.1). */
  alpha?: number;
  /** Probability of deleting each word (default 0.1). */
  pDelete?: number;
  /** Operations to choose from (default all that can apply). */
  ops?: readonly AugmentOp[];
}

export type AugmentOp = 'synonym' | 'insert' | 'swap' | 'delete';

export class Augmenter {
  private readonly syn: Synonyms;
  private readonly opts: AugmentOptions;

  constructor(opts: AugmentOptions) {
    this.opts = opts;
    const s = opts.synonyms ?? {};
    this.syn = s instanceof Map ? s : new Map(Object.entries(s).map(([k, v]) => [k.toLowerCase(), v]));
  }

  /** The augmented copies of rec (not including rec itself). */
  augment(rec: AnyRecord): AnyRecord[] {
    const rand = mulberry32(deriveSeed(this.opts.seed ?? 0, 'augment', hashRecordKey(new Hash64(), rec).hex()));
    const out: AnyRecord[] = [];
    for (let c = 0; c < this.opts.copies; c++) out.push(this.copy(rec, rand));
    return out;
  }

  private copy(rec: AnyRecord, rand: () => number): AnyRecord {
    const text = (s: string) => this.apply({ words: splitWords(s) }, rand).words.join(' ');
    switch (rec.kind) {
      case 'classification':
        return { kind: rec.kind, data: { ...rec.data, text: text(rec.data.text) } };
      case 'regression':
        return { kind: rec.kind, data: { ...rec.data, text: text(rec.data.text) } };
      case 'completion':
        return { kind: rec.kind, data: { ...rec.data, prompt: text(rec.data.prompt) } };
      case 'qa':
        return { kind: rec.kind, data: { ...rec.data, question: text(rec.data.question) } };
      case 'chat':
        return { kind: rec.kind, data: { messages: rec.data.messages.map((m) => (m.role === 'user' ? { ...m, content: text(m.content) } : m)) } };
      case 'tagging': {
        const w = this.apply({ words: rec.data.tokens, tags: rec.data.tags }, rand);
        return { kind: rec.kind, data: { tokens: w.words, tags: w.tags! } };
      }
    }
  }

  // An operation can leave the words as they were (swapping two equal words, a synonym list
  // that maps a word to itself, a deletion that would empty the text), and a copy equal to its
  // original only oversamples it. So a few more draws are taken from the same seeded stream.
  private apply(w: Words, rand: () => number): Words {
    let out = w;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && sameWords(out, w); attempt++) out = this.applyOnce(w, rand);
    return out;
  }

  private applyOnce(w: Words, rand: () => number): Words {
    if (w.words.length === 0) return w;
    const hasSyn = this.syn.size > 0;
    const ops = (this.opts.ops ?? ['synonym', 'insert', 'swap', 'delete']).filter((op) => hasSyn || (op !== 'synonym' && op !== 'insert'));
    if (ops.length === 0) return w;
    const n = Math.max(1, Math.round((this.opts.alpha ?? 0.1) * w.words.length));
    switch (ops[randInt(rand, ops.length)]!) {
      case 'synonym':
        return synonymReplace(w, n, this.syn, rand);
      case 'insert':
        return randomInsert(w, n, this.syn, rand);
      case 'swap':
        return randomSwap(w, n, rand);
      case 'delete':
        return randomDelete(w, this.opts.pDelete ?? 0.1, rand);
    }
  }
}

const MAX_ATTEMPTS = 8;

function sameWords(a: Words, b: Words): boolean {
  return a.words.length === b.words.length && a.words.every((x, i) => x === b.words[i]);
}

function splitWords(s: string): string[] {
  const t = s.trim();
  return t === '' ? [] : t.split(/\s+/);
}
