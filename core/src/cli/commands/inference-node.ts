// `edgetune inference-node --model DIR`: the process a Workers deployment forwards completions and
// drift scoring to (INFERENCE_URL, or a service binding), holding the base model weights a Worker
// cannot. The edge package is imported on demand, so the engine does not depend on it.
import { intOption, modelSpecList, parse } from '../args.ts';

export const summary = 'serve base models to a Workers deployment (its INFERENCE_URL): completions and drift scoring';
export const usage = `edgetune inference-node --model DIR|ID=DIR [--model …] [--port 8788] [--host 0.0.0.0]
       [--token SECRET (or EDGETUNE_INFERENCE_TOKEN; the Worker's INFERENCE_TOKEN)] [--adapter-budget-mb 512]`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    model: { type: 'string', multiple: true }, port: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' },
    'adapter-budget-mb': { type: 'string' },
  }, ['model']);
  const models = modelSpecList(values.model!);
  const { startInferenceNode } = await import('@edgetune/edge/node');
  const server = await startInferenceNode({
    models,
    port: intOption(values.port, 'port', 8788),
    host: values.host,
    token: values.token ?? process.env.EDGETUNE_INFERENCE_TOKEN,
    adapterBudgetBytes: intOption(values['adapter-budget-mb'], 'adapter-budget-mb', 512) * 2 ** 20,
  });
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
  return 0;
}
