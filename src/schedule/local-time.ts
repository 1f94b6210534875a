/** Wall-clock parts of an instant in an IANA time zone (for "08:00 in Europe/Berlin"). */
export interface LocalParts {
  /** YYYY-MM-DD in that zone. */
  readonly day: string;
  /** HH:MM (24 h) in that zone. */
  readonly time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localParts(instant: Date, timeZone: string): LocalParts {
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
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** True when the local time has reached `time` on a day other than `lastDay`. */
export function isDailyJobDue(now: Date, time: string, timeZone: string, lastDay: string | undefined): boolean {
  const local = localParts(now, timeZone);
  return local.day !== lastDay && local.time >= time;
}
