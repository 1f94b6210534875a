/**
 * The channel's latest digest, as `/radar brief` covers it: every batch posted on the UTC day of the newest
 * one (the day's digest and its `/radar more` batches), read from the outbox's closed runs — what was
 * recorded with the delivery itself, so a digest that a restart finished after a crash is covered too.
 */
import type { CardReason } from '../chat/message.js';
import type { DigestOutbox } from '../store/ports.js';

/** Papers covered at most (the day's latest). */
const MAX_PAPERS = 50;
/** Runs read back: a day's digest and its further batches. */
const RUNS_READ = 20;

export interface LatestDigest {
  /** UTC day of the newest batch. */
  readonly day: string;
  /** The day's papers in the order they were posted (the last 50). */
  readonly paperIds: readonly string[];
  /** Why each matched, as its card said. */
  readonly reasons: Readonly<Record<string, readonly CardReason[]>>;
}

export async function latestDigestOf(outbox: DigestOutbox, channelKey: string): Promise<LatestDigest | undefined> {
  const runs = await outbox.closed(channelKey, 'digest', RUNS_READ);
  if (runs.length === 0) return undefined;
  const day = runs[0]!.createdAt.slice(0, 10);
  const ids: string[] = [];
  const reasons: Record<string, readonly CardReason[]> = {};
  for (const run of runs.filter((r) => r.createdAt.slice(0, 10) === day).reverse()) {
    for (const part of run.parts) {
      const cards = new Map((part.message.cards ?? []).map((c) => [c.paperId, c.reasons]));
      for (const w of part.works) {
        ids.push(w.paperId);
        reasons[w.paperId] = cards.get(w.paperId) ?? [];
      }
    }
  }
  const paperIds = [...new Set(ids)].slice(-MAX_PAPERS);
  return { day, paperIds, reasons };
}
