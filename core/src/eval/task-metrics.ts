// Metrics per task from predictions, with core/src/metrics (scikit-learn, seqeval and torchmetrics semantics).
// Keys follow shared/fixtures/metrics/golden.json where it has one (accuracy, f1_macro, roc_auc, mae, ...).
import {
  accuracyScore, confusionMatrix, entityScores, meanAbsoluteError, meanSquaredError, perplexityFromNll, precisionRecallF,
  r2Score, rocAucOvr, rocAucScore, rootMeanSquaredError, tokenAccuracy,
} from '../metrics/index.ts';
import { argmax, logSoftmax } from './predict.ts';

/** A metric's value; null where it is undefined for this data (e.g. AUC with one class present). */
export type MetricValue = number | null | number[][];
export type Metrics = Record<string, MetricValue>;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Accuracy; macro/micro/weighted P/R/F1; ROC AUC (binary, or one-vs-rest macro/weighted); mean CE; confusion matrix. */
export function classificationMetrics(yTrue: readonly number[], logits: readonly (readonly number[])[]): Metrics {
  const n = logits[0]!.length;
  const logProbs = logits.map((row) => logSoftmax(row));
  const probs = logProbs.map((row) => row.map(Math.exp));
  const yPred = logits.map((row) => argmax(row));
  const m: Metrics = { accuracy: accuracyScore(yTrue, yPred) };
  for (const average of ['macro', 'micro', 'weighted'] as const) {
    const s = precisionRecallF(yTrue, yPred, { average });
    Object.assign(m, { [`precision_${average}`]: s.precision, [`recall_${average}`]: s.recall, [`f1_${average}`]: s.fbeta });
  }
  const present = new Set(yTrue).size;
  const classes = Array.from({ length: n }, (_, i) => i);
  if (n === 2) {
    m.roc_auc = present === 2 ? rocAucScore(yTrue, probs.map((p) => p[1]!), { posLabel: 1 }) : null;
  } else {
    // sklearn's ovr AUC needs every class in y_true; renormalized float32 probabilities are fine.
    const ok = present === n;
    const rows = probs.map((p) => {
      const s = p.reduce((a, b) => a + b, 0);
      return p.map((x) => x / s);
    });
    m.roc_auc_ovr_macro = ok ? rocAucOvr(yTrue, rows, { labels: classes }) : null;
    m.roc_auc_ovr_weighted = ok ? rocAucOvr(yTrue, rows, { labels: classes, average: 'weighted' }) : null;
  }
  m.loss = mean(yTrue.map((y, i) => -logProbs[i]![y]!));
  m.confusion_matrix = confusionMatrix(yTrue, yPred, { labels: classes });
  return m;
}

export function regressionMetrics(yTrue: readonly number[], yPred: readonly number[]): Metrics {
  return { mae: meanAbsoluteError(yTrue, yPred), mse: meanSquaredError(yTrue, yPred), rmse: rootMeanSquaredError(yTrue, yPred), r2: r2Score(yTrue, yPred) };
}

/** Per-word tags (first sub-token's prediction): token accuracy, seqeval entity P/R/F1 (micro), mean CE. */
export function taggingMetrics(gold: readonly (readonly string[])[], pred: readonly (readonly string[])[], logProbs: readonly number[]): Metrics {
  const e = entityScores(gold, pred);
  return {
    token_accuracy: tokenAccuracy(gold, pred),
    entity_precision: e.precision,
    entity_recall: e.recall,
    entity_f1: e.f1,
    loss: mean(logProbs.map((x) => -x)),
  };
}

/**
 * Mean token NLL and perplexity over every scored token; next-token accuracy (greedy); and, for prompt/
 * completion examples, teacher-forced exact match: every completion token is the argmax given the gold prefix.
 */
export function lmMetrics(scores: readonly { nll: number[]; hit: number[]; completion: boolean }[]): Metrics {
  const nll = scores.flatMap((s) => s.nll);
  const hits = scores.flatMap((s) => s.hit);
  const m: Metrics = { loss: mean(nll), perplexity: perplexityFromNll(nll), token_accuracy: mean(hits) };
  const completions = scores.filter((s) => s.completion);
  if (completions.length > 0) m.exact_match = mean(completions.map((s) => (s.hit.every((h) => h === 1) ? 1 : 0)));
  return m;
}
