// Workers entry point: a thin re-export, as Hono's runtime adapters are.
import { createApp } from './app.ts';

export default createApp();
