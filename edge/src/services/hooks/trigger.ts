// An inbound webhook: signed by the hook's secret, fresh (5-minute tolerance), never seen before
// (the delivery id and the signature itself are each claimed once), then the saved recipe, with
// the payload's overrides, becomes a fine-tuning job. A request that fails after the claim
// releases it, so nothing is left half-done.
import type { AppDeps } from '../../deps.ts';
import { conflict, EdgetuneError, notFound, parseOr } from '../../errors/index.ts';
import type { HookRow, JobRow } from '../../ports/rows.ts';
import { HookPayload } from '../../schemas/hooks.ts';
import { CreateJob } from '../../schemas/jobs.ts';
import { tryParseJson } from '../../util/json.ts';
import { createJob } from '../jobs/create.ts';
import { HEADERS, verifySignature } from '../webhooks/signature.ts';

export interface InboundRequest {
  hookId: string;
  body: string;
  header(name: string): string | undefined;
}

export async function triggerHook(deps: AppDeps, req: InboundRequest): Promise<{ hook: HookRow; job: JobRow; deliveryId: string }> {
  const hook = await deps.meta.hooks.getPublic(req.hookId);
  if (!hook) throw notFound('hook', req.hookId);
  const now = deps.clock.now();
  const tolerance = deps.limits.hookToleranceMs;
  const signature = verifySignature(hook.secret, { timestamp: req.header(HEADERS.timestamp), signature: req.header(HEADERS.signature) }, req.body, now, tolerance);
  const deliveryId = req.header(HEADERS.delivery);
  if (!deliveryId || deliveryId.length > 200) throw new EdgetuneError('invalid_request', `missing or over-long ${HEADERS.delivery} header`, { field: HEADERS.delivery });

  await deps.meta.hooks.purgeDeliveries(now - 2 * tolerance);
  const claims = [deliveryId, `sig:${signature.slice(3, 35)}`];
  const claimed: string[] = [];
  try {
    for (const id of claims) {
      if (!(await deps.meta.hooks.claimDelivery({ hook_id: hook.id, delivery_id: id, tenant_id: hook.tenant_id, job_id: null, received_at: now }))) {
        throw conflict(id === deliveryId ? `delivery '${deliveryId}' was already received` : 'this signed request was already received', HEADERS.delivery);
      }
      claimed.push(id);
    }
    const parsed = req.body.trim() === '' ? { ok: true as const, value: {} } : tryParseJson(req.body);
    if (!parsed.ok) throw new EdgetuneError('invalid_json', `malformed JSON: ${parsed.message}`);
    const payload = parseOr(HookPayload, parsed.value);
    const o = payload.overrides ?? {};
    const recipe = hook.recipe as Record<string, unknown>;
    const body = parseOr(CreateJob, {
      ...recipe, ...('training_file' in o ? { training_file: o.training_file } : {}), ...('validation_file' in o ? { validation_file: o.validation_file } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      hyperparameters: { ...(recipe.hyperparameters as object), ...o.hyperparameters },
    }, ['overrides']);
    const job = await createJob(deps, hook.tenant_id, body, hook.id);
    await deps.meta.hooks.attachJob(hook.id, deliveryId, job.id);
    return { hook, job, deliveryId };
  } catch (e) {
    for (const id of claimed) await deps.meta.hooks.releaseDelivery(hook.id, id);
    throw e;
  }
}
