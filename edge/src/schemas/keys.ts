import { z } from 'zod';
import { SCOPES } from '../ports/rows.ts';

export const Scope = z.enum(SCOPES as unknown as ['admin', 'train', 'infer', 'runner']);

export const CreateKey = z.strictObject({
  name: z.string().min(1).max(100),
  scopes: z.array(Scope).min(1).refine((s) => new Set(s).size === s.length, 'scopes must not repeat'),
});

export const KeyObject = z.object({
  id: z.string(), object: z.literal('api_key'), name: z.string(), scopes: z.array(Scope),
  created_at: z.number().int(), last_used_at: z.number().int().nullable(), revoked_at: z.number().int().nullable(),
  key: z.string().optional().describe('the secret, shown once when the key is created'),
});

export const CreateTenant = z.strictObject({ name: z.string().min(1).max(100) });

export const TenantObject = z.object({
  id: z.string(), object: z.literal('tenant'), name: z.string(), created_at: z.number().int(),
  admin_key: z.string().optional().describe('an admin key for the new tenant, shown once'),
});
