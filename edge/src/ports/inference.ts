// Port: inference. Workers will forward to an inference node (service binding or URL); Node runs
// core/src/serve's ServeEngine in process (drivers/node/inference.ts). Without a driver,
// /v1/completions and /v1/chat/completions answer 501. Adapters are addressed by the sha256 of
// their packed blob, the id core/src/serve's AdapterCache uses; `load` fetches the bytes once.

export interface ChatMessageIn {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
}

export interface SamplingIn {
  maxTokens: number;
  temperature: number;
  topP: number;
  topK: number;
  repetitionPenalty: number;
  stop: string[];
  seed?: number;
}

export interface InferenceRequest {
  /** Base model id from the model catalog. */
  model: string;
  adapter: { sha256: string; load(): Promise<Uint8Array> } | null;
  /** Text, or chat messages the engine renders with the model's chat template. */
  prompt: string | { messages: ChatMessageIn[] };
  sampling: SamplingIn;
  signal?: AbortSignal;
}

export interface InferenceResult {
  text: string;
  finishReason: 'stop' | 'length' | 'cancelled';
  promptTokens: number;
  completionTokens: number;
}

/** Text pieces as they are generated; `result` settles when generation ends. */
export interface InferenceStream extends AsyncIterable<string> {
  readonly result: Promise<InferenceResult>;
}

export interface ScoreRequest {
  model: string;
  adapter: InferenceRequest['adapter'];
  texts: readonly string[];
}

export interface ScoreResult {
  /** The adapter's mean token-level NLL over the texts (nats). */
  meanNll: number;
  /** Each text's token ids under the base model's tokenizer. */
  tokens: number[][];
}

export interface InferenceEngine {
  /** Throws (core ServeError) at once for an invalid request or a full queue. */
  generate(req: InferenceRequest): Promise<InferenceStream>;
  /** Drift monitoring: tokenization and mean NLL of texts. Absent: drift reports answer 501. */
  score?(req: ScoreRequest): Promise<ScoreResult>;
}
