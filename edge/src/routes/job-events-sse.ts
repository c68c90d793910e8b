// Job events over Server-Sent Events: the backlog after `after`, then new events as they land
// (polled, so it works wherever the metadata lives), ending with `event: done` once the job is
// finished and every event is sent. Each event's id is its event id, so clients resume with
// Last-Event-ID.
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { TERMINAL, type JobRow } from '../ports/rows.ts';
import { presentEvent, presentJob } from '../services/jobs/present.ts';

export function streamJobEvents(c: Context<AppEnv>, deps: AppDeps, job: JobRow, after?: string): Response {
  let cursor = after ?? c.req.header('last-event-id') ?? undefined;
  return streamSSE(c, async (stream) => {
    let closed = false;
    stream.onAbort(() => {
      closed = true;
    });
    while (!closed) {
      const page = await deps.meta.events.list(job.tenant_id, job.id, { after: cursor, limit: 100 });
      for (const e of page.data) {
        await stream.writeSSE({ id: e.id, event: 'event', data: JSON.stringify(presentEvent(e)) });
        cursor = e.id;
      }
      if (page.has_more) continue;
      const now = await deps.meta.jobs.get(job.tenant_id, job.id);
      if (!now || TERMINAL.includes(now.status)) {
        // events written between the page and this read are picked up by one last page
        const tail = await deps.meta.events.list(job.tenant_id, job.id, { after: cursor, limit: 1000 });
        for (const e of tail.data) await stream.writeSSE({ id: e.id, event: 'event', data: JSON.stringify(presentEvent(e)) });
        await stream.writeSSE({ event: 'done', data: JSON.stringify(now ? presentJob(now) : null) });
        break;
      }
      await stream.sleep(deps.limits.ssePollMs);
    }
  });
}
