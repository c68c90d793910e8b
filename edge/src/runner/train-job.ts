// One leased job, trained in this process with core's train(): download the dataset, train,
// heartbeat as steps finish (a cancel stops training), upload the packed adapter, complete.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readAdapterDir } from '@edgetune/core/engine/adapter-dir.ts';
import { packAdapter } from '@edgetune/core/serve/adapter-blob.ts';
import { train } from '@edgetune/core/train/trainer.ts';
import type { RunnerClient, LeasedJob } from './client.ts';
import { parseDatasetJsonl } from './records.ts';
import { trainConfigFor } from './train-options.ts';

export class Cancelled extends Error {}

export interface TrainJobOptions {
  client: RunnerClient;
  lease: LeasedJob;
  modelDir: string;
  workDir: string;
  /** Least time between heartbeats. */
  heartbeatMs?: number;
  log?: (message: string) => void;
}

export async function trainLeasedJob(o: TrainJobOptions): Promise<Record<string, unknown>> {
  const { client, lease } = o;
  const file = lease.files.training_file;
  if (!file) throw new Error('lease has no training_file');
  const records = parseDatasetJsonl(file.kind, await client.download(file.url));
  const out = mkdtempSync(join(o.workDir, `${lease.job.id}-`));
  let cancel = false;
  let pending: Promise<void> | null = null;
  let last = 0;
  let tokens = 0;
  const beat = (progress?: { step: number; total_steps: number }, metrics?: Record<string, number>) => {
    if (pending) return;
    last = Date.now();
    pending = client.heartbeat(lease.lease_id, progress, metrics).then((r) => void (cancel ||= r.cancel), (e) => o.log?.(`heartbeat failed: ${(e as Error).message}`)).finally(() => (pending = null));
  };
  try {
    beat();
    const summary = await train({
      model: o.modelDir, data: records, out, method: lease.job.method.type, methodConfig: lease.job.method.config,
      ...trainConfigFor(lease.job.hyperparameters, records.length, lease.base_model.config.maxPositions, lease.job.seed),
      onLog: (m) => o.log?.(m),
      onStart: () => beat(),
      onStep: (e) => {
        tokens += e.tokens;
        if (cancel) throw new Cancelled(`job ${lease.job.id} was cancelled`);
        if (Date.now() - last >= (o.heartbeatMs ?? 1000) || e.step === e.totalSteps) {
          beat({ step: e.step, total_steps: e.totalSteps }, { train_loss: e.loss, learning_rate: e.lr, grad_norm: e.gradNorm });
        }
      },
    });
    await pending;
    if (cancel) throw new Cancelled(`job ${lease.job.id} was cancelled`);
    const bytes = packAdapter(readAdapterDir(summary.adapterDir));
    const sha = await client.putArtifact(lease.lease_id, bytes);
    const metrics = { train_loss: summary.finalLoss, first_loss: summary.firstLoss };
    await client.checkpoint(lease.lease_id, summary.steps, sha, metrics);
    return await client.complete(lease.lease_id, sha, tokens, metrics);
  } finally {
    await pending;
    rmSync(out, { recursive: true, force: true });
  }
}
