/** The "last N days" window over stored announcement days: one definition for digests, briefings and search. */
import type { Paper } from './paper.js';

const DAY_MS = 86_400_000;

/** The oldest UTC day (YYYY-MM-DD) inside a window of `days` days ending at `now`. */
export function oldestDayOf(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
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

/** The paper store's answer of the days it holds from a day on, with how many papers each holds. */
interface DayCounts {
  listDayCounts(since?: string): Promise<DayCount[]>;
}

/**
 * The stored days of the window of `days` days ending at `now`, with their paper counts (the cache key of
 * `storedDaysKey`); the store is asked about those days only, whatever history it holds.
 */
export async function windowDayCounts(papers: DayCounts, now: Date, days: number): Promise<{ days: string[]; counts: readonly DayCount[] }> {
  const counts = await papers.listDayCounts(oldestDayOf(now, days));
  return { days: counts.map((c) => c.day), counts };
}

/** Papers announced in the last `days` days. */
export async function papersOfLastDays(
  papers: DayCounts & { listByDays(days: readonly string[]): Promise<Paper[]> },
  now: Date,
  days: number,
): Promise<Paper[]> {
  return papers.listByDays((await windowDayCounts(papers, now, days)).days);
}
