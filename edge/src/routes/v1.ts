// Everything under /v1 that needs an API key.
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { authenticate } from '../middleware/authenticate.ts';
import { bodyLimit } from '../middleware/body-limit.ts';
import { adapterRoutes } from './adapters.ts';
import { completionRoutes } from './completions.ts';
import { datasetRoutes } from './datasets.ts';
import { keyRoutes, tenantRoutes } from './keys.ts';
import { hookRoutes } from './hooks.ts';
import { jobRoutes } from './jobs.ts';
import { modelRoutes } from './models.ts';
import { runnerRoutes } from './runner.ts';
import { adapterTrackingRoutes, completionFeedbackRoutes } from './tracking.ts';
import { webhookRoutes } from './webhooks.ts';

export function v1Routes(deps: AppDeps): Hono<AppEnv> {
  const v1 = new Hono<AppEnv>();
  v1.use('*', authenticate(deps));
  // JSON endpoints share one body cap; uploads set their own, larger ones.
  const json = bodyLimit(deps.limits.maxJsonBytes);
  v1.use('/keys/*', json);
  v1.use('/tenants/*', json);
  v1.on(['PUT', 'POST'], '/adapters/:name/*', json);
  v1.use('/completions/*', json);
  v1.use('/fine_tuning/*', json);
  v1.on(['POST'], '/runner/*', json);
  v1.use('/hooks/*', json);
  v1.use('/webhooks/*', json);
  v1.use('/completions', json);
  v1.use('/chat/completions', json);
  v1.route('/keys', keyRoutes(deps));
  v1.route('/tenants', tenantRoutes(deps));
  v1.route('/datasets', datasetRoutes(deps));
  v1.route('/adapters', adapterTrackingRoutes(deps));
  v1.route('/adapters', adapterRoutes(deps));
  v1.route('/completions', completionFeedbackRoutes(deps));
  v1.route('/models', modelRoutes(deps));
  v1.route('/fine_tuning/jobs', jobRoutes(deps));
  v1.route('/runner', runnerRoutes(deps));
  v1.route('/hooks', hookRoutes(deps));
  v1.route('/webhooks', webhookRoutes(deps));
  v1.route('/', completionRoutes(deps));
  return v1;
}
