// `edgetune inference-node`: the inference node protocol (app.ts) on node:http, serving the base
// models of the given Hugging Face folders with the in-process engine.
import { folderCatalog } from '../drivers/node/models.ts';
import { modelSpecs } from '../drivers/node/deps.ts';
import { serveNode } from '../drivers/node/http-server.ts';
import { LocalInference } from '../drivers/node/inference.ts';
import { inferenceNodeApp } from './app.ts';

export interface InferenceNodeStart {
  /** `DIR` or `ID=DIR`, comma-separated. */
  models: string;
  port: number;
  host?: string;
  token?: string;
  adapterBudgetBytes?: number;
}

export async function startInferenceNode(o: InferenceNodeStart, log: (m: string) => void = console.log) {
  const catalog = folderCatalog(modelSpecs(o.models));
  const app = inferenceNodeApp({ engine: new LocalInference(catalog), token: o.token, adapterBudgetBytes: o.adapterBudgetBytes });
  const server = await serveNode(app.fetch, o.port, o.host);
  log(`edgetune inference node listening on ${server.url}${o.token ? ' (bearer token required)' : ' (no token: keep it off public networks)'}`);
  for (const m of catalog.list()) log(`base model '${m.id}': ${m.config.arch}, hidden ${m.config.hidden}, ${m.config.layers} layers`);
  return server;
}
