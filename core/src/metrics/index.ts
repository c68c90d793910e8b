// Evaluation metrics, reproducing scikit-learn 1.9, sacrebleu 2.6, torchmetrics, seqeval, NLTK and the SQuAD v1.1 script.
export { uniqueLabels, type Label } from './labels.ts';
export {
  accuracyScore, f1Score, fbetaScore, perClassPrecisionRecallF, precisionRecallF, precisionScore, recallScore,
  type AveragedPrf, type Average, type PerClassPrf, type PrfOptions, type ZeroDivision,
} from './classification.ts';
export { confusionMatrix, type ConfusionMatrixOptions } from './confusion-matrix.ts';
export { rocAucOvr, rocAucScore, rocCurve, trapezoidArea, type OvrOptions, type RocCurve } from './auc.ts';
export { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from './regression.ts';
export {
  entityF1, entityScores, getEntities, tokenAccuracy, type Entity, type EntityScoreOptions, type EntityScores, type TypeScores,
} from './token.ts';
export {
  isSacreChineseChar, sacreTokenizer, tokenize13a, tokenizeChar, tokenizeRegexp, tokenizeZh, type SacreTokenizerName,
} from './sacrebleu-tokenizers.ts';
export { computeBleu, corpusBleu, sentenceBleu, type BleuOptions, type BleuScore, type References, type SmoothMethod } from './bleu.ts';
export { parseBleuSignature } from './bleu-signature.ts';
export { corpusChrf, sentenceChrf, type ChrfOptions } from './chrf.ts';
export { lcsLength, rougeScore, rougeTokens, type Prf, type RougeKey, type RougeOptions } from './rouge.ts';
export { meanMeteor, meteorScore, type MeteorOptions } from './meteor.ts';
export { normalizeAnswer, squadExactMatch, squadF1, squadScores, type SquadScores } from './squad.ts';
export { perplexityFromLogits, perplexityFromNll, tokenNll } from './perplexity.ts';
export { checkGolden, GoldenFormatError, type GoldenCheck, type Unrecognized } from './check.ts';
export { compareToGolden, defaultTolerance, type Comparison, type Tolerance } from './compare.ts';
