// An uploaded PEFT adapter checked against its base model before anything is stored: the config
// parses and a method plugin reads it, every tensor names a module the model has, LoRA factors
// fit the module's features, and the rank is within the deployment's limit.
import { parseSafetensors } from '@edgetune/core/weights/safetensors-parse.ts';
import type { HostTensor } from '@edgetune/core/graph/host-tensor.ts';
import { z } from 'zod';
import { EdgetuneError, invalidField } from '../../errors/index.ts';
import type { MethodCatalog } from '../../ports/methods.ts';
import type { BaseModelInfo } from '../../ports/models.ts';
import { baseModules, owningModule } from './base-modules.ts';

export const PEFT_PREFIX = 'base_model.model.';
const CONFIG = 'adapter_config';
const WEIGHTS = 'adapter_model';

/** The fields every adapter_config.json has; the plugin's schema checks the rest. */
const Envelope = z.object({ peft_type: z.string().nullable().optional(), edgetune_method: z.string().optional() }).passthrough()
  .refine((c) => typeof c.peft_type === 'string' || typeof c.edgetune_method === 'string', { message: 'needs peft_type (PEFT) or edgetune_method', path: ['peft_type'] });

export interface ValidAdapter {
  config: Record<string, unknown>;
  tensors: Map<string, HostTensor>;
  method: string;
  /** Largest LoRA rank, null for methods without one. */
  rank: number | null;
}

export function parseAdapterConfig(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new EdgetuneError('invalid_field', `${CONFIG}: malformed JSON: ${(e as Error).message}`, { field: CONFIG });
  }
  const r = Envelope.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const field = [CONFIG, ...i.path.map(String)].join('.');
    throw invalidField(field, `${field}: ${i.message}`);
  }
  return r.data as Record<string, unknown>;
}

function checkTensor(mods: ReturnType<typeof baseModules>, model: BaseModelInfo, name: string, t: HostTensor, ranks: number[]): void {
  if (!name.startsWith(PEFT_PREFIX)) return; // prompt/prefix embeddings live outside the model tree
  const rest = name.slice(PEFT_PREFIX.length);
  const base = mods.tensors.get(rest);
  if (base) {
    // full / partial fine-tuning: a replacement for a base tensor
    if (base.join() !== t.shape.join()) throw invalidField(WEIGHTS, `tensor '${name}' has shape [${t.shape}], base model '${model.id}' has [${base}]`);
    return;
  }
  const path = owningModule(mods, rest);
  if (path === undefined) {
    throw invalidField(WEIGHTS, `tensor '${name}' targets '${rest.replace(/\.[^.]+\.weight$/, '')}', which base model '${model.id}' does not have`);
  }
  const lin = mods.modules.get(path);
  const m = /^\.(lora_A|lora_B)(?:\.[^.]+)?\.weight$/.exec(rest.slice(path.length));
  if (!m) return;
  if (!lin) throw invalidField(WEIGHTS, `tensor '${name}': LoRA on '${path}', which is not a linear layer`);
  const [rows, cols] = t.shape;
  const ok = t.shape.length === 2 && (m[1] === 'lora_A' ? cols === lin.inFeatures : rows === lin.outFeatures);
  if (!ok) {
    const want = m[1] === 'lora_A' ? `[r, ${lin.inFeatures}]` : `[${lin.outFeatures}, r]`;
    throw invalidField(WEIGHTS, `tensor '${name}' has shape [${t.shape}]; '${path}' needs ${want}`);
  }
  ranks.push(m[1] === 'lora_A' ? rows! : cols!);
}

export async function validateAdapter(methods: MethodCatalog, model: BaseModelInfo, configText: string, weights: Uint8Array): Promise<ValidAdapter> {
  const config = parseAdapterConfig(configText);
  let tensors: Map<string, HostTensor>;
  try {
    tensors = parseSafetensors(weights, WEIGHTS).tensors;
  } catch (e) {
    throw invalidField(WEIGHTS, `${WEIGHTS}: not a safetensors file: ${(e as Error).message}`);
  }
  return validateAdapterFiles(methods, model, config, tensors);
}

/** The same checks on files already parsed (a runner's packed artifact). */
export async function validateAdapterFiles(methods: MethodCatalog, model: BaseModelInfo, config: Record<string, unknown>, tensors: Map<string, HostTensor>): Promise<ValidAdapter> {
  if (tensors.size === 0) throw invalidField(WEIGHTS, `${WEIGHTS}: holds no tensors`);
  const mods = baseModules(model.config);
  const ranks: number[] = [];
  for (const [name, t] of tensors) checkTensor(mods, model, name, t, ranks);
  const rank = ranks.length ? Math.max(...ranks) : typeof config.r === 'number' ? config.r : null;
  if (rank !== null && rank > model.maxRank) throw invalidField('r', `rank ${rank} exceeds this deployment's limit of ${model.maxRank} for '${model.id}'`);
  let method: string;
  try {
    method = (await methods.readAdapter({ config, tensors })).method;
  } catch (e) {
    throw invalidField(CONFIG, `${CONFIG}: ${(e as Error).message}`);
  }
  return { config, tensors, method, rank };
}
