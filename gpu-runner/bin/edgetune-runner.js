#!/usr/bin/env node
// `edgetune-runner` (the container's entry point): the runner CLI. It is TypeScript; tsx compiles it
// on the fly, so no build step is needed. Same as `edgetune runner`.
import { register } from 'tsx/esm/api';
register();
const { runnerMain } = await import('../src/cli.ts');
process.exit(await runnerMain(process.argv.slice(2)));
