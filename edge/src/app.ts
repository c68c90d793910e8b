import { Hono } from 'hono';

/** The edge app, shared by the Workers and Node flavours. Routes arrive with the edge API work. */
export function createApp(): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok', service: 'edgetune' }));
  return app;
}
