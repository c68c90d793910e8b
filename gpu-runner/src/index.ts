// @edgetune/gpu-runner: the training runner (lease protocol client, runner loop, CLI).
export { RunnerClient, RunnerHttpError, type FetchLike, type LeasedJob } from './client.ts';
export { Runner, StopRequested, type RunnerOptions } from './runner.ts';
export { chooseDevice, type DeviceChoice, type DevicePreference } from './device.ts';
export { loadPlugins, splitSpecs } from './plugins.ts';
export { packDir, readPack, unpackTo } from './pack.ts';
export { run, runnerMain, summary, usage } from './cli.ts';
