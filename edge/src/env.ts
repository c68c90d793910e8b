// Hono's environment: what middleware puts on the context.
import type { Scope } from './ports/rows.ts';

export interface AuthContext {
  readonly tenantId: string;
  readonly keyId: string;
  readonly scopes: readonly Scope[];
  /** The key belongs to the root tenant (tenant management, runners for every tenant). */
  readonly isRoot: boolean;
}

export type AppEnv = { Variables: { auth: AuthContext } };
