// The scheduler's tick (Node: a timer on the app's Clock; Workers: the scheduled() handler): each
// recipe whose cron schedule has a slot in (last fired or created, now] fires once, however many
// slots were missed. last_fired_at is claimed by compare-and-set, so concurrent ticks fire once.
import type { AppDeps } from '../../deps.ts';
import { nextAfter, parseCron } from './cron.ts';
import { fireRecipe } from './fire.ts';

export async function runDueRecipes(deps: AppDeps, now: number = deps.clock.now()): Promise<string[]> {
  const fired: string[] = [];
  for (const hook of await deps.meta.hooks.scheduled()) {
    let slot: number | null;
    try {
      slot = nextAfter(parseCron(hook.schedule!), hook.last_fired_at ?? hook.created_at);
    } catch {
      continue; // validated on create; an unparsable legacy value never fires
    }
    if (slot === null || slot > now) continue;
    if (!(await deps.meta.hooks.markFired(hook.id, hook.last_fired_at, now))) continue;
    try {
      fired.push((await fireRecipe(deps, hook, { kind: 'schedule', slot })).id);
    } catch (e) {
      (deps.log ?? console.error)(`recipe ${hook.id}: scheduled run failed`, e);
    }
  }
  return fired;
}
