// In-process inference for the Node flavour: one core ServeEngine per base model (continuous
// batching, adapters as graph inputs) with an AdapterCache under a byte budget. Tokens stream as
// text through core's TextStream (a partial UTF-8 character waits for the token completing it).
import { ChatTemplate } from '@edgetune/core/data/chat-template.ts';
import { loadBaseModel } from '@edgetune/core/engine/base-model.ts';
import { evaluate } from '@edgetune/core/eval/index.ts';
import type { BaseModel } from '@edgetune/core/engine/base-model.ts';
import { loadTaskAdapter } from '@edgetune/core/heads/index.ts';
import { unpackAdapter } from '@edgetune/core/serve/adapter-blob.ts';
import { AdapterCache, ServeEngine, ServeError, TextStream } from '@edgetune/core/serve/index.ts';
import { loadTokenizer, type Tokenizer } from '@edgetune/core/tokenizer/index.ts';
import type { InferenceEngine, InferenceRequest, InferenceResult, InferenceStream, ScoreRequest, ScoreResult } from '../../ports/inference.ts';
import type { ModelCatalog } from '../../ports/models.ts';

interface Loaded {
  base: BaseModel;
  engine: ServeEngine;
  cache: AdapterCache;
  tokenizer: Tokenizer;
  chat: ChatTemplate;
}

export interface LocalInferenceOptions {
  adapterBudgetBytes?: number;
  maxBatch?: number;
}

export class LocalInference implements InferenceEngine {
  private readonly loaded = new Map<string, Promise<Loaded>>();

  constructor(private readonly models: ModelCatalog, private readonly opts: LocalInferenceOptions = {}) {}

  private load(id: string): Promise<Loaded> {
    let p = this.loaded.get(id);
    if (!p) {
      const dir = this.models.get(id)?.dir;
      if (!dir) throw new ServeError('invalid_request', `base model '${id}' has no local folder to serve from`);
      p = Promise.resolve().then(() => {
        const base = loadBaseModel(dir);
        const tokenizer = loadTokenizer(dir);
        const cache = new AdapterCache({ base, budgetBytes: this.opts.adapterBudgetBytes ?? 256 * 1024 * 1024 });
        const engine = new ServeEngine(base, { maxBatch: this.opts.maxBatch ?? 8, adapters: cache, detokenize: (ids) => tokenizer.decode(ids) });
        const chat = new ChatTemplate({ template: tokenizer.chatTemplate ?? undefined });
        return { base, engine, cache, tokenizer, chat };
      });
      this.loaded.set(id, p);
      p.catch(() => this.loaded.delete(id));
    }
    return p;
  }

  /** core's evaluate() (causal LM): the adapter's mean token NLL over the texts, on the loaded base model. */
  async score(req: ScoreRequest): Promise<ScoreResult> {
    const m = await this.load(req.model);
    const adapter = req.adapter ? await loadTaskAdapter(unpackAdapter(await req.adapter.load(), req.adapter.sha256)) : undefined;
    const r = await evaluate({ model: m.base, adapter, records: req.texts.map((text) => ({ text })), batch: 8 });
    return { meanNll: Number(r.metrics.loss), tokens: req.texts.map((t) => m.tokenizer.encode(t)) };
  }

  async generate(req: InferenceRequest): Promise<InferenceStream> {
    const m = await this.load(req.model);
    if (req.adapter && !m.cache.has(req.adapter.sha256)) await m.cache.put(await req.adapter.load());
    const text = typeof req.prompt === 'string' ? req.prompt : m.chat.render(req.prompt.messages, true);
    const prompt = m.tokenizer.encode(text);
    const s = req.sampling;
    const gen = m.engine.generate({
      prompt, adapter: req.adapter?.sha256 ?? null, signal: req.signal,
      sampling: { maxTokens: s.maxTokens, temperature: s.temperature, topP: s.topP, topK: s.topK, repetitionPenalty: s.repetitionPenalty, stop: s.stop, seed: s.seed },
    });
    const result: Promise<InferenceResult> = gen.result.then((r) => ({
      text: m.tokenizer.decode(r.tokens, { skipSpecialTokens: true }), finishReason: r.finishReason,
      promptTokens: r.promptTokens, completionTokens: r.tokens.length,
    }));
    result.catch(() => {});
    async function* pieces(): AsyncGenerator<string> {
      const text = new TextStream((ids) => m.tokenizer.decode(ids, { skipSpecialTokens: true }));
      for await (const e of gen) {
        const piece = text.push(e.token);
        if (piece) yield piece;
      }
      const tail = text.end();
      if (tail) yield tail;
    }
    const iter = pieces();
    return { result, [Symbol.asyncIterator]: () => iter };
  }
}
