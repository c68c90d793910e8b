// A training failure → what the server is told: a code, a message, and whether another attempt
// could go differently. Bad input and a throwing plugin fail the same way every time: not retried.
import { DownloadError } from './cache.ts';
import { JobInputError } from './errors.ts';
import { PackError } from './pack.ts';
import { PluginError } from './plugins.ts';

const BAD_INPUT = ['invalid_config', 'invalid_record', 'no_examples'];

export function describeFailure(e: unknown): { code: string; message: string; retryable: boolean } {
  const message = (e as Error)?.message ?? String(e);
  if (e instanceof PluginError) return { code: e.code, message, retryable: false };
  if (e instanceof JobInputError) return { code: e.code, message, retryable: false };
  if (e instanceof Error && e.name === 'TrainError') {
    const code = String((e as { code?: unknown }).code);
    return { code, message, retryable: !BAD_INPUT.includes(code) };
  }
  if (e instanceof DownloadError) return { code: e.code, message, retryable: true };
  if (e instanceof PackError) return { code: 'bad_checkpoint', message, retryable: false };
  return { code: 'training_error', message, retryable: true };
}
