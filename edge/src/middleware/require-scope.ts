// A valid key without the scope: 403 (the caller is known; it may not do this).
import type { MiddlewareHandler } from 'hono';
import { hasScope } from '../auth/scopes.ts';
import type { AppEnv } from '../env.ts';
import { EdgetuneError } from '../errors/index.ts';
import type { Scope } from '../ports/rows.ts';

export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async function checkScope(c, next) {
    if (!hasScope(c.var.auth.scopes, scope)) throw new EdgetuneError('forbidden', `this key lacks the '${scope}' scope`);
    await next();
  };
}

export function requireRoot(): MiddlewareHandler<AppEnv> {
  return async function checkRoot(c, next) {
    if (!c.var.auth.isRoot || !hasScope(c.var.auth.scopes, 'admin')) throw new EdgetuneError('forbidden', 'only admin keys of the root tenant manage tenants');
    await next();
  };
}
