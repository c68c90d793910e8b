// Adapters, their numbered versions, aliases and traffic split. Every method is one statement or
// one batch: checks that decide a 404/409 run in the same transaction as the guarded write, and
// the write's own WHERE repeats them, so the answer and the effect always agree.
import { conflict, notFound } from '../../../errors/index.ts';
import type { AdapterRepo } from '../../../ports/metadata.ts';
import type { AdapterAliasRow, AdapterRow, AdapterVersionRow, TrafficSplitRow } from '../../../ports/rows.ts';
import { newId } from '../../../util/ids.ts';
import { allRows, binder, decode, decodeAll, encodeValue, firstRow, unique } from '../codec.ts';
import type { SqlDatabase } from '../database.ts';

type Raw = Record<string, unknown>;

const OWNED = 'SELECT id FROM adapters WHERE id = ? AND tenant_id = ?';
/** Split routes of the adapter that name `target` (a version number as text, or an alias). */
const IN_SPLIT = `SELECT 1 FROM traffic_splits s, json_each(s.routes) r
  WHERE s.adapter_id = ? AND s.tenant_id = ? AND json_extract(r.value, '$.target') = ?`;

export function adapterRepo(db: SqlDatabase): AdapterRepo {
  const q = binder(db);
  return {
    publish: async (tenantId, input) => {
      const { name, baseModel, now } = input;
      const v = input.version;
      // the adapter this publish may add to: this tenant's, by name, for the same base model
      const target = 'a.tenant_id = ? AND a.name = ? AND a.base_model = ?';
      const results = await unique(() => db.batch<Raw>([
        q(`INSERT INTO adapters (id, tenant_id, name, base_model, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (tenant_id, name) DO UPDATE SET updated_at = excluded.updated_at WHERE adapters.base_model = excluded.base_model`,
          newId('ad'), tenantId, name, baseModel, now, now),
        q(`INSERT INTO adapter_versions (id, adapter_id, tenant_id, version, method, rank, blob_key, sha256, bytes, config, source_job_id, created_at)
           SELECT ?, a.id, a.tenant_id, COALESCE((SELECT MAX(version) FROM adapter_versions WHERE adapter_id = a.id), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?
           FROM adapters a WHERE ${target} RETURNING *`,
          v.id, v.method, v.rank ?? null, v.blob_key, v.sha256, v.bytes, encodeValue('adapter_versions', 'config', v.config), v.source_job_id ?? null, now,
          tenantId, name, baseModel),
        ...(input.aliases ?? []).map((alias) => q(
          `INSERT INTO adapter_aliases (adapter_id, alias, tenant_id, version, updated_at)
           SELECT v.adapter_id, ?, v.tenant_id, v.version, ? FROM adapter_versions v JOIN adapters a ON a.id = v.adapter_id WHERE v.id = ? AND ${target}
           ON CONFLICT (adapter_id, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at`,
          alias, now, v.id, tenantId, name, baseModel)),
        q('SELECT * FROM adapters WHERE tenant_id = ? AND name = ?', tenantId, name),
      ]));
      const adapter = decode<AdapterRow>('adapters', results.at(-1)!.results[0]!);
      const version = results[1]!.results[0];
      if (!version) throw conflict(`adapter '${name}' is for base model '${adapter.base_model}', not '${baseModel}'`, 'base_model');
      return { adapter, version: decode<AdapterVersionRow>('adapter_versions', version) };
    },
    get: (tenantId, id) => firstRow('adapters', q('SELECT * FROM adapters WHERE tenant_id = ? AND id = ?', tenantId, id)),
    getByName: (tenantId, name) => firstRow('adapters', q('SELECT * FROM adapters WHERE tenant_id = ? AND name = ?', tenantId, name)),
    list: (tenantId) => allRows('adapters', q('SELECT * FROM adapters WHERE tenant_id = ? ORDER BY name', tenantId)),
    versions: (tenantId, adapterId) =>
      allRows('adapter_versions', q('SELECT * FROM adapter_versions WHERE adapter_id = ? AND tenant_id = ? ORDER BY version', adapterId, tenantId)),
    getVersion: (tenantId, adapterId, version) =>
      firstRow('adapter_versions', q('SELECT * FROM adapter_versions WHERE adapter_id = ? AND tenant_id = ? AND version = ?', adapterId, tenantId, version)),
    deleteVersion: async (tenantId, adapterId, version) => {
      const aliased = 'SELECT alias FROM adapter_aliases WHERE adapter_id = ? AND tenant_id = ? AND version = ?';
      const [found, alias, split, deleted] = await db.batch<Raw>([
        q('SELECT id FROM adapter_versions WHERE adapter_id = ? AND tenant_id = ? AND version = ?', adapterId, tenantId, version),
        q(`${aliased} ORDER BY rowid LIMIT 1`, adapterId, tenantId, version),
        q(IN_SPLIT, adapterId, tenantId, String(version)),
        q(`DELETE FROM adapter_versions WHERE adapter_id = ? AND tenant_id = ? AND version = ?
             AND NOT EXISTS (${aliased}) AND NOT EXISTS (${IN_SPLIT}) RETURNING *`,
          adapterId, tenantId, version, adapterId, tenantId, version, adapterId, tenantId, String(version)),
      ]);
      const row = deleted!.results[0];
      if (row) return decode<AdapterVersionRow>('adapter_versions', row);
      if (found!.results.length === 0) return null;
      if (alias!.results[0]) throw conflict(`version ${version} is aliased as '${alias!.results[0].alias as string}'; move or delete the alias first`);
      if (split!.results[0]) throw conflict(`version ${version} is in the traffic split; change the split first`);
      return null;
    },
    delete: async (tenantId, adapterId) => {
      const [owned, versions] = await db.batch<Raw>([
        q(OWNED, adapterId, tenantId),
        q('SELECT * FROM adapter_versions WHERE adapter_id = ? AND tenant_id = ? ORDER BY version', adapterId, tenantId),
        q('DELETE FROM adapter_aliases WHERE adapter_id = ? AND tenant_id = ?', adapterId, tenantId),
        q('DELETE FROM traffic_splits WHERE adapter_id = ? AND tenant_id = ?', adapterId, tenantId),
        q('DELETE FROM adapter_versions WHERE adapter_id = ? AND tenant_id = ?', adapterId, tenantId),
        q('DELETE FROM version_evals WHERE adapter_id = ? AND tenant_id = ?', adapterId, tenantId),
        q('DELETE FROM adapters WHERE id = ? AND tenant_id = ?', adapterId, tenantId),
      ]);
      return owned!.results.length > 0 ? decodeAll<AdapterVersionRow>('adapter_versions', versions!.results) : null;
    },
    setAlias: async (tenantId, adapterId, alias, version, now) => {
      const [owned, set] = await db.batch<Raw>([
        q(OWNED, adapterId, tenantId),
        q(`INSERT INTO adapter_aliases (adapter_id, alias, tenant_id, version, updated_at)
           SELECT adapter_id, ?, tenant_id, version, ? FROM adapter_versions WHERE adapter_id = ? AND tenant_id = ? AND version = ?
           ON CONFLICT (adapter_id, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at RETURNING *`,
          alias, now, adapterId, tenantId, version),
      ]);
      if (owned!.results.length === 0) throw notFound('adapter', adapterId);
      const row = set!.results[0];
      if (!row) throw notFound('version', String(version), 'version');
      return decode<AdapterAliasRow>('adapter_aliases', row);
    },
    deleteAlias: async (tenantId, adapterId, alias) => {
      const [owned, split, deleted] = await db.batch<Raw>([
        q(OWNED, adapterId, tenantId),
        q(IN_SPLIT, adapterId, tenantId, alias),
        q(`DELETE FROM adapter_aliases WHERE adapter_id = ? AND tenant_id = ? AND alias = ? AND NOT EXISTS (${IN_SPLIT}) RETURNING alias`,
          adapterId, tenantId, alias, adapterId, tenantId, alias),
      ]);
      if (owned!.results.length === 0) return false;
      if (split!.results.length > 0) throw conflict(`alias '${alias}' is in the traffic split; change the split first`);
      return deleted!.results.length > 0;
    },
    aliases: (tenantId, adapterId) =>
      allRows('adapter_aliases', q('SELECT * FROM adapter_aliases WHERE adapter_id = ? AND tenant_id = ? ORDER BY alias', adapterId, tenantId)),
    setSplit: async (tenantId, adapterId, routes, now) => {
      if (routes === null) {
        const [owned] = await db.batch<Raw>([q(OWNED, adapterId, tenantId), q('DELETE FROM traffic_splits WHERE adapter_id = ? AND tenant_id = ?', adapterId, tenantId)]);
        if (owned!.results.length === 0) throw notFound('adapter', adapterId);
        return null;
      }
      const isVersion = (t: string) => /^\d+$/.test(t);
      const versions = [...new Set(routes.filter((r) => isVersion(r.target)).map((r) => Number(r.target)))];
      const aliases = [...new Set(routes.filter((r) => !isVersion(r.target)).map((r) => r.target))];
      const versionsIn = 'SELECT version FROM adapter_versions WHERE adapter_id = ? AND tenant_id = ? AND version IN (SELECT value FROM json_each(?))';
      const aliasesIn = 'SELECT alias FROM adapter_aliases WHERE adapter_id = ? AND tenant_id = ? AND alias IN (SELECT value FROM json_each(?))';
      const vArgs = [adapterId, tenantId, JSON.stringify(versions)];
      const aArgs = [adapterId, tenantId, JSON.stringify(aliases)];
      const [owned, foundV, foundA, set] = await db.batch<Raw>([
        q(OWNED, adapterId, tenantId),
        q(versionsIn, ...vArgs),
        q(aliasesIn, ...aArgs),
        q(`INSERT INTO traffic_splits (adapter_id, tenant_id, routes, updated_at) SELECT ?, ?, ?, ?
           WHERE EXISTS (${OWNED}) AND (SELECT COUNT(*) FROM (${versionsIn})) = ? AND (SELECT COUNT(*) FROM (${aliasesIn})) = ?
           ON CONFLICT (adapter_id) DO UPDATE SET routes = excluded.routes, updated_at = excluded.updated_at RETURNING *`,
          adapterId, tenantId, encodeValue('traffic_splits', 'routes', routes), now, adapterId, tenantId, ...vArgs, versions.length, ...aArgs, aliases.length),
      ]);
      if (owned!.results.length === 0) throw notFound('adapter', adapterId);
      const row = set!.results[0];
      if (row) return decode<TrafficSplitRow>('traffic_splits', row);
      const have = new Set([...foundV!.results.map((r) => String(r.version)), ...foundA!.results.map((r) => r.alias as string)]);
      const i = routes.findIndex((r) => !have.has(isVersion(r.target) ? String(Number(r.target)) : r.target));
      throw notFound('version or alias', routes[i]!.target, `routes.${i}.target`);
    },
    getSplit: (tenantId, adapterId) =>
      firstRow('traffic_splits', q('SELECT * FROM traffic_splits WHERE adapter_id = ? AND tenant_id = ?', adapterId, tenantId)),
    blobRefs: async (tenantId, blobKey) =>
      ((await q('SELECT COUNT(*) AS n FROM adapter_versions WHERE tenant_id = ? AND blob_key = ?', tenantId, blobKey).first<{ n: number }>())?.n ?? 0),
  };
}
