import { conflict, notFound } from '../../../errors/index.ts';
import type { AdapterRepo } from '../../../ports/metadata.ts';
import type { AdapterAliasRow, AdapterRow, AdapterVersionRow, TrafficSplitRow } from '../../../ports/rows.ts';
import { newId } from '../../../util/ids.ts';
import type { TableDb, Tx } from '../table-db.ts';

type A = AdapterRow;
type V = AdapterVersionRow;
type Al = AdapterAliasRow;
type S = TrafficSplitRow;

/** The adapter when it belongs to the tenant. */
function owned(tx: Tx, tenantId: string, adapterId: string): A | undefined {
  const a = tx.get<A>('adapters', { id: adapterId });
  return a && a.tenant_id === tenantId ? a : undefined;
}

/** Aliases and split routes that point at a version (by number or through an alias). */
function usesOf(tx: Tx, adapterId: string): { aliases: Al[]; split: S | undefined } {
  return { aliases: tx.select<Al>('adapter_aliases', { adapter_id: adapterId }), split: tx.get<S>('traffic_splits', { adapter_id: adapterId }) };
}

export function adapterRepo(db: TableDb): AdapterRepo {
  return {
    publish: async (tenantId, input) =>
      db.write((tx) => {
        let adapter = tx.select<A>('adapters', { tenant_id: tenantId, name: input.name })[0];
        if (adapter && adapter.base_model !== input.baseModel) {
          throw conflict(`adapter '${input.name}' is for base model '${adapter.base_model}', not '${input.baseModel}'`, 'base_model');
        }
        if (!adapter) {
          adapter = tx.insert<A>('adapters', { id: newId('ad'), tenant_id: tenantId, name: input.name, base_model: input.baseModel, created_at: input.now, updated_at: input.now });
        } else {
          adapter = tx.update<A>('adapters', { id: adapter.id }, { updated_at: input.now })!;
        }
        const last = tx.select<V>('adapter_versions', { adapter_id: adapter.id }).reduce((m, v) => Math.max(m, v.version), 0);
        const version = tx.insert<V>('adapter_versions', { ...input.version, adapter_id: adapter.id, tenant_id: tenantId, version: last + 1, created_at: input.now });
        for (const alias of input.aliases ?? []) {
          const row = { adapter_id: adapter.id, alias, tenant_id: tenantId, version: version.version, updated_at: input.now };
          if (!tx.update<Al>('adapter_aliases', { adapter_id: adapter.id, alias }, row)) tx.insert('adapter_aliases', row);
        }
        return { adapter, version };
      }),
    getByName: async (tenantId, name) => db.read((tx) => tx.select<A>('adapters', { tenant_id: tenantId, name })[0]) ?? null,
    list: async (tenantId) => db.read((tx) => tx.select<A>('adapters', { tenant_id: tenantId })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    versions: async (tenantId, adapterId) =>
      db.read((tx) => (owned(tx, tenantId, adapterId) ? tx.select<V>('adapter_versions', { adapter_id: adapterId }) : [])).sort((a, b) => a.version - b.version),
    getVersion: async (tenantId, adapterId, version) =>
      db.read((tx) => (owned(tx, tenantId, adapterId) ? tx.select<V>('adapter_versions', { adapter_id: adapterId, version })[0] : undefined)) ?? null,
    deleteVersion: async (tenantId, adapterId, version) =>
      db.write((tx) => {
        if (!owned(tx, tenantId, adapterId)) return null;
        const row = tx.select<V>('adapter_versions', { adapter_id: adapterId, version })[0];
        if (!row) return null;
        const { aliases, split } = usesOf(tx, adapterId);
        const alias = aliases.find((a) => a.version === version);
        if (alias) throw conflict(`version ${version} is aliased as '${alias.alias}'; move or delete the alias first`);
        if (split?.routes.some((r) => r.target === String(version))) throw conflict(`version ${version} is in the traffic split; change the split first`);
        tx.delete('adapter_versions', { id: row.id });
        return row;
      }),
    delete: async (tenantId, adapterId) =>
      db.write((tx) => {
        if (!owned(tx, tenantId, adapterId)) return null;
        const versions = tx.select<V>('adapter_versions', { adapter_id: adapterId });
        for (const v of versions) tx.delete('adapter_versions', { id: v.id });
        for (const a of tx.select<Al>('adapter_aliases', { adapter_id: adapterId })) tx.delete('adapter_aliases', { adapter_id: adapterId, alias: a.alias });
        tx.delete('traffic_splits', { adapter_id: adapterId });
        tx.delete('adapters', { id: adapterId });
        return versions;
      }),
    setAlias: async (tenantId, adapterId, alias, version, now) =>
      db.write((tx) => {
        if (!owned(tx, tenantId, adapterId)) throw notFound('adapter', adapterId);
        if (!tx.select<V>('adapter_versions', { adapter_id: adapterId, version })[0]) throw notFound('version', String(version), 'version');
        const row = { adapter_id: adapterId, alias, tenant_id: tenantId, version, updated_at: now };
        return tx.update<Al>('adapter_aliases', { adapter_id: adapterId, alias }, row) ?? tx.insert<Al>('adapter_aliases', row);
      }),
    deleteAlias: async (tenantId, adapterId, alias) =>
      db.write((tx) => {
        if (!owned(tx, tenantId, adapterId)) return false;
        const split = tx.get<S>('traffic_splits', { adapter_id: adapterId });
        if (split?.routes.some((r) => r.target === alias)) throw conflict(`alias '${alias}' is in the traffic split; change the split first`);
        return tx.delete('adapter_aliases', { adapter_id: adapterId, alias });
      }),
    aliases: async (tenantId, adapterId) =>
      db.read((tx) => (owned(tx, tenantId, adapterId) ? tx.select<Al>('adapter_aliases', { adapter_id: adapterId }) : [])).sort((a, b) => (a.alias < b.alias ? -1 : 1)),
    setSplit: async (tenantId, adapterId, routes, now) =>
      db.write((tx) => {
        if (!owned(tx, tenantId, adapterId)) throw notFound('adapter', adapterId);
        if (routes === null) {
          tx.delete('traffic_splits', { adapter_id: adapterId });
          return null;
        }
        routes.forEach((r, i) => {
          const ok = /^\d+$/.test(r.target)
            ? tx.select<V>('adapter_versions', { adapter_id: adapterId, version: Number(r.target) }).length > 0
            : tx.get<Al>('adapter_aliases', { adapter_id: adapterId, alias: r.target }) !== undefined;
          if (!ok) throw notFound('version or alias', r.target, `routes.${i}.target`);
        });
        const row = { adapter_id: adapterId, tenant_id: tenantId, routes, updated_at: now };
        return tx.update<S>('traffic_splits', { adapter_id: adapterId }, row) ?? tx.insert<S>('traffic_splits', row);
      }),
    getSplit: async (tenantId, adapterId) => db.read((tx) => (owned(tx, tenantId, adapterId) ? tx.get<S>('traffic_splits', { adapter_id: adapterId }) : undefined)) ?? null,
    blobRefs: async (tenantId, blobKey) => db.read((tx) => tx.select<V>('adapter_versions', { tenant_id: tenantId, blob_key: blobKey }).length),
  };
}
