// A method plugin whose apply() always throws, loaded by path in the runner tests (`--plugins`):
// its job must fail for good with this message, and the runner must go on to the next job.
import { z } from 'zod';
import { defineMethod } from '@edgetune/core/plugin/index.ts';

export const POISON_MESSAGE = 'poison: this plugin always throws';

export default defineMethod<Record<string, never>>({
  name: 'poison',
  description: 'a method whose apply() throws (runner tests)',
  config: z.strictObject({}),
  apply() {
    throw new Error(POISON_MESSAGE);
  },
  save() {
    throw new Error(POISON_MESSAGE);
  },
  load: () => undefined,
});
