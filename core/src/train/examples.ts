// Records → token examples: ids plus labels (-100 where no loss is taken), each at most `seq` long.
import type { Tokenizer } from '../tokenizer/index.ts';
import type { TrainRecord } from './records.ts';

export const IGNORE = -100;

export interface Example {
  ids: number[];
  labels: number[];
}

/**
 * The causal loss at position t scores labels[t] from tokens before it, so a label at index 0 of a
 * row never counts; an example must have a label past its first token to teach anything.
 */
export function hasLoss(e: Example): boolean {
  return e.labels.some((l, i) => i > 0 && l !== IGNORE);
}

/** Appends EOS (once: some post-processors add it already) so the model learns where text ends. */
function withEos(ids: number[], eos: number): number[] {
  return ids[ids.length - 1] === eos ? ids : [...ids, eos];
}

/**
 * Text: loss on every token, split into `seq`-long pieces. Prompt/completion: the prompt's labels
 * are -100 (completion-only loss), truncated to `seq` from the right.
 */
export function toExamples(rec: TrainRecord, tok: Tokenizer, eos: number, seq: number): Example[] {
  if (rec.kind === 'text') {
    const ids = withEos(tok.encode(rec.text), eos);
    const out: Example[] = [];
    for (let i = 0; i < ids.length; i += seq) {
      const piece = ids.slice(i, i + seq);
      out.push({ ids: piece, labels: [...piece] });
    }
    return out.filter(hasLoss);
  }
  const prompt = tok.encode(rec.prompt);
  const completion = withEos(tok.encode(rec.completion, { addSpecialTokens: false }), eos);
  const ids = [...prompt, ...completion].slice(0, seq);
  const labels = [...prompt.map(() => IGNORE), ...completion].slice(0, seq);
  const e = { ids, labels };
  return hasLoss(e) ? [e] : [];
}
