// GET / (the dashboard page) and GET /dashboard/:asset (its script, stylesheet and icon). Public:
// the page holds no data; everything it shows comes from /v1 with the key the user pastes.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { notFound } from '../errors/index.ts';
import { ASSETS } from './assets.ts';
import { dashboardHtml } from './page.ts';

/** Same origin only: no CDNs, fonts or beacons, no inline script or style, no framing. */
export const DASHBOARD_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "font-src 'self'", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function dashboardRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let html: string | undefined;
  app.get('/', (c) => {
    html ??= dashboardHtml();
    return c.body(html, 200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  });
  app.get('/dashboard/:asset', (c) => {
    const name = c.req.param('asset');
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) throw notFound('dashboard file', name);
    // versioned URLs (?v=…) from the page; a plain reload revalidates
    return c.body(asset.body, 200, { ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': c.req.query('v') ? 'public, max-age=31536000, immutable' : 'no-cache' });
  });
  return app;
}
