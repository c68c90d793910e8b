// A 5-field cron expression (minute hour day-of-month month day-of-week, UTC): `*`, lists `a,b`,
// ranges `a-b`, steps `*/n` and `a-b/n`; day-of-week 0–7 (0 and 7 are Sunday). As in Vixie cron,
// when both day fields are restricted a day matches if either does.
export interface Cron {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domAny: boolean;
  dowAny: boolean;
}

export class CronError extends Error {}

const FIELDS = [['minute', 0, 59], ['hour', 0, 23], ['day of month', 1, 31], ['month', 1, 12], ['day of week', 0, 7]] as const;

function field(text: string, name: string, min: number, max: number): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new CronError(`${name}: '${part}' is not *, a number, a range or a step`);
    const lo = m[1] === '*' ? min : Number(m[2]);
    const hi = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < min || hi > max || lo > hi) throw new CronError(`${name}: '${part}' is outside ${min}-${max}`);
    if (step < 1) throw new CronError(`${name}: step must be at least 1`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new CronError(`a cron schedule has 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => field(p, FIELDS[i]![0], FIELDS[i]![1], FIELDS[i]![2]));
  if (dow!.has(7)) dow!.add(0);
  return { minute: minute!, hour: hour!, dom: dom!, month: month!, dow: dow!, domAny: parts[2]!.startsWith('*'), dowAny: parts[4]!.startsWith('*') };
}

function dayMatches(c: Cron, d: Date): boolean {
  const dom = c.dom.has(d.getUTCDate());
  const dow = c.dow.has(d.getUTCDay());
  if (c.domAny || c.dowAny) return (c.domAny || dom) && (c.dowAny || dow);
  return dom || dow;
}

export function matches(c: Cron, t: number): boolean {
  const d = new Date(t);
  return c.minute.has(d.getUTCMinutes()) && c.hour.has(d.getUTCHours()) && c.month.has(d.getUTCMonth() + 1) && dayMatches(c, d);
}

const MINUTE = 60_000;

/** The first matching minute strictly after `t` (ms), or null within `horizonMs` (default 5 years). */
export function nextAfter(c: Cron, t: number, horizonMs = 5 * 366 * 24 * 60 * MINUTE): number | null {
  let m = Math.floor(t / MINUTE) * MINUTE + MINUTE;
  const end = t + horizonMs;
  while (m <= end) {
    const d = new Date(m);
    if (!c.month.has(d.getUTCMonth() + 1) || !dayMatches(c, d)) {
      m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    } else if (!c.hour.has(d.getUTCHours())) {
      m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
    } else if (!c.minute.has(d.getUTCMinutes())) {
      m += MINUTE;
    } else {
      return m;
    }
  }
  return null;
}
