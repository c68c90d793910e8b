// `name`, `name@3` or `name@alias` → one version. A bare name follows the traffic split when there
// is one (weighted; a sticky key always lands on the same route), else the newest version.
import type { Metadata } from '../../ports/metadata.ts';
import type { AdapterRow, AdapterVersionRow, TrafficRoute } from '../../ports/rows.ts';
import { notFound } from '../../errors/index.ts';
import { sha256Hex } from '../../util/crypto.ts';

export interface Resolved {
  adapter: AdapterRow;
  version: AdapterVersionRow;
  via: 'version' | 'alias' | 'split' | 'latest';
  /** The split route taken, when via = split. */
  route?: string;
}

export function parseRef(ref: string): { name: string; selector?: string } {
  const at = ref.indexOf('@');
  return at < 0 ? { name: ref } : { name: ref.slice(0, at), selector: ref.slice(at + 1) };
}

/** A number in [0, 1) from a sticky key, or from `random`. */
export function unitFor(sticky: string | undefined, random: () => number = Math.random): number {
  if (sticky === undefined) return random();
  return parseInt(sha256Hex(sticky).slice(0, 12), 16) / 2 ** 48;
}

export function pickRoute(routes: readonly TrafficRoute[], u: number): TrafficRoute {
  const total = routes.reduce((s, r) => s + r.weight, 0);
  let acc = 0;
  for (const r of routes) {
    acc += r.weight / total;
    if (u < acc) return r;
  }
  return routes[routes.length - 1]!;
}

async function bySelector(meta: Metadata, tenantId: string, a: AdapterRow, selector: string): Promise<AdapterVersionRow | null> {
  if (/^\d+$/.test(selector)) return meta.adapters.getVersion(tenantId, a.id, Number(selector));
  const alias = (await meta.adapters.aliases(tenantId, a.id)).find((x) => x.alias === selector);
  return alias ? meta.adapters.getVersion(tenantId, a.id, alias.version) : null;
}

export async function resolveAdapter(meta: Metadata, tenantId: string, ref: string, sticky?: string, random?: () => number): Promise<Resolved> {
  const { name, selector } = parseRef(ref);
  const adapter = await meta.adapters.getByName(tenantId, name);
  if (!adapter) throw notFound('adapter', name);
  if (selector !== undefined) {
    const version = await bySelector(meta, tenantId, adapter, selector);
    if (!version) throw notFound('adapter version or alias', ref);
    return { adapter, version, via: /^\d+$/.test(selector) ? 'version' : 'alias' };
  }
  const split = await meta.adapters.getSplit(tenantId, adapter.id);
  if (split && split.routes.length > 0) {
    const route = pickRoute(split.routes, unitFor(sticky, random));
    const version = await bySelector(meta, tenantId, adapter, route.target);
    if (version) return { adapter, version, via: 'split', route: route.target };
  }
  const versions = await meta.adapters.versions(tenantId, adapter.id);
  const latest = versions[versions.length - 1];
  if (!latest) throw notFound('adapter version', ref);
  return { adapter, version: latest, via: 'latest' };
}
