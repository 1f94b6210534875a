/**
 * Trending: today's Hugging Face daily papers that match a channel's subscriptions (or the top ones when
 * it has none), ranked by upvotes. Each HF record is merged with the stored arXiv record first, so
 * category terms (`cat:cs.LG`) match and the card shows every source. Returns data; commands word it.
 */
import type { Clock } from '../clock.js';
import { SourceError, UserError } from '../errors.js';
import { mergePapers } from '../papers/merge.js';
import type { Paper } from '../papers/paper.js';
import type { MatchReason, SubscriptionMatcher } from '../radar/subscription.js';
import type { HfSource } from '../sources/hf-source.js';
import type { RadarStore } from '../store/ports.js';
import { sourceFailureReason } from '../sources/source-failure-reason.js';
import { channelOfSubscription } from './match-cache.js';

export interface TrendingPick {
  readonly paper: Paper;
  readonly reasons: readonly MatchReason[];
}

export interface TrendingResult {
  /** The UTC day whose HF listing was read (YYYY-MM-DD). */
  readonly day: string;
  /** Papers HF listed that day. */
  readonly listed: number;
  /** Papers that matched the channel (all of them when it has no subscriptions). */
  readonly matched: number;
  /** The channel has subscriptions (else the top papers are shown unfiltered). */
  readonly filtered: boolean;
  /** The best `limit` picks, by upvotes; stored so Discuss can find them. */
  readonly top: readonly TrendingPick[];
}

export interface TrendingService {
  /** UserError `hf_unavailable` (with the source's reason) when HF does not answer. */
  trending(channelKey: string, limit: number): Promise<TrendingResult>;
}

export function createTrendingService(deps: { hf: HfSource; store: RadarStore; matcher: SubscriptionMatcher; clock: Clock }): TrendingService {
  const { hf, store, matcher } = deps;
  return {
    async trending(key, limit) {
      const day = deps.clock.now().toISOString().slice(0, 10);
      const fetched = await fetchDay(hf, day);
      if (fetched.length === 0) return { day, listed: 0, matched: 0, filtered: false, top: [] };
      const stored = await store.papers.getMany(fetched.map((p) => p.id));
      const todays = new Set(fetched.map((p) => p.id));
      const papers = mergePapers([...stored, ...fetched]).filter((p) => todays.has(p.id));
      const filtered = (await store.subscriptions.list(key)).length > 0;
      const picked = papers.flatMap((paper): TrendingPick[] => {
        if (!filtered) return [{ paper, reasons: [] }];
        const mine = matcher.match(paper).filter((m) => channelOfSubscription(m.subscriptionId) === key);
        return mine.length ? [{ paper, reasons: mine.flatMap((m) => m.reasons) }] : [];
      });
      picked.sort((a, b) => (b.paper.hf?.upvotes ?? 0) - (a.paper.hf?.upvotes ?? 0) || a.paper.id.localeCompare(b.paper.id));
      const top = picked.slice(0, limit);
      // Discuss needs the paper in the store: HF-only papers are stored (merged) before the cards go out.
      const storedIds = new Set(stored.map((p) => p.id));
      const missing = top.map((c) => c.paper).filter((p) => !storedIds.has(p.id));
      if (missing.length) await store.papers.putMany(missing);
      return { day, listed: fetched.length, matched: picked.length, filtered, top };
    },
  };
}

async function fetchDay(hf: HfSource, day: string): Promise<Paper[]> {
  try {
    return await hf.fetchDaily(day);
  } catch (err) {
    if (err instanceof SourceError) throw new UserError('hf_unavailable', 'trending.unavailable', { reason: sourceFailureReason(err.code) });
    throw err;
  }
}
