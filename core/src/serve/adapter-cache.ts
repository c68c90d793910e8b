import { methods, type AdapterFiles, type MethodRegistry } from '../plugin/index.ts';
import type { ServeAdapter } from './adapter.ts';
import { unpackAdapter, type BlobStore } from './adapter-blob.ts';
import { adapterHash } from './adapter-hash.ts';
import type { AdapterSource } from './engine-options.ts';
import { ServeError } from './errors.ts';
import { methodOf, prepareAdapter, type BaseForServing } from './prepare.ts';

export interface AdapterCacheOptions {
  readonly base: BaseForServing;
  readonly blobs?: BlobStore;
  /** Bytes of prepared adapters kept at most; adapters in use stay past it until released. */
  readonly budgetBytes: number;
  /** Validates configs through the method plugins (default: the global registry); null skips it. */
  readonly registry?: MethodRegistry | null;
}

/**
 * Prepared adapters by content hash, least recently used first out under a byte budget. A missing one is
 * fetched from the blob store and checked against its hash; concurrent requests for it share one load.
 * Rows pin the adapter they run with, so eviction and unload never pull one from under a request.
 */
export class AdapterCache implements AdapterSource {
  private readonly entries = new Map<string, ServeAdapter>(); // insertion order = recency
  private readonly loading = new Map<string, Promise<ServeAdapter>>();
  private readonly pins = new Map<ServeAdapter, number>();
  private held = 0;

  constructor(private readonly opts: AdapterCacheOptions) {}

  get bytes(): number {
    return this.held;
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Adds adapter bytes that just arrived (an upload); returns its id, servable at once. */
  async put(bytes: Uint8Array): Promise<string> {
    const id = adapterHash(bytes);
    if (!this.entries.has(id)) this.insert(await this.prepare(id, unpackAdapter(bytes, id)));
    return id;
  }

  /** Adds adapter files under an id of the caller's choosing (tests, trained in-process adapters). */
  async putFiles(id: string, files: AdapterFiles): Promise<ServeAdapter> {
    const a = await this.prepare(id, files);
    this.insert(a);
    return a;
  }

  async acquire(id: string): Promise<ServeAdapter> {
    let a = this.entries.get(id);
    if (a) {
      this.entries.delete(id); // most recently used goes last
      this.entries.set(id, a);
    } else {
      a = await this.load(id);
    }
    this.pins.set(a, (this.pins.get(a) ?? 0) + 1);
    return a;
  }

  release(adapter: ServeAdapter): void {
    const n = (this.pins.get(adapter) ?? 0) - 1;
    if (n > 0) this.pins.set(adapter, n);
    else this.pins.delete(adapter);
    this.evict();
  }

  /** Drops an adapter from the cache now; requests running with it finish with their own reference. */
  unload(id: string): boolean {
    const a = this.entries.get(id);
    if (!a) return false;
    this.entries.delete(id);
    this.held -= a.bytes;
    return true;
  }

  private load(id: string): Promise<ServeAdapter> {
    let p = this.loading.get(id);
    if (!p) {
      p = this.fetch(id).then((a) => (this.insert(a), a)).finally(() => this.loading.delete(id));
      this.loading.set(id, p);
    }
    return p;
  }

  private async fetch(id: string): Promise<ServeAdapter> {
    const blob = await this.opts.blobs?.get(id);
    const bytes = blob instanceof Uint8Array ? blob : await blob?.bytes();
    if (!bytes) throw new ServeError('adapter_not_found', `adapter ${id} is neither cached nor in the blob store`);
    if (adapterHash(bytes) !== id) throw new ServeError('invalid_adapter', `adapter ${id}: the blob's content hash does not match its name`);
    return this.prepare(id, unpackAdapter(bytes, id));
  }

  private async prepare(id: string, files: AdapterFiles): Promise<ServeAdapter> {
    const registry = this.opts.registry === undefined ? methods : this.opts.registry;
    if (registry) {
      try {
        // only the owning plugin is loaded: its load() validates the config with the method's schema
        const plugin = await registry.get(methodOf(files.config));
        if (!plugin.load({ config: files.config, tensors: new Map() })) throw new Error(`method '${plugin.name}' does not read this adapter`);
      } catch (err) {
        throw new ServeError('invalid_adapter', `adapter ${id}: ${(err as Error).message}`);
      }
    }
    return prepareAdapter(id, files, this.opts.base);
  }

  private insert(a: ServeAdapter): void {
    const old = this.entries.get(a.id);
    if (old) this.held -= old.bytes;
    this.entries.set(a.id, a);
    this.held += a.bytes;
    this.evict();
  }

  /** Least recently used, unpinned adapters leave until the cache fits its budget. */
  private evict(): void {
    for (const [id, a] of this.entries) {
      if (this.held <= this.opts.budgetBytes) return;
      if (this.pins.has(a)) continue;
      this.entries.delete(id);
      this.held -= a.bytes;
    }
  }
}
