export { adamw, ADAMW_DEFAULTS, type AdamWOptions } from './adamw.ts';
export { sgd, SGD_DEFAULTS, type SGDOptions } from './sgd.ts';
export { globalNorm, clipByGlobalNorm } from './clip.ts';
export { ScheduleConfig, lrMultiplier, lrInGraph } from './schedule.ts';
