// Graph input and output names of the serving graphs: the contract between graph builders, batch feeds
// and exported models.

export const INPUT_IDS = 'input_ids'; // [B, T] int64; ids >= vocab address prompt_embeds
export const POSITION_IDS = 'position_ids'; // [B, T] int64
export const ATTN_BIAS = 'attn_bias'; // [B, 1, rep*T, P+T] float, additive (0 or MASKED)
export const LOGIT_INDEX = 'logit_index'; // [B] int64: flat b*T+t of the position whose logits to return
export const LOGITS = 'logits'; // [B, V], or [B, T, V] with allLogits

export const LORA_GATHER = 'lora_gather'; // [U, N] int64: flat token indices, grouped by LoRA stack entry (rows without LoRA: a zero entry)
export const LORA_SCATTER = 'lora_scatter'; // [B, T] int64: each token's index into the [U*N] group outputs
export const PROMPT_EMBEDS = 'prompt_embeds'; // [NP, C] virtual-token table for this batch

export const pastKey = (layer: number) => `past.${layer}.key`; // [B, KVH, P, D]
export const pastValue = (layer: number) => `past.${layer}.value`;
export const presentKey = (layer: number) => `present.${layer}.key`; // [B, KVH, T, D]: new tokens only
export const presentValue = (layer: number) => `present.${layer}.value`;

export const loraA = (path: string) => `lora.${path}.a`; // [B|U, in, R]: A^T per row (or group)
export const loraB = (path: string) => `lora.${path}.b`; // [B|U, R, out]: scaling * B^T
export const scaleIn = (path: string) => `scale.${path}.in`; // [B, 1, in]: IA3 feedforward input scale
export const scaleOut = (path: string) => `scale.${path}.out`; // [B, 1, out]: IA3 / DoRA output scale
export const scaleBias = (path: string) => `scale.${path}.bias`; // [B, 1, out]: the bias each row adds
