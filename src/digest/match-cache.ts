/**
 * Matching one paper against every subscription is the hot path; a scheduled run digests many channels
 * over the same papers. The cache keeps each paper's matches (all channels) until the subscriptions change.
 */
import type { Paper } from '../papers/paper.js';
import type { SubscriptionMatch, SubscriptionMatcher } from '../radar/subscription.js';

export class MatchCache {
  private readonly cache = new Map<string, SubscriptionMatch[]>();

  constructor(
    private readonly matcher: SubscriptionMatcher,
    private readonly maxEntries = 50_000,
  ) {}

  /** Subscriptions changed: every cached answer may be wrong now. */
  invalidate(): void {
    this.cache.clear();
  }

  matches(paper: Paper): SubscriptionMatch[] {
    const key = `${paper.id}@${paper.version ?? 0}@${paper.title.length}:${paper.abstract.length}`;
    let m = this.cache.get(key);
    if (!m) {
      m = this.matcher.match(paper);
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(key, m);
    }
    return m;
  }
}

/** The channel of a subscription id `${channelKey}#${number}`. */
export const channelOfSubscription = (subscriptionId: string): string =>
  subscriptionId.slice(0, subscriptionId.lastIndexOf('#'));
