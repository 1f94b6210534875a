/** The "last N days" window over stored announcement days: one definition for digests, briefings and search. */
import type { Paper } from './paper.js';

const DAY_MS = 86_400_000;

/** The oldest UTC day (YYYY-MM-DD) inside a window of `days` days ending at `now`. */
export function oldestDayOf(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
}

/** The stored announcement days inside the window (as listed by the paper store). */
export function daysInWindow(storedDays: readonly string[], now: Date, days: number): string[] {
  const oldest = oldestDayOf(now, days);
  return storedDays.filter((d) => d >= oldest);
}

/** Papers announced in the last `days` days. */
export async function papersOfLastDays(
  papers: { listDays(): Promise<string[]>; listByDays(days: readonly string[]): Promise<Paper[]> },
  now: Date,
  days: number,
): Promise<Paper[]> {
  return papers.listByDays(daysInWindow(await papers.listDays(), now, days));
}
