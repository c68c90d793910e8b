/** PEFT's in-memory prefix for tuner tensors. */
export const PREFIX = 'base_model.model.';

/** In-memory (PEFT) name of one module's magnitude vector. */
export const magnitudeName = (path: string) => `${PREFIX}${path}.lora_magnitude_vector.default.weight`;

/**
 * PEFT drops the adapter name on save, and saves the magnitude without '.weight':
 * '...lora_A.default.weight' -> '...lora_A.weight', '...lora_magnitude_vector.default.weight' -> '...lora_magnitude_vector'.
 */
export const toSavedName = (name: string) =>
  name.endsWith('.lora_magnitude_vector.default.weight') ? name.slice(0, -'.default.weight'.length) : name.replace('.default.', '.');

export const toMemoryName = (name: string) =>
  name.endsWith('.lora_magnitude_vector') ? `${name}.default.weight` : name.replace(/\.(lora_A|lora_B)\.weight$/, '.$1.default.weight');
