// The A/B readout of an adapter: per version, requests, latency (p50, mean), feedback with a 95%
// interval, the final metrics its training job recorded (`eval`) and the stored evaluation scores
// (`evaluations`: mean NLL and perplexity per eval dataset, from a recipe's publish step). Versions
// shown: served, in the split (directly or through an alias), or evaluated.
import type { AppDeps } from '../../deps.ts';
import type { AdapterRow } from '../../ports/rows.ts';
import { seconds } from '../../schemas/common.ts';
import { feedbackSummary, mean, percentile } from './stats.ts';

export async function readout(deps: AppDeps, tenantId: string, adapter: AdapterRow) {
  const rows = await deps.meta.tracking.completions(tenantId, adapter.id);
  const versions = await deps.meta.adapters.versions(tenantId, adapter.id);
  const split = await deps.meta.adapters.getSplit(tenantId, adapter.id);
  const aliases = await deps.meta.adapters.aliases(tenantId, adapter.id);
  const evals = await deps.meta.tracking.evals(tenantId, adapter.id);
  const served = new Set(rows.map((r) => r.version));
  const routed = new Set((split?.routes ?? []).map((r) => r.target));
  const evaluated = new Set(evals.map((e) => e.version_id));
  const shown = versions.filter((v) => served.has(v.version) || routed.has(String(v.version)) || aliases.some((a) => a.version === v.version && routed.has(a.alias)) || evaluated.has(v.id));
  const data = await Promise.all(shown.map(async (v) => {
    const mine = rows.filter((r) => r.version === v.version);
    const latency = mine.map((r) => r.latency_ms);
    const job = v.source_job_id ? await deps.meta.jobs.get(tenantId, v.source_job_id) : null;
    const final = (job?.progress as { final?: Record<string, number> } | null)?.final ?? null;
    return {
      version: v.version, requests: mine.length,
      latency_ms: { p50: percentile(latency, 50), mean: mean(latency) },
      prompt_tokens: { mean: mean(mine.map((r) => r.prompt_tokens)) },
      feedback: feedbackSummary(mine.flatMap((r) => (r.feedback === null ? [] : [r.feedback]))),
      eval: final,
      evaluations: evals.filter((e) => e.version_id === v.id).map((e) => ({
        dataset_id: e.eval_dataset, mean_nll: e.mean_nll, perplexity: e.perplexity, examples: e.examples, job_id: e.job_id, evaluated_at: seconds(e.evaluated_at),
      })),
    };
  }));
  return { object: 'adapter.readout', name: adapter.name, traffic: split?.routes ?? null, versions: data };
}
