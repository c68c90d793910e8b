// Before a recipe's new version gets traffic (publish.ts), it and the alias's current version are
// scored on an evaluation dataset (the recipe's `publish.eval_dataset`, else the alias monitor's)
// through the inference port's score(): mean token NLL, perplexity = exp(NLL). Each score is stored
// per (version, dataset) for the A/B readout. Without a dataset or a scorer (Workers without an
// inference node) the evaluation is skipped; an error while scoring is reported, never thrown: the
// job has already succeeded.
import type { AppDeps } from '../../deps.ts';
import type { ScoreRequest } from '../../ports/inference.ts';
import type { AdapterAliasRow, AdapterRow, AdapterVersionRow, JobRow, RecipePublish, VersionEvalRow } from '../../ports/rows.ts';

export interface EvalScore {
  version: number;
  mean_nll: number;
  perplexity: number;
  examples: number;
}

export type Evaluation =
  | { status: 'skipped'; eval_dataset: string | null; reason: 'no_eval_dataset' | 'no_scorer' }
  | { status: 'failed'; eval_dataset: string; error: string }
  /** improved: b's NLL is lower than a's; null when there is no A side to compare with. */
  | { status: 'evaluated'; eval_dataset: string; a: EvalScore | null; b: EvalScore; improved: boolean | null };

/** The text a record is scored on: the whole example (prompt and completion, or every message). */
export function evalText(r: Record<string, unknown>): string | null {
  if (typeof r.prompt === 'string' && typeof r.completion === 'string') return r.prompt + r.completion;
  if (typeof r.prompt === 'string') return r.prompt;
  if (typeof r.text === 'string') return r.text;
  if (Array.isArray(r.messages)) return r.messages.map((m: { content?: unknown }) => (typeof m?.content === 'string' ? m.content : '')).filter(Boolean).join('\n') || null;
  return null;
}

async function datasetTexts(deps: AppDeps, tenantId: string, datasetId: string): Promise<string[]> {
  const ds = await deps.meta.datasets.get(tenantId, datasetId);
  if (!ds) throw new Error(`evaluation dataset '${datasetId}' does not exist`);
  const blob = await deps.blobs.get(ds.blob_key);
  if (!blob) throw new Error(`dataset blob ${ds.blob_key} is missing`);
  const lines = new TextDecoder().decode(await blob.bytes()).split('\n').filter((l) => l.trim());
  const texts = lines.map((l) => evalText(JSON.parse(l) as Record<string, unknown>)).filter((t): t is string => t !== null && t.length > 0);
  if (texts.length === 0) throw new Error(`evaluation dataset '${datasetId}' has no text to score`);
  return texts;
}

export async function evaluateRecipeVersion(
  deps: AppDeps, job: JobRow, adapter: AdapterRow, version: AdapterVersionRow, current: AdapterAliasRow | undefined, publish: RecipePublish,
): Promise<Evaluation> {
  const datasetId = publish.eval_dataset ?? (await deps.meta.tracking.getMonitor(job.tenant_id, adapter.id, publish.alias))?.eval_dataset ?? null;
  if (datasetId === null) return { status: 'skipped', eval_dataset: null, reason: 'no_eval_dataset' };
  const score = deps.inference?.score?.bind(deps.inference);
  if (!score) return { status: 'skipped', eval_dataset: datasetId, reason: 'no_scorer' };
  try {
    const texts = await datasetTexts(deps, job.tenant_id, datasetId);
    const scoreOf = async (v: AdapterVersionRow): Promise<EvalScore> => {
      const adapterRef: ScoreRequest['adapter'] = {
        sha256: v.sha256,
        load: async () => {
          const blob = await deps.blobs.get(v.blob_key);
          if (!blob) throw new Error(`adapter blob ${v.blob_key} is missing`);
          return blob.bytes();
        },
      };
      const r = await score({ model: adapter.base_model, adapter: adapterRef, texts });
      if (!Number.isFinite(r.meanNll)) throw new Error(`version ${v.version} scored a non-finite NLL (${r.meanNll})`);
      const row: VersionEvalRow = {
        version_id: v.id, eval_dataset: datasetId, tenant_id: job.tenant_id, adapter_id: adapter.id, version: v.version,
        mean_nll: r.meanNll, perplexity: Math.exp(r.meanNll), examples: texts.length, job_id: job.id, evaluated_at: deps.clock.now(),
      };
      await deps.meta.tracking.putEval(row);
      return { version: v.version, mean_nll: row.mean_nll, perplexity: row.perplexity, examples: row.examples };
    };
    const b = await scoreOf(version);
    const aRow = current && current.version !== version.version ? await deps.meta.adapters.getVersion(job.tenant_id, adapter.id, current.version) : null;
    const a = aRow ? await scoreOf(aRow) : null;
    return { status: 'evaluated', eval_dataset: datasetId, a, b, improved: a ? b.mean_nll < a.mean_nll : null };
  } catch (e) {
    (deps.log ?? console.error)(`recipe job ${job.id}: evaluation on ${datasetId} failed`, e);
    return { status: 'failed', eval_dataset: datasetId, error: e instanceof Error ? e.message : String(e) };
  }
}
