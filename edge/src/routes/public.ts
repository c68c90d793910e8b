// Routes without an API key: health, the API description, the dashboard, the method catalog, and
// signed inbound webhooks.
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { docsPage } from '../openapi/docs-page.ts';
import { openApiDocument } from '../openapi/document.ts';
import { dashboardRoutes } from '../dashboard/routes.ts';
import { hookTriggerRoutes } from './hooks.ts';
import { methodRoutes } from './methods.ts';

export function publicRoutes(deps?: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/health', (c) => c.json({ status: 'ok', service: 'edgetune' }));
  let doc: ReturnType<typeof openApiDocument> | undefined;
  app.get('/openapi.json', (c) => c.json((doc ??= openApiDocument())));
  app.get('/docs', (c) => c.html(docsPage()));
  if (deps) app.route('/', hookTriggerRoutes(deps));
  app.route('/', dashboardRoutes());
  if (deps) app.route('/', methodRoutes(deps));
  return app;
}
