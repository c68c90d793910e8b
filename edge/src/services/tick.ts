// The scheduler's tick, the same on both runtimes (Node: a timer on the app's Clock; Workers: the
// cron's scheduled() at its scheduledTime): due scheduled recipes fire, then due drift checks run.
import type { AppDeps } from '../deps.ts';
import { runDueRecipes } from './recipes/due.ts';
import { runDueDriftChecks, type DriftCheck } from './tracking/due-checks.ts';

export async function runTick(deps: AppDeps, now: number = deps.clock.now()): Promise<{ recipes: string[]; driftChecks: DriftCheck[] }> {
  const recipes = await runDueRecipes(deps, now);
  const driftChecks = await runDueDriftChecks(deps, now);
  return { recipes, driftChecks };
}
