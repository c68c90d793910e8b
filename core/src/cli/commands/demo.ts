import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeTinyRandomModel } from '../../weights/index.ts';
import type { TrainRecord } from '../../train/records.ts';
import { parse } from '../args.ts';
import { shortPath, trainWithProgress } from './train.ts';

export const summary = 'generate a tiny model and corpus, then fine-tune LoRA on them (what `npm start` runs)';
export const usage = `edgetune demo [--steps 60] [--device cpu|webgpu|cuda]
       edgetune demo sentiment [--steps 250] [--lr 0.003] [--seed 0] [--device cpu|webgpu|cuda]

Writes a random GPT-2 model and a patterned corpus into $EDGETUNE_DATA_DIR/demo (default ./.edgetune/demo),
trains a LoRA adapter on them with a progress bar, and prints where the adapter and metrics went.
\`demo sentiment\` trains a sequence-classification LoRA on a generated sentiment task instead and prints
its validation accuracy curve.`;

const COLORS = ['red', 'blue', 'green', 'yellow'];
const ANIMALS = ['cat', 'dog', 'fox', 'owl', 'bear'];
const VERBS = ['sees', 'likes', 'finds'];
const THINGS = ['ball', 'tree', 'moon', 'fish', 'box'];

/**
 * 300 sentences from fixed word lists plus 40 prompt/completion pairs: deterministic, and regular
 * enough that a few dozen steps visibly lower the loss.
 */
export function demoCorpus(): TrainRecord[] {
  const out: TrainRecord[] = [];
  for (const c of COLORS) for (const a of ANIMALS) for (const v of VERBS) for (const t of THINGS) {
    out.push({ kind: 'text', text: `the ${c} ${a} ${v} the ${t}.` });
  }
  for (let i = 0; i < 40; i++) {
    const a = ANIMALS[i % ANIMALS.length]!;
    const c = COLORS[(i * 3) % COLORS.length]!;
    out.push({ kind: 'completion', prompt: `which ${a} is ${c}?`, completion: ` the ${c} ${a}.` });
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'sentiment') return (await import('../../demo/sentiment-cli.ts')).runSentimentDemo(argv.slice(1));
  const { values } = parse(argv, { steps: { type: 'string', default: '60' }, device: { type: 'string', default: 'cpu' } });
  const root = resolve(process.env.EDGETUNE_DATA_DIR ?? '.edgetune', 'demo');
  const modelDir = join(root, 'model');
  const dataPath = join(root, 'data.jsonl');
  // Hidden 256, not smaller: with frozen random embeddings (std 0.02) the reachable logit range grows
  // with the width, and at 64 the loss could barely move whatever LoRA learns.
  writeTinyRandomModel(modelDir, { arch: 'gpt2', vocabSize: 512, hidden: 256, layers: 2, heads: 4, maxPositions: 128, seed: 0 });
  const corpus = demoCorpus();
  writeFileSync(dataPath, corpus.map(({ kind: _, ...r }) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`generated a tiny random GPT-2 model (vocab 512, hidden 256, 2 layers) in ${shortPath(modelDir)}`);
  console.log(`generated a ${corpus.length}-line demo corpus in ${shortPath(dataPath)}`);
  console.log('these are demo files, not a real model: the point is to watch the loss fall.\n');

  const losses: number[] = [];
  const result = await trainWithProgress({
    model: modelDir, data: dataPath, out: join(root, 'run'), method: 'lora',
    methodConfig: { r: 8, lora_alpha: 16, target_modules: ['c_attn', 'c_proj', 'c_fc'] },
    steps: Number(values.steps), batch: 8, seq: 64,
    optimizer: { type: 'adamw', lr: 5e-3 }, schedule: { type: 'cosine', warmupSteps: 5, minRatio: 0.1 },
    device: values.device as 'cpu', seed: 0,
    onStep: (e) => losses.push(e.loss),
  });
  const marks = [...new Set([0, ...[0.25, 0.5, 0.75].map((f) => Math.round(f * losses.length) - 1), losses.length - 1])].filter((i) => i >= 0);
  console.log(`loss by step: ${marks.map((i) => `${i + 1}: ${losses[i]!.toFixed(2)}`).join(' → ')}`);
  console.log(`the LoRA adapter (PEFT format) is in ${shortPath(result.adapterDir)}`);
  return 0;
}
