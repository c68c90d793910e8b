import type { AdapterAliasRow, AdapterRow, AdapterVersionRow, TrafficSplitRow } from '../../ports/rows.ts';
import { seconds } from '../../schemas/common.ts';

export function presentVersion(v: AdapterVersionRow) {
  return {
    object: 'adapter.version' as const, id: v.id, version: v.version, method: v.method, rank: v.rank, sha256: v.sha256,
    bytes: v.bytes, source_job_id: v.source_job_id, created_at: seconds(v.created_at)!,
  };
}

export function presentAdapter(a: AdapterRow, versions: AdapterVersionRow[], aliases: AdapterAliasRow[], split: TrafficSplitRow | null) {
  return {
    id: a.id, object: 'adapter' as const, name: a.name, base_model: a.base_model, created_at: seconds(a.created_at)!,
    updated_at: seconds(a.updated_at)!, versions: versions.map(presentVersion),
    aliases: Object.fromEntries(aliases.map((x) => [x.alias, x.version])), traffic: split?.routes ?? null,
  };
}
