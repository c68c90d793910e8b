import type { Context } from 'hono';
import { EdgetuneError } from '../errors/index.ts';

/** The request's multipart form; a body that does not parse is a 400 naming the problem. */
export async function readMultipart(c: Context): Promise<FormData> {
  try {
    return await c.req.raw.formData();
  } catch (e) {
    if (e instanceof EdgetuneError) throw e; // the body limit's 413 surfaces through formData()
    throw new EdgetuneError('invalid_request', `malformed multipart body: ${(e as Error).message}`);
  }
}
