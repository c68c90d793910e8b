// `edgetune serve --model DIR`: the edge app's Node flavour (HTTP API, in-process runner and
// inference) over real Hugging Face-format models. The edge package is imported on demand, so
// the engine does not depend on it.
import { intOption, modelSpecList, parse } from '../args.ts';

export const summary = 'run the HTTP API (datasets, jobs, adapters, completions) over Hugging Face-format models';
export const usage = `edgetune serve --model DIR|ID=DIR [--model …] [--port 8787] [--host 0.0.0.0]
       [--data-dir ./.edgetune] [--no-runner] [--no-inference]`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    model: { type: 'string', multiple: true }, port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' },
    'no-runner': { type: 'boolean' }, 'no-inference': { type: 'boolean' },
  }, ['model']);
  const models = modelSpecList(values.model!);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EDGETUNE_BASE_MODEL: models,
    PORT: String(intOption(values.port, 'port', Number(process.env.PORT ?? 8787))),
    ...(values.host ? { HOST: values.host } : {}),
    ...(values['data-dir'] ? { EDGETUNE_DATA_DIR: values['data-dir'] } : {}),
    ...(values['no-runner'] ? { EDGETUNE_RUNNER: '0' } : {}),
    ...(values['no-inference'] ? { EDGETUNE_INFERENCE: '0' } : {}),
  };
  const { startNode } = await import('@edgetune/edge/node');
  const server = await startNode(env);
  await new Promise<void>((done) => {
    const stop = () => {
      console.log('stopping (waiting for the current training step)…');
      void server.stop().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
