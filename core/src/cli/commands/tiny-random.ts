import { runTinyRandomCli } from '../../weights/index.ts';
import { parse } from '../args.ts';

export const summary = 'write a random Hugging Face-format model folder of any size (tests, benchmarks, demos)';
export const usage = `edgetune tiny-random --out DIR --arch gpt2|llama --vocab-size N --hidden N --layers N --heads N --max-positions N
       [--kv-heads N] [--intermediate N] [--model-type llama|mistral|qwen2] [--tie-embeddings true|false]
       [--seed 0] [--dtype float32|float16|bfloat16] [--shard-bytes N]`;

const FLAGS = ['out', 'arch', 'model-type', 'vocab-size', 'hidden', 'layers', 'heads', 'kv-heads', 'intermediate', 'max-positions', 'seed', 'dtype', 'tie-embeddings', 'shard-bytes'];

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, Object.fromEntries(FLAGS.map((f) => [f, { type: 'string' as const }])), ['out', 'arch']);
  const result = runTinyRandomCli(values);
  const c = result.config;
  console.log(`wrote ${values.out}: ${c.modelType}, ${c.layers} layers, hidden ${c.hidden}, vocab ${c.vocabSize} (${result.files.join(', ')})`);
  return 0;
}
