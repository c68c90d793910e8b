import { exportTensorBoard } from '../../tracking/index.ts';
import { parse, UsageError } from '../args.ts';

export const summary = "write a run folder's metrics and config as a TensorBoard event file";
export const usage = 'edgetune export-tb RUN_DIR [--out DIR]   (default DIR: RUN_DIR/tb; then `tensorboard --logdir DIR`)';

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('one RUN_DIR (an `edgetune train --out` folder) is expected');
  const r = exportTensorBoard(positionals[0]!, values.out);
  console.log(`wrote ${r.file}: ${r.scalars} scalars in ${r.events} events`);
  return 0;
}
