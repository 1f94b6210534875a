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

/** Stored days with their paper counts, as `PaperStore.listDayCounts` lists them. */
export interface DayCount {
  readonly day: string;
  readonly papers: number;
}

/**
 * A cache key of the stored papers of `days`: how many papers the database holds for each (another
 * process's ingest changes that) and `changes`, this process's own write counter (a replaced version
 * changes no count).
 */
export function storedDaysKey(counts: readonly DayCount[], days: readonly string[], changes: number): string {
  const held = new Map(counts.map((c) => [c.day, c.papers]));
  return `${changes}|${days.map((d) => `${d}:${held.get(d) ?? 0}`).join(',')}`;
}

/** Papers announced in the last `days` days. */
export async function papersOfLastDays(
  papers: { listDays(): Promise<string[]>; listByDays(days: readonly string[]): Promise<Paper[]> },
  now: Date,
  days: number,
): Promise<Paper[]> {
  return papers.listByDays(daysInWindow(await papers.listDays(), now, days));
}
