import { LRUCache } from 'lru-cache';

/** Wall-clock parts of an instant in an IANA time zone (for "08:00 in Europe/Berlin"). */
export interface LocalParts {
  /** YYYY-MM-DD in that zone. */
  readonly day: string;
  /** HH:MM (24 h) in that zone. */
  readonly time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The answer is the same for every instant of a minute (since 1972 every zone's offset is whole minutes), and
 * a `/radar list`, a burst of commands or a digest run ask about the same minute many times: formatting
 * costs a few microseconds each time.
 */
const byMinute = new LRUCache<string, LocalParts>({ max: 512 });
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1972, 0, 1);

export function localParts(instant: Date, timeZone: string): LocalParts {
  const ms = instant.getTime();
  if (!(ms >= WHOLE_MINUTE_OFFSETS_SINCE)) return formatParts(instant, timeZone);
  const key = `${timeZone} ${Math.floor(ms / 60_000)}`;
  let parts = byMinute.get(key);
  if (parts === undefined) byMinute.set(key, (parts = formatParts(instant, timeZone)));
  return parts;
}

function formatParts(instant: Date, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return Object.freeze({ day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` });
}

/** True when the local time has reached `time` on a day other than `lastDay`. */
export function isDailyJobDue(now: Date, time: string, timeZone: string, lastDay: string | undefined): boolean {
  const local = localParts(now, timeZone);
  return local.day !== lastDay && local.time >= time;
}
