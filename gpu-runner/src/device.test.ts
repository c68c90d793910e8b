import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Device } from '@edgetune/core/graph/index.ts';
import { chooseDevice, realProbes, type DeviceProbes } from './device.ts';

function probes(has: { cuda?: boolean; gpu?: boolean; runs?: Device[] }): DeviceProbes & { tried: Device[] } {
  const tried: Device[] = [];
  return {
    tried,
    cudaProvider: () => (has.cuda ? '/ort/libonnxruntime_providers_cuda.so' : null),
    gpu: () => (has.gpu ? '/dev/nvidia0' : null),
    tryRun: async (d) => {
      tried.push(d);
      return has.runs?.includes(d) ? null : `${d} did not start`;
    },
  };
}

test('auto: CUDA first, then WebGPU on a GPU, then the CPU; each candidate is proven by a run', async () => {
  assert.equal((await chooseDevice('auto', probes({ cuda: true, gpu: true, runs: ['cuda', 'webgpu'] }))).device, 'cuda');
  const fallback = probes({ cuda: true, gpu: true, runs: ['webgpu'] });
  const w = await chooseDevice('auto', fallback);
  assert.deepEqual([w.device, fallback.tried], ['webgpu', ['cuda', 'webgpu']]);
  assert.match(w.reason, /WebGPU on \/dev\/nvidia0/);
  const noGpu = probes({ runs: ['webgpu'] });
  const c = await chooseDevice('auto', noGpu);
  assert.deepEqual([c.device, noGpu.tried], ['cpu', []], 'a software WebGPU adapter is not a reason to leave the CPU');
  assert.match(c.reason, /no CUDA provider.*no GPU for WebGPU/);
  const broken = await chooseDevice('auto', probes({ cuda: true, gpu: true }));
  assert.equal(broken.device, 'cpu');
  assert.match(broken.reason, /CUDA provider present but did not start: cuda did not start; WebGPU on \/dev\/nvidia0 did not start/);
});

test('an explicit device is used as asked, or fails loudly', async () => {
  assert.deepEqual(await chooseDevice('cpu', probes({})), { device: 'cpu', reason: 'requested' });
  assert.equal((await chooseDevice('webgpu', probes({ runs: ['webgpu'] }))).device, 'webgpu');
  await assert.rejects(chooseDevice('cuda', probes({})), /--device cuda: cuda did not start/);
});

test('the real probes: the CPU always runs the test graph', async () => {
  assert.equal(await realProbes.tryRun('cpu'), null);
});
