// `edgetune runner`: the gpu-runner's CLI. Imported at run time by name so core does not depend on
// @edgetune/gpu-runner (a core-only install still lists the command and says what is missing).
export const summary = 'lease training jobs from an edgetune server and train them (gpu-runner)';
export const usage = `edgetune runner --server URL --token KEY [--device auto|cpu|webgpu|cuda] [--plugins name,pkg,./path]
       [--work-dir DIR] [--concurrency 1] [--checkpoint-every 100] [--poll-ms 2000] [--runner-id NAME]
(flags also as EDGETUNE_* environment variables; see gpu-runner/README.md)`;

interface RunnerCli {
  run(argv: string[]): Promise<number>;
}

export async function run(argv: string[]): Promise<number> {
  const pkg = '@edgetune/gpu-runner';
  let cli: RunnerCli;
  try {
    cli = (await import(`${pkg}/cli.ts`)) as RunnerCli;
  } catch (e) {
    throw new Error(`${pkg} is not installed (npm install ${pkg}): ${(e as Error).message}`);
  }
  return cli.run(argv);
}
