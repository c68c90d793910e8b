import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import type { Graph } from './graph.ts';
import { hostTensor, type HostTensor } from './host-tensor.ts';
import { serialize } from './serialize.ts';
import type { DType } from './dtype.ts';

export type Device = 'cpu' | 'webgpu' | 'cuda';

export interface RunOptions {
  device?: Device;
  /** Intra-op threads on the CPU provider; defaults to the machine's cores. */
  threads?: number;
  /** Keep ORT's graph optimizations off, for debugging a graph as written. */
  noOptimize?: boolean;
  /**
   * Weights past this many bytes go to an external data file beside a temporary model file, since a
   * protobuf cannot exceed 2 GB. Default 1 GiB.
   */
  externalDataAbove?: number;
}

const ORT_DTYPE: Partial<Record<DType, ort.Tensor.Type>> = {
  float32: 'float32', float64: 'float64', float16: 'float16', int64: 'int64', int32: 'int32', int8: 'int8', uint8: 'uint8', bool: 'bool',
};

function toOrt(t: HostTensor): ort.Tensor {
  const type = ORT_DTYPE[t.dtype];
  if (!type) throw new Error(`onnxruntime-node has no ${t.dtype} tensors`);
  return new ort.Tensor(type, t.data as never, t.shape as number[]);
}

function fromOrt(t: ort.Tensor): HostTensor {
  const dtype = (Object.keys(ORT_DTYPE) as DType[]).find((k) => ORT_DTYPE[k] === t.type);
  if (!dtype) throw new Error(`unsupported output type ${t.type}`);
  return hostTensor(dtype, t.dims as number[], t.data as never);
}

/** The model as bytes, or as a file with external data when its weights are too large for one protobuf. */
function modelSource(g: Graph, externalAbove: number): { model: Uint8Array | string; cleanup: () => void } {
  let bytes = 0;
  for (const { data } of g.initializers.values()) bytes += data.byteLength;
  if (bytes <= externalAbove) return { model: serialize(g).model, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-model-'));
  const { model, externalData } = serialize(g, { externalDataFile: 'weights.bin', externalThreshold: 1024 });
  writeFileSync(join(dir, 'model.onnx'), model);
  const fd = openSync(join(dir, 'weights.bin'), 'w');
  for (const chunk of externalData ?? []) writeSync(fd, chunk);
  closeSync(fd);
  return { model: join(dir, 'model.onnx'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const DEVICES: readonly Device[] = ['cpu', 'webgpu', 'cuda'];

function deviceHint(device: Device): string {
  return device === 'webgpu'
    ? 'WebGPU needs a GPU whose Vulkan, Metal or D3D12 driver Dawn accepts'
    : "CUDA needs onnxruntime-node's CUDA provider (npm install with --onnxruntime-node-install=cuda12) and CUDA 12 libraries";
}

function executionProviders(device: Device): ort.InferenceSession.SessionOptions['executionProviders'] {
  if (device === 'cpu') return ['cpu'];
  return [device, 'cpu'];
}

/** A graph compiled into an onnxruntime session. */
export class CompiledGraph {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly device: Device,
  ) {}

  static async create(g: Graph, opts: RunOptions = {}): Promise<CompiledGraph> {
    const device = opts.device ?? 'cpu';
    if (!DEVICES.includes(device)) throw new Error(`unknown device '${device}' (use ${DEVICES.join(', ')})`);
    const source = modelSource(g, opts.externalDataAbove ?? 2 ** 30);
    const session = await ort.InferenceSession.create(source.model as never, {
      executionProviders: executionProviders(device),
      graphOptimizationLevel: opts.noOptimize ? 'disabled' : 'all',
      intraOpNumThreads: opts.threads ?? 0,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      // The arena avoids page-faulting fresh buffers every step (3-5x slower without it). The memory-pattern
      // planner, on the other hand, reserves one block for every intermediate's lifetime layout: measured on
      // the bench model it raised peak RSS from 1.08 GB to 1.65 GB at the same speed, so it stays off.
      enableCpuMemArena: true,
      enableMemPattern: false,
      enableProfiling: Boolean(process.env.EDGETUNE_ORT_PROFILE),
      profileFilePrefix: process.env.EDGETUNE_ORT_PROFILE,
      logSeverityLevel: 3,
    }).catch((err: Error) => {
      if (device === 'cpu') throw err;
      throw new Error(`cannot start the ${device} execution provider (${deviceHint(device)}): ${err.message.split('\n')[0]}`);
    }).finally(source.cleanup);
    return new CompiledGraph(session, device);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Record<string, HostTensor>, outputs?: readonly string[]): Promise<Record<string, HostTensor>> {
    const missing = this.session.inputNames.filter((n) => !(n in feeds));
    if (missing.length) throw new Error(`missing graph inputs: ${missing.join(', ')}`);
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name of this.session.inputNames) ortFeeds[name] = toOrt(feeds[name]!);
    const result = outputs ? await this.session.run(ortFeeds, outputs as string[]) : await this.session.run(ortFeeds);
    const out: Record<string, HostTensor> = {};
    for (const [k, v] of Object.entries(result)) out[k] = fromOrt(v);
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** Compiled sessions keyed by (graph identity, device, shapes): building and optimizing is the slow part. */
export class SessionCache {
  private readonly entries = new Map<string, Promise<CompiledGraph>>();

  constructor(private readonly opts: RunOptions = {}) {}

  get(key: string, build: () => Graph): Promise<CompiledGraph> {
    const full = `${this.opts.device ?? 'cpu'}|${key}`;
    let hit = this.entries.get(full);
    if (!hit) {
      hit = CompiledGraph.create(build(), this.opts);
      hit.catch(() => this.entries.delete(full));
      this.entries.set(full, hit);
    }
    return hit;
  }

  get size(): number {
    return this.entries.size;
  }

  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const s of all) await (await s).release();
  }
}
