// One leased job: fetch the dataset and base model (cached by content hash), load the method
// plugin, resume from the lease's checkpoint when it has one, train with heartbeats, upload a
// checkpoint every N steps, then upload the adapter and complete. A stop request (SIGTERM)
// checkpoints the step it is at and releases the lease; a cancel stops after the current step.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readAdapterDir } from '@edgetune/core/engine/adapter-dir.ts';
import type { MethodRegistry } from '@edgetune/core/plugin/index.ts';
import { packAdapter } from '@edgetune/core/serve/adapter-blob.ts';
import { checkpointName, listCheckpoints } from '@edgetune/core/train/checkpoint.ts';
import { train } from '@edgetune/core/train/trainer.ts';
import type { ContentCache } from './cache.ts';
import { CheckpointUploads } from './checkpoint-uploads.ts';
import type { LeasedJob, RunnerClient } from './client.ts';
import type { DeviceChoice } from './device.ts';
import { JobInputError, JobInterrupted } from './errors.ts';
import { Heartbeat } from './heartbeat.ts';
import { modelFolder, records, resumePoint } from './job-inputs.ts';
import { packDir } from './pack.ts';
import { methodFor } from './plugins.ts';
import { trainConfigFor } from './train-options.ts';

export interface JobContext {
  client: RunnerClient;
  lease: LeasedJob;
  runnerId: string;
  workDir: string;
  cache: ContentCache;
  device: DeviceChoice;
  /** A local copy of the base model, when this runner has one (the in-process runner). */
  modelDir?(id: string): string | undefined;
  registry?: MethodRegistry;
  checkpointEvery: number;
  /** Longest gap between heartbeats; a third of the lease TTL when that is shorter. */
  heartbeatMs: number;
  /** Aborted on a stop request (SIGTERM): checkpoint, release, return. */
  stop: AbortSignal;
  log: (message: string) => void;
}

export async function trainLeasedJob(c: JobContext): Promise<Record<string, unknown>> {
  const { client, lease, log } = c;
  const interval = Math.max(200, Math.min(c.heartbeatMs, Math.floor((lease.ttl_ms ?? 3 * c.heartbeatMs) / 3)));
  // The step at which the server first said stop (cancel, or the lease is gone): the next step ends the run.
  let step = lease.resume_from?.step ?? 0;
  let heardAt: number | null = null;
  const heard = () => void (heardAt ??= step);
  const hb = new Heartbeat(client, lease.lease_id, interval, log, heard);
  const uploads = new CheckpointUploads(client, lease.lease_id, log, heard);
  hb.start();
  hb.note(`Runner ${c.runnerId} (attempt ${lease.attempt}) trains on ${c.device.device} (${c.device.reason})`);
  mkdirSync(join(c.workDir, 'runs'), { recursive: true });
  const out = mkdtempSync(join(c.workDir, 'runs', `${lease.job.id}-`));
  const ckRoot = join(out, 'checkpoints');
  try {
    const file = lease.files.training_file;
    if (!file) throw new JobInputError('no_training_file', 'the lease has no training_file');
    const data = await records(c, file);
    const vfile = lease.files.validation_file;
    const validation = vfile ? await records(c, vfile) : undefined;
    const model = await modelFolder(c);
    const plugin = await methodFor(lease.job.method.type, c.registry);
    const resume = await resumePoint(c, hb, out);
    let sent = lease.resume_from?.step ?? 0;
    let totalSteps = 0;
    // Anything past here that stops the run is a JobInterrupted, checked after every step.
    const interrupted = () =>
      hb.cancel ? new JobInterrupted('cancelled', `job ${lease.job.id} was cancelled: heard after step ${heardAt}, stopped after step ${step}`)
        : hb.lost || uploads.lost ? new JobInterrupted('lost', `lost the lease of job ${lease.job.id} after step ${step}: ${(hb.lost ?? uploads.lost)!.message}`)
        : undefined;
    if (c.stop.aborted) {
      // stopping before the first step: nothing new to save
      await hb.stop();
      await client.release(lease.lease_id, `runner ${c.runnerId} stopping before training started`);
      throw new JobInterrupted('released', `job ${lease.job.id} released before training started`);
    }
    const summary = await train({
      model, data, validation, out, resume, method: plugin, methodConfig: lease.job.method.config,
      ...trainConfigFor(lease.job.hyperparameters, data.length, lease.base_model.config.maxPositions, lease.job.seed, validation !== undefined),
      device: c.device.device, checkpointEvery: c.checkpointEvery, keepLast: 2, signal: c.stop,
      onLog: (m) => log(m),
      onStart: (s) => {
        totalSteps = s.totalSteps;
        hb.report({ step: s.startStep, total_steps: s.totalSteps });
      },
      onEval: (e) => {
        const extra = Object.fromEntries(Object.entries(e.metrics ?? {}).map(([k, v]) => [`valid_${k}`, v]));
        hb.report({ step: e.step, total_steps: totalSteps }, { valid_loss: e.loss, valid_perplexity: e.perplexity, ...extra });
      },
      onStep: (e) => {
        step = e.step;
        const metrics = { train_loss: e.loss, learning_rate: e.lr, grad_norm: e.gradNorm };
        hb.report({ step: e.step, total_steps: e.totalSteps }, metrics);
        // The trainer wrote its checkpoint before this hook; pack it now (keepLast prunes old ones).
        const newest = listCheckpoints(ckRoot).at(-1);
        if (newest !== undefined && newest > sent) {
          sent = newest;
          uploads.add(newest, packDir(join(ckRoot, checkpointName(newest))), { train_loss: e.loss });
        }
        const stop = interrupted();
        if (stop) throw stop;
      },
    }).catch(async (e: unknown) => {
      if (e instanceof JobInterrupted && e.outcome === 'lost' && !hb.lost) {
        // an upload found the lease gone: one heartbeat tells a cancel (the common cause) from an expiry
        await hb.flush();
        throw interrupted();
      }
      if (e !== c.stop.reason) throw e;
      // Stopping: the trainer checkpointed the step it stopped at; hand that to the server first.
      const newest = listCheckpoints(ckRoot).at(-1);
      if (newest !== undefined && newest > sent) uploads.add(newest, packDir(join(ckRoot, checkpointName(newest))), {});
      await uploads.drain();
      const at = uploads.recorded || lease.resume_from?.step || 0;
      await hb.stop();
      await client.release(lease.lease_id, `runner ${c.runnerId} stopping; checkpoint at step ${at}`);
      throw new JobInterrupted('released', `job ${lease.job.id} released at step ${at}`);
    });
    await uploads.drain();
    const stop = interrupted();
    if (stop) throw stop;
    const bytes = packAdapter(readAdapterDir(summary.adapterDir));
    const sha = await client.putArtifact(lease.lease_id, bytes);
    await hb.flush();
    // a run resumed at its last step trains no steps: its losses are NaN and are left out
    const metrics = Object.fromEntries(Object.entries({ train_loss: summary.finalLoss, first_loss: summary.firstLoss, valid_loss: summary.validationLoss })
      .filter((kv): kv is [string, number] => Number.isFinite(kv[1])));
    return await client.complete(lease.lease_id, sha, summary.trainedTokens, metrics);
  } finally {
    await hb.stop();
    await uploads.drain().catch(() => {});
    rmSync(out, { recursive: true, force: true });
  }
}
