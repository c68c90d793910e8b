// What each section of a golden metrics file (layout of shared/fixtures/metrics/golden.json) holds:
// its inputs (validated with zod), the outputs we can recompute, and how.
import { z } from 'zod';
import { rocAucOvr, rocAucScore } from './auc.ts';
import { parseBleuSignature } from './bleu-signature.ts';
import { corpusBleu, sentenceBleu } from './bleu.ts';
import { corpusChrf } from './chrf.ts';
import { accuracyScore, precisionRecallF } from './classification.ts';
import { confusionMatrix } from './confusion-matrix.ts';
import { perplexityFromLogits, perplexityFromNll } from './perplexity.ts';
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from './regression.ts';
import { rougeScore, type RougeKey } from './rouge.ts';
import { squadExactMatch, squadF1 } from './squad.ts';

/** true: recomputed; a string: recognised but not supported (the reason); false: unknown. */
type OutputKind = boolean | string;

export interface Section<I = any> {
  schema: z.ZodType<I>;
  /** Keys read as inputs or metadata; never reported as outputs. */
  inputs: readonly string[];
  output: (key: string) => OutputKind;
  /** Computed when the section lists no outputs of its own. */
  defaults: readonly string[];
  compute: (input: I, key: string, expected: unknown) => unknown;
  /** Nested sections; they see the parent's parsed input too. */
  children?: Record<string, (parent: I) => Section>;
}

const Label = z.union([z.number(), z.string()]);
const Labels = z.array(Label).min(1);
const Numbers = z.array(z.number()).min(1);
const Texts = z.array(z.string()).min(1);
const Refs = z.array(z.union([z.string(), z.array(z.string()).min(1)])).min(1);
const oneOf = (keys: readonly string[]) => (k: string) => keys.includes(k);

const PRF = /^(precision|recall|f1)_(micro|macro|weighted)$/;
const classification: Section<{ y_true: (number | string)[]; y_pred: (number | string)[]; labels?: (number | string)[] }> = {
  schema: z.looseObject({ y_true: Labels, y_pred: Labels, labels: Labels.optional() }),
  inputs: ['y_true', 'y_pred', 'labels'],
  output: (k) => k === 'accuracy' || k === 'confusion_matrix' || PRF.test(k),
  defaults: ['accuracy', ...['precision', 'recall', 'f1'].flatMap((m) => ['macro', 'micro', 'weighted'].map((a) => `${m}_${a}`)), 'confusion_matrix'],
  compute: (d, key) => {
    if (key === 'accuracy') return accuracyScore(d.y_true, d.y_pred);
    if (key === 'confusion_matrix') return confusionMatrix(d.y_true, d.y_pred, { labels: d.labels });
    const [, metric, average] = PRF.exec(key)!;
    const s = precisionRecallF(d.y_true, d.y_pred, { average: average as 'micro' | 'macro' | 'weighted', labels: d.labels });
    return metric === 'precision' ? s.precision : metric === 'recall' ? s.recall : s.fbeta;
  },
};

const binary: Section<{ y_true: (number | string)[]; y_score: number[]; pos_label?: number | string }> = {
  schema: z.looseObject({ y_true: Labels, y_score: Numbers, pos_label: Label.optional() }),
  inputs: ['y_true', 'y_score', 'pos_label'],
  output: oneOf(['roc_auc']),
  defaults: ['roc_auc'],
  compute: (d) => rocAucScore(d.y_true, d.y_score, { posLabel: d.pos_label }),
};

const multiclassAuc: Section<{ y_true: (number | string)[]; probs: number[][]; labels?: (number | string)[] }> = {
  schema: z.looseObject({ y_true: Labels, probs: z.array(Numbers).min(1), labels: Labels.optional() }),
  inputs: ['y_true', 'probs', 'labels'],
  output: oneOf(['roc_auc_ovr_macro', 'roc_auc_ovr_weighted']),
  defaults: ['roc_auc_ovr_macro'],
  compute: (d, key) => rocAucOvr(d.y_true, d.probs, { labels: d.labels, average: key.endsWith('weighted') ? 'weighted' : 'macro' }),
};

const REGRESSION = { mae: meanAbsoluteError, mse: meanSquaredError, rmse: rootMeanSquaredError, r2: r2Score };
const regression: Section<{ y_true: number[]; y_pred: number[] }> = {
  schema: z.looseObject({ y_true: Numbers, y_pred: Numbers }),
  inputs: ['y_true', 'y_pred'],
  output: (k) => Object.hasOwn(REGRESSION, k),
  defaults: Object.keys(REGRESSION),
  compute: (d, key) => REGRESSION[key as keyof typeof REGRESSION](d.y_true, d.y_pred),
};

