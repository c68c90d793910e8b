// The drift report of an alias: its registered evaluation dataset is the baseline, the newest
// sampled traffic the live side; both are tokenized and scored (mean NLL) by the inference engine
// with the alias's current version, then compared by core's driftReport(). The alias's drifting
// flag is updated, and when it turns on, the recipes with `on_drift` for that alias fire.
import { driftReport, type DriftReport } from '@edgetune/core/tracking/drift-report.ts';
import type { AppDeps } from '../../deps.ts';
import { EdgetuneError, invalidField, notFound } from '../../errors/index.ts';
import type { AdapterRow, AliasMonitorRow } from '../../ports/rows.ts';
import { inferenceTarget } from '../inference/target.ts';
import { adapterNameFor } from '../jobs/present.ts';
import { fireRecipe } from '../recipes/fire.ts';
import { emitEvent } from '../webhooks/emit.ts';

/** The text a record contributes to the baseline: what a request would send (the prompt). */
export function recordText(r: Record<string, unknown>): string | null {
  if (typeof r.prompt === 'string') return r.prompt;
  if (typeof r.text === 'string') return r.text;
  if (Array.isArray(r.messages)) return r.messages.filter((m) => m?.role === 'user').map((m) => String(m.content)).join('\n') || null;
  return null;
}

async function baselineTexts(deps: AppDeps, m: AliasMonitorRow): Promise<string[]> {
  const ds = await deps.meta.datasets.get(m.tenant_id, m.eval_dataset);
  if (!ds) throw notFound('dataset', m.eval_dataset, 'eval_dataset');
  const blob = await deps.blobs.get(ds.blob_key);
  if (!blob) throw new EdgetuneError('internal', `dataset blob ${ds.blob_key} is missing`);
  const text = new TextDecoder().decode(await blob.bytes());
  return text.split('\n').filter((l) => l.trim()).map((l) => recordText(JSON.parse(l) as Record<string, unknown>)).filter((t): t is string => t !== null && t.length > 0);
}

export interface AliasDrift {
  report: DriftReport;
  version: number;
  fired: string[];
}

export async function aliasDrift(deps: AppDeps, adapter: AdapterRow, m: AliasMonitorRow, window: number): Promise<AliasDrift> {
  const score = deps.inference?.score?.bind(deps.inference);
  if (!score) throw new EdgetuneError('not_implemented', 'this deployment cannot score text (drift needs an inference engine with score)');
  const samples = await deps.meta.tracking.samples(m.tenant_id, adapter.id, m.alias, window);
  if (samples.length === 0) throw invalidField('alias', `alias '${m.alias}' has no sampled traffic yet`);
  const target = await inferenceTarget(deps, m.tenant_id, `${adapter.name}@${m.alias}`);
  const baseline = await score({ model: target.base, adapter: target.adapter, texts: await baselineTexts(deps, m) });
  const live = await score({ model: target.base, adapter: target.adapter, texts: samples.map((s) => s.prompt) });
  const report = driftReport({ inputs: baseline.tokens, meanNll: baseline.meanNll }, { inputs: live.tokens, meanNll: live.meanNll }, m.thresholds);
  const was = await deps.meta.tracking.setDrifting(m.tenant_id, adapter.id, m.alias, report.drifting, deps.clock.now());
  const fired: string[] = [];
  if (report.drifting && was === false) {
    await emitEvent(deps, m.tenant_id, 'adapter.drifting', { name: adapter.name, alias: m.alias, version: target.served?.version ?? null, reasons: report.reasons });
    for (const hook of await deps.meta.hooks.list(m.tenant_id)) {
      if (!hook.on_drift || hook.publish?.alias !== m.alias) continue;
      const suffix = (hook.recipe as { suffix?: string | null }).suffix ?? null;
      if (suffix === null || adapterNameFor({ id: '', suffix }) !== adapter.name) continue;
      fired.push((await fireRecipe(deps, hook, { kind: 'drift', alias: m.alias })).id);
    }
  }
  return { report, version: target.served!.version, fired };
}
