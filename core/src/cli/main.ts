import { UsageError } from './args.ts';

interface Command {
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

// Loaded lazily: `edgetune --help` should not pay for onnxruntime.
const COMMANDS: Record<string, () => Promise<Command>> = {
  train: () => import('./commands/train.ts'),
  forward: () => import('./commands/forward.ts'),
  methods: () => import('./commands/methods.ts'),
  'tiny-random': () => import('./commands/tiny-random.ts'),
  demo: () => import('./commands/demo.ts'),
  eval: () => import('./commands/eval.ts'),
  metrics: () => import('./commands/metrics.ts'),
  serve: () => import('./commands/serve.ts'),
  'inference-node': () => import('./commands/inference-node.ts'),
  runner: () => import('./commands/runner.ts'),
  'export-tb': () => import('./commands/export-tb.ts'),
  'model-manifest': () => import('./commands/model-manifest.ts'),
};

async function help(): Promise<string> {
  const lines = ['edgetune — fine-tune language models and serve many adapters from one base model', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(15)} ${(await load()).summary}`);
  lines.push('', 'Run `edgetune <command> --help` for a command\'s options.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await help());
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`edgetune: unknown command '${name}'\n\n${await help()}`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`edgetune ${name}: ${err.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    console.error(`edgetune ${name}: ${(err as Error).message}`);
    if (process.env.EDGETUNE_DEBUG) console.error((err as Error).stack);
    return 1;
  }
}
