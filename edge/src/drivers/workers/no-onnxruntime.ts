// Stands in for onnxruntime-node in the Worker bundle (wrangler.toml [alias]; the test bundle does
// the same). Training and in-process inference never run in a Worker; anything that reaches for a
// session fails loudly instead of the bundle failing to build on a native module.
const unavailable = (): never => {
  throw new Error('onnxruntime-node is not available in the Workers flavour (training and inference run on runners and inference nodes)');
};

export default new Proxy({}, { get: unavailable });
