import { writeModelManifest } from '../../weights/model-manifest.ts';
import { parse, requireModelFolder, UsageError } from '../args.ts';

export const summary = "write a model folder's file manifest (sizes, sha256) for serving it from R2 to runners";
export const usage = 'edgetune model-manifest DIR   (writes DIR/edgetune-manifest.json; upload it with the files to models/<id>/)';

export async function run(argv: string[]): Promise<number> {
  const { positionals } = parse(argv, {});
  if (positionals.length !== 1) throw new UsageError('one model folder is expected');
  const dir = positionals[0]!;
  requireModelFolder(dir);
  const { path, files } = await writeModelManifest(dir);
  console.log(`wrote ${path}: ${files.length} files, ${files.reduce((s, f) => s + f.bytes, 0)} bytes`);
  return 0;
}
