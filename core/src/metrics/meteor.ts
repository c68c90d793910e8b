// METEOR as NLTK's nltk.translate.meteor_score computes it (NLTK 3.8), restricted to its exact-match
// stage: no WordNet synonyms and, unless a stemmer is passed, no stem stage, since neither can be
// downloaded here. Scores therefore match NLTK's only where NLTK's later stages find nothing extra.
// Parameters: alpha 0.9, beta 3, gamma 0.5 (NLTK's defaults); tokens are lowercased first.
import { pySplit } from './text.ts';

export interface MeteorOptions {
  alpha?: number;
  beta?: number;
  gamma?: number;
  /** Applied to every token before matching (NLTK's `preprocess`, str.lower by default). */
  preprocess?: (token: string) => string;
  /** Optional second stage matching stems of still-unmatched words (NLTK uses a Porter stemmer here). */
  stemmer?: (token: string) => string;
}

type Enum = [index: number, word: string][];

/** NLTK's _match_enums: from the end of the hypothesis, pair each word with its last unmatched copy in the reference. */
function matchEnums(hyp: Enum, ref: Enum): [number, number][] {
  const matches: [number, number][] = [];
  for (let i = hyp.length - 1; i >= 0; i--) {
    for (let j = ref.length - 1; j >= 0; j--) {
      if (hyp[i][1] === ref[j][1]) {
        matches.push([hyp[i][0], ref[j][0]]);
        hyp.splice(i, 1);
        ref.splice(j, 1);
        break;
      }
    }
  }
  return matches;
}

/** Number of runs of matches that are adjacent in both hypothesis and reference. */
function countChunks(matches: readonly [number, number][]): number {
  let chunks = 1;
  for (let i = 0; i < matches.length - 1; i++) {
    const adjacent = matches[i + 1][0] === matches[i][0] + 1 && matches[i + 1][1] === matches[i][1] + 1;
    if (!adjacent) chunks++;
  }
  return chunks;
}

const toTokens = (x: string | readonly string[]) => (typeof x === 'string' ? pySplit(x) : [...x]);

function singleMeteor(hypothesis: readonly string[], reference: readonly string[], o: MeteorOptions): number {
  const pre = o.preprocess ?? ((t: string) => t.toLowerCase());
  const hyp: Enum = hypothesis.map((w, i) => [i, pre(w)]);
  const ref: Enum = reference.map((w, i) => [i, pre(w)]);
  const matches = matchEnums(hyp, ref);
  const stem = o.stemmer;
  if (stem) {
    const stemmed = (e: Enum): Enum => e.map(([i, w]) => [i, stem(w)]);
    matches.push(...matchEnums(stemmed(hyp), stemmed(ref)));
  }
  matches.sort((a, b) => a[0] - b[0]);
  if (matches.length === 0 || hypothesis.length === 0 || reference.length === 0) return 0;
  const { alpha = 0.9, beta = 3, gamma = 0.5 } = o;
  const precision = matches.length / hypothesis.length;
  const recall = matches.length / reference.length;
  const fmean = (precision * recall) / (alpha * precision + (1 - alpha) * recall);
  const penalty = gamma * (countChunks(matches) / matches.length) ** beta;
  return (1 - penalty) * fmean;
}

/** METEOR of one hypothesis: the best score over its references. Strings are split on whitespace. */
export function meteorScore(
  hypothesis: string | readonly string[], references: readonly (string | readonly string[])[], options: MeteorOptions = {},
): number {
  if (references.length === 0) throw new RangeError('meteorScore: no references');
  const hyp = toTokens(hypothesis);
  return Math.max(...references.map((r) => singleMeteor(hyp, toTokens(r), options)));
}

/** Mean sentence METEOR over a corpus (what HF `evaluate`'s meteor reports). */
export function meanMeteor(
  hyps: readonly (string | readonly string[])[], refs: readonly (string | readonly (string | readonly string[])[])[],
  options: MeteorOptions = {},
): number {
  if (hyps.length !== refs.length) throw new RangeError(`meanMeteor: ${hyps.length} hypotheses but ${refs.length} reference sets`);
  if (hyps.length === 0) throw new RangeError('meanMeteor: input is empty');
  const scores = hyps.map((h, i) => meteorScore(h, typeof refs[i] === 'string' ? [refs[i] as string] : (refs[i] as readonly (string | readonly string[])[]), options));
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}
