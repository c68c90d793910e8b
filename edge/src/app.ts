// The edge app, shared by the Workers and Node flavours: routes over ports, drivers passed in.
// Without deps (the Workers entry until its R2/D1/Queues drivers exist) only the public routes
// answer, and /v1/* says 501.
import { Hono } from 'hono';
import type { AppDeps } from './deps.ts';
import type { AppEnv } from './env.ts';
import { EdgetuneError, onError, onNotFound } from './errors/index.ts';
import { publicRoutes } from './routes/public.ts';
import { v1Routes } from './routes/v1.ts';

export function createApp(deps?: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(onError(deps?.log));
  app.notFound(onNotFound());
  // Public routes first: they answer before the /v1 key check runs.
  app.route('/', publicRoutes(deps));
  if (deps) app.route('/v1', v1Routes(deps));
  else {
    app.all('/v1/*', () => {
      throw new EdgetuneError('not_implemented', 'this deployment has no storage drivers configured');
    });
  }
  return app;
}
