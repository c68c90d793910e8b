// `edgetune demo sentiment`: train the bundled sentiment task and print the validation accuracy curve.
import { join, resolve } from 'node:path';
import { intOption, parse, UsageError } from '../cli/args.ts';
import type { Device } from '../graph/index.ts';
import { sentimentDataset, trainSentimentDemo, type CurvePoint } from './sentiment.ts';

export const sentimentUsage = `edgetune demo sentiment [--steps 250] [--lr 0.003] [--seed 0] [--device cpu|webgpu|cuda]

Generates a tiny random GPT-2 and a templated sentiment dataset (with negations) into
$EDGETUNE_DATA_DIR/demo-sentiment (default ./.edgetune/demo-sentiment), trains a sequence-classification
LoRA (score head + LoRA r 8) on it with \`edgetune train --task sequence-classification\` (the command is
printed), prints validation accuracy as it learns, and saves the adapter in PEFT's SEQ_CLS format next to
validation.jsonl, ready for \`edgetune eval\`.`;

/** Shell-quotes an argument when it needs it, so the printed command can be pasted. */
const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);

const bar = (p: CurvePoint) => `${String(p.step).padStart(5)}  ${(p.accuracy * 100).toFixed(1).padStart(5)}%  ${'#'.repeat(Math.round(p.accuracy * 40)).padEnd(40)}  ${Number.isNaN(p.trainLoss) ? '' : `train loss ${p.trainLoss.toFixed(3)}`}`;

export async function runSentimentDemo(argv: string[]): Promise<number> {
  const { values } = parse(argv, { steps: { type: 'string' }, lr: { type: 'string' }, seed: { type: 'string' }, device: { type: 'string', default: 'cpu' } });
  const root = resolve(process.env.EDGETUNE_DATA_DIR ?? '.edgetune', 'demo-sentiment');
  const seed = intOption(values.seed, 'seed', 0);
  const lr = values.lr === undefined ? undefined : Number(values.lr);
  if (lr !== undefined && !(lr > 0)) throw new UsageError(`--lr must be a positive number, got '${values.lr}'`);
  const data = sentimentDataset({ seed });
  console.log(`sentiment demo: ${data.train.length} training and ${data.validation.length} validation reviews, e.g. "${data.train[1]!.text}" (positive), "${data.train.find((r) => / not | never | hardly /.test(r.text))!.text}"`);
  console.log('a tiny random GPT-2 (hidden 64, 2 layers) learns them with a LoRA + score head:\n');
  const result = await trainSentimentDemo({
    onStart: (args) => console.log(`$ edgetune train ${args.map(quote).join(' ')}\n\n step  accuracy`),
    modelDir: join(root, 'model'), seed, device: values.device as Device,
    steps: values.steps === undefined ? undefined : intOption(values.steps, 'steps', 250),
    lr,
    onEval: (p) => console.log(bar(p)),
  });
  const adapterDir = join(root, 'adapter');
  const valPath = join(root, 'validation.jsonl');
  console.log(`\nvalidation accuracy ${(result.curve[0]!.accuracy * 100).toFixed(1)}% → ${(result.accuracy * 100).toFixed(1)}% in ${result.seconds.toFixed(1)} s (${result.trainableParams.toLocaleString('en-US')} trainable parameters)`);
  console.log(`adapter (PEFT SEQ_CLS LoRA): ${adapterDir}`);
  console.log(`score it again: edgetune eval --model ${join(root, 'model')} --adapter ${adapterDir} --data ${valPath}`);
  return 0;
}
