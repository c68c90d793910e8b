// The model manifest's file name and shape, without node:fs, so a Worker can read what
// `edgetune model-manifest` writes (model-manifest.ts).
export const MANIFEST_FILE = 'edgetune-manifest.json';
export const MANIFEST_FORMAT = 'edgetune-model-manifest';

export interface ModelFile {
  name: string;
  bytes: number;
  sha256: string;
}
