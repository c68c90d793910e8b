// Bearer API keys → c.var.auth. No key or a bad key: 401 (same answer for unknown, revoked and
// wrong secret, so the response reveals nothing about which keys exist).
import type { MiddlewareHandler } from 'hono';
import { parseKey, verifySecret } from '../auth/keys.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { EdgetuneError } from '../errors/index.ts';

const TOUCH_EVERY_MS = 60_000;
const challenge = { 'www-authenticate': 'Bearer realm="edgetune"' };

export function authenticate(deps: Pick<AppDeps, 'meta' | 'clock'>): MiddlewareHandler<AppEnv> {
  return async function authenticateKey(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw new EdgetuneError('unauthorized', 'missing API key: send Authorization: Bearer <key>', {}, challenge);
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const parsed = m ? parseKey(m[1]!) : undefined;
    const row = parsed ? await deps.meta.keys.getForAuth(parsed.id) : null;
    if (!parsed || !row || row.revoked_at !== null || !verifySecret(row, parsed.secret)) {
      throw new EdgetuneError('unauthorized', 'invalid API key', {}, challenge);
    }
    const tenant = await deps.meta.tenants.get(row.tenant_id);
    if (!tenant) throw new EdgetuneError('unauthorized', 'invalid API key', {}, challenge);
    const now = deps.clock.now();
    if (row.last_used_at === null || now - row.last_used_at > TOUCH_EVERY_MS) await deps.meta.keys.touch(row.id, now);
    c.set('auth', { tenantId: row.tenant_id, keyId: row.id, scopes: row.scopes, isRoot: tenant.is_root });
    await next();
  };
}