type Gen = { hyps: string[]; refs: (string | string[])[]; sacrebleu_signature?: string };
const GenSchema = z.looseObject({ hyps: Texts, refs: Refs, sacrebleu_signature: z.string().optional() });

const zh: Section<Gen> = {
  schema: GenSchema,
  inputs: ['hyps', 'refs'],
  output: oneOf(['sacrebleu_corpus_bleu_tokenize_zh']),
  defaults: ['sacrebleu_corpus_bleu_tokenize_zh'],
  compute: (d) => corpusBleu(d.hyps, d.refs, { tokenize: 'zh' }).score,
};

const ROUGE = /^(rouge[1-9]|rougeL)_(fmeasure|precision|recall)$/;
const rouge = (g: Gen): Section<unknown> => ({
  schema: z.looseObject({}),
  inputs: [],
  output: (k) => ROUGE.test(k) || (k.startsWith('rougeLsum_') && 'rougeLsum is not implemented (torchmetrics splits sentences with NLTK punkt)'),
  defaults: ['rouge1_fmeasure', 'rouge2_fmeasure', 'rougeL_fmeasure'],
  compute: (_, key) => rougeScore(g.hyps, g.refs, { keys: [ROUGE.exec(key)![1] as RougeKey] })[key],
});

const generation: Section<Gen> = {
  schema: GenSchema,
  inputs: ['hyps', 'refs'],
  output: oneOf(['sacrebleu_signature', 'sacrebleu_corpus_bleu', 'bleu_precisions', 'bleu_bp', 'chrf', 'sentence_bleu']),
  defaults: ['sacrebleu_signature', 'sacrebleu_corpus_bleu', 'bleu_precisions', 'bleu_bp', 'chrf', 'sentence_bleu'],
  compute: (d, key, expected) => {
    const options = parseBleuSignature(d.sacrebleu_signature ?? '13a');
    if (key === 'sacrebleu_signature') return d.sacrebleu_signature ?? '13a';
    if (key === 'chrf') return corpusChrf(d.hyps, d.refs);
    if (key === 'sentence_bleu') {
      // The reference stores sentence BLEU for the first N hypotheses.
      const n = Array.isArray(expected) ? Math.min(expected.length, d.hyps.length) : d.hyps.length;
      return d.hyps.slice(0, n).map((h, i) => sentenceBleu(h, d.refs[i], { tokenize: options.tokenize, lowercase: options.lowercase }).score);
    }
    const bleu = corpusBleu(d.hyps, d.refs, options);
    return key === 'sacrebleu_corpus_bleu' ? bleu.score : key === 'bleu_bp' ? bleu.bp : bleu.precisions;
  },
  children: { zh: () => zh, rouge_torchmetrics_fmeasure_mean: rouge },
};

const qa: Section<{ pred: string[]; gold: (string | string[])[] }> = {
  schema: z.looseObject({ pred: z.array(z.string()).min(1), gold: Refs, normalization: z.string().optional() }),
  inputs: ['pred', 'gold', 'normalization'],
  output: oneOf(['exact_match', 'f1']),
  defaults: ['exact_match', 'f1'],
  compute: (d, key) => d.pred.map((p, i) => (key === 'f1' ? squadF1 : squadExactMatch)(p, d.gold[i])),
};

type Ppl = { token_nll?: number[]; logits?: number[][]; targets?: number[]; ignore_index?: number };
const perplexity: Section<Ppl> = {
  schema: z
    .looseObject({ token_nll: Numbers.optional(), logits: z.array(Numbers).optional(), targets: z.array(z.number().int()).optional(), ignore_index: z.number().int().optional() })
    .refine((d) => d.token_nll !== undefined || (d.logits !== undefined && d.targets !== undefined), 'needs token_nll, or logits and targets'),
  inputs: ['token_nll', 'logits', 'targets', 'ignore_index'],
  output: oneOf(['perplexity']),
  defaults: ['perplexity'],
  compute: (d) => (d.token_nll ? perplexityFromNll(d.token_nll) : perplexityFromLogits(d.logits!, d.targets!, { ignoreIndex: d.ignore_index })),
};

export const SECTIONS: Record<string, Section> = {
  classification, binary, multiclass_auc: multiclassAuc, regression, generation, qa, perplexity,
};

/** Top-level keys that describe the file rather than hold metrics. */
export const METADATA_KEYS: readonly string[] = ['sources'];
