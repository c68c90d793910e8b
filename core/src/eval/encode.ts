// Records → token ids plus what each task scores: a class or value per row, a tag per word, next tokens.
import type { Tokenizer } from '../tokenizer/index.ts';
import type { ClassificationRecord, LmRecord, RegressionRecord, TaggingRecord } from './records.ts';

export const IGNORE = -100;

/** A sequence task row: ids and the class index (classification) or value (regression). */
export interface SequenceExample {
  ids: number[];
  target: number;
}

/** A tagging row: the tag index at each word's first sub-token, IGNORE elsewhere (as HF token classification). */
export interface TokenExample {
  ids: number[];
  labels: number[];
}

/** A causal-LM row: labels are ids where the loss counts (completion only for prompt/completion records). */
export interface LmExample {
  ids: number[];
  labels: number[];
  /** From a prompt/completion record: scored for exact match. */
  completion: boolean;
}

/** Class index of a label: integers are their own index; names are looked up in `names`. */
export function classIndex(label: number | string, names: readonly string[] | undefined, numLabels: number): number {
  let i = label as number;
  if (typeof label === 'string') {
    if (!names) throw new Error(`label '${label}' is a name, but no label names are known (give --labels, or save them with the adapter)`);
    i = names.indexOf(label);
    if (i < 0) throw new Error(`unknown label '${label}' (labels: ${names.join(', ')})`);
  }
  if (i >= numLabels) throw new Error(`label ${label} is out of range for ${numLabels} labels`);
  return i;
}

/** transformers truncates from the right: a row keeps its first `seq` tokens. */
export function encodeSequence(r: ClassificationRecord | RegressionRecord, tok: Tokenizer, seq: number, target: number): SequenceExample {
  return { ids: tok.encode(r.text).slice(0, seq), target };
}

/** Words are encoded one at a time (a space before each but the first, as running byte-level BPE text). */
export function encodeTagging(r: TaggingRecord, tok: Tokenizer, seq: number, tagIndex: (tag: string) => number): TokenExample {
  const ids: number[] = [];
  const labels: number[] = [];
  r.tokens.forEach((word, w) => {
    const sub = tok.encode(w === 0 ? word : ` ${word}`, { addSpecialTokens: false });
    const tag = tagIndex(r.tags[w]!);
    sub.forEach((id, k) => {
      ids.push(id);
      labels.push(k === 0 ? tag : IGNORE);
    });
  });
  return { ids: ids.slice(0, seq), labels: labels.slice(0, seq) };
}

/** Like training: text gets EOS and is cut into `seq`-long pieces; prompt/completion scores the completion + EOS. */
export function encodeLm(r: LmRecord, tok: Tokenizer, eos: number, seq: number): LmExample[] {
  const withEos = (ids: number[]) => (ids[ids.length - 1] === eos ? ids : [...ids, eos]);
  if ('text' in r) {
    const ids = withEos(tok.encode(r.text));
    const out: LmExample[] = [];
    for (let i = 0; i < ids.length; i += seq) out.push({ ids: ids.slice(i, i + seq), labels: ids.slice(i, i + seq), completion: false });
    return out.filter((e) => e.ids.length > 1);
  }
  const prompt = tok.encode(r.prompt);
  const completion = withEos(tok.encode(r.completion, { addSpecialTokens: false }));
  const ids = [...prompt, ...completion].slice(0, seq);
  const labels = [...prompt.map(() => IGNORE), ...completion].slice(0, seq);
  return labels.some((l, i) => i > 0 && l !== IGNORE) ? [{ ids, labels, completion: true }] : [];
}
