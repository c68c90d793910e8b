// Steps of the dataset → job → runner flow, for tests.
import { packAdapter } from '@edgetune/core/serve/adapter-blob.ts';
import { parseSafetensors } from '@edgetune/core/weights/safetensors-parse.ts';
import { sha256Hex } from '../util/crypto.ts';
import { loraFiles, type LoraSpec } from './adapters.ts';
import type { Harness } from './harness.ts';

export const COMPLETIONS = Array.from({ length: 12 }, (_, i) => ({ prompt: `q${i}:`, completion: ` answer ${i}` }));

export async function uploadDataset(h: Harness, rows: unknown[] = COMPLETIONS, key?: string): Promise<string> {
  const body = rows.map((r) => JSON.stringify(r)).join('\n');
  const res = await h.req('/v1/datasets', { method: 'POST', body, headers: { 'content-type': 'application/jsonl' }, key });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export async function createJob(h: Harness, body: Record<string, unknown>, key?: string): Promise<Record<string, any>> {
  const res = await h.req('/v1/fine_tuning/jobs', { json: { model: 'tiny-gpt2', method: { type: 'lora', config: { r: 4, target_modules: ['c_attn'] } }, ...body }, key });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, any>;
}

/** A packed adapter artifact (what a runner uploads) and its hash. */
export function artifact(spec: LoraSpec = {}): { bytes: Uint8Array; sha256: string } {
  const files = loraFiles(spec);
  const bytes = packAdapter({ config: JSON.parse(files.config), tensors: parseSafetensors(files.weights).tensors });
  return { bytes, sha256: sha256Hex(bytes) };
}

export async function lease(h: Harness, key: string, runnerId = 'r1', ttl_s?: number): Promise<Record<string, any> | null> {
  const res = await h.req('/v1/runner/lease', { key, json: { runner_id: runnerId, ...(ttl_s ? { ttl_s } : {}) } });
  if (res.status === 204) return null;
  if (res.status !== 200) throw new Error(`lease failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, any>;
}

export function putArtifact(h: Harness, key: string, leaseId: string, a: { bytes: Uint8Array; sha256: string }, sha = a.sha256) {
  return h.req(`/v1/runner/leases/${leaseId}/artifacts/${sha}`, { method: 'PUT', key, body: a.bytes, headers: { 'content-type': 'application/octet-stream' } });
}
