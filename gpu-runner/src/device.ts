// --device auto: CUDA where onnxruntime's CUDA provider is installed and starts, else WebGPU where
// there is a GPU for it, else the CPU. A WebGPU adapter alone is not enough on Linux: Dawn happily
// runs on lavapipe (Vulkan on the CPU), which is slower than ORT's own CPU kernels, so auto wants
// a GPU device node too. Every candidate is proven by running a tiny graph.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CompiledGraph, Graph, hostTensor, ops, type Device } from '@edgetune/core/graph/index.ts';

export type DevicePreference = 'auto' | Device;
export const DEVICE_PREFERENCES: readonly DevicePreference[] = ['auto', 'cpu', 'webgpu', 'cuda'];

export interface DeviceChoice {
  device: Device;
  /** Why, for the log and the job's events. */
  reason: string;
}

export interface DeviceProbes {
  /** The CUDA provider library's path, or null. */
  cudaProvider(): string | null;
  /** A GPU device node (or platform) WebGPU can use, or null. */
  gpu(): string | null;
  /** null when a tiny graph runs on `device`, else the error. */
  tryRun(device: Device): Promise<string | null>;
}

function ortBinaryDirs(): string[] {
  const pkg = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
  const bin = join(pkg, 'bin');
  if (!existsSync(bin)) return [];
  return readdirSync(bin).map((napi) => join(bin, napi, process.platform, process.arch)).filter(existsSync);
}

export const realProbes: DeviceProbes = {
  cudaProvider() {
    const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    return ortBinaryDirs().map((d) => join(d, lib)).find(existsSync) ?? null;
  },
  gpu() {
    if (process.platform === 'darwin') return 'Metal';
    if (process.platform === 'win32') return 'D3D12';
    const nodes = ['/dev/nvidia0', '/dev/dxg', '/dev/kfd'].filter(existsSync);
    const dri = existsSync('/dev/dri') ? readdirSync('/dev/dri').filter((n) => n.startsWith('renderD')).map((n) => `/dev/dri/${n}`) : [];
    return [...nodes, ...dri][0] ?? null;
  },
  async tryRun(device) {
    const g = new Graph();
    const x = g.input('x', 'float32', [2, 2]);
    g.output(ops.matmul(x, x), 'y');
    try {
      const s = await CompiledGraph.create(g, { device });
      try {
        const y = (await s.run({ x: hostTensor('float32', [2, 2], Float32Array.of(1, 2, 3, 4)) })).y!.data as Float32Array;
        return y[0] === 7 && y[3] === 22 ? null : `wrong result ${Array.from(y).join(',')}`;
      } finally {
        await s.release();
      }
    } catch (e) {
      return (e as Error).message.split('\n')[0]!;
    }
  },
};

export async function chooseDevice(pref: DevicePreference, probes: DeviceProbes = realProbes): Promise<DeviceChoice> {
  if (pref === 'cpu') return { device: 'cpu', reason: 'requested' };
  if (pref !== 'auto') {
    const err = await probes.tryRun(pref);
    if (err) throw new Error(`--device ${pref}: ${err}`);
    return { device: pref, reason: 'requested' };
  }
  const notes: string[] = [];
  const cuda = probes.cudaProvider();
  if (!cuda) notes.push("no CUDA provider (onnxruntime-node installed without --onnxruntime-node-install=cuda12)");
  else {
    const err = await probes.tryRun('cuda');
    if (!err) return { device: 'cuda', reason: `auto: CUDA provider ${cuda}` };
    notes.push(`CUDA provider present but did not start: ${err}`);
  }
  const gpu = probes.gpu();
  if (!gpu) notes.push('no GPU for WebGPU');
  else {
    const err = await probes.tryRun('webgpu');
    if (!err) return { device: 'webgpu', reason: `auto: WebGPU on ${gpu}${cuda ? '' : ', no CUDA provider'}` };
    notes.push(`WebGPU on ${gpu} did not start: ${err}`);
  }
  return { device: 'cpu', reason: `auto: ${notes.join('; ')}` };
}
