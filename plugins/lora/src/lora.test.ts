import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import lora from './index.ts';

// Tiny models: 2 layers, hidden 32; GPT-2 MLP 128, Llama MLP 88 (8/3 * 32 rounded up to 8), KV width 16.
const r = 4;
testMethodPlugin({
  plugin: lora,
  validConfigs: [{ r, lora_alpha: 8, target_modules: ['c_attn', 'c_proj', 'c_fc', 'q_proj', 'v_proj', 'down_proj'] }, { r: 8, use_rslora: true }, {}],
  invalidConfigs: [{ r: 0 }, { r: 2.5 }, { target_modules: [] }, { lora_dropout: 2 }, { lora_bias: true }, { use_dora: true }],
  expectedTrainable: (arch) =>
    arch === 'gpt2'
      ? 2 * (r * (32 + 96) + r * (32 + 32) + r * (32 + 128) + r * (128 + 32)) // c_attn, attn.c_proj, c_fc, mlp.c_proj
      : 2 * (r * (32 + 32) + r * (32 + 16) + r * (88 + 32)), // q_proj, v_proj, down_proj
  fixtures: ['tiny-gpt2', 'tiny-llama'].flatMap((model) => ['lora', 'lora-rslora'].map((adapter) => ({ model, adapter }))),
});
