/**
 * What the subscriptions add up to, kept incrementally: the arXiv categories they need (reference-counted,
 * so removing one of two `cat:cs.LG` subscriptions keeps cs.LG) and how many subscriptions each channel
 * has. Built once from the stored subscriptions at start-up and updated on every add/remove, so ingest
 * never reads every channel's subscriptions to learn what to fetch.
 */
import { extractCategories, parseQuery } from './query-parser.js';
import type { Subscription } from './subscription.js';

export class SubscriptionCensus {
  private readonly categoryRefs = new Map<string, number>();
  private readonly perChannel = new Map<string, number>();
  /** Categories of each known query line (queries repeat a lot; parsing each once is enough). */
  private readonly categoriesOfQuery = new Map<string, readonly string[]>();

  add(sub: Pick<Subscription, 'channelKey' | 'query'>): void {
    this.perChannel.set(sub.channelKey, (this.perChannel.get(sub.channelKey) ?? 0) + 1);
    for (const c of this.categoriesOf(sub.query)) this.categoryRefs.set(c, (this.categoryRefs.get(c) ?? 0) + 1);
  }

  remove(sub: Pick<Subscription, 'channelKey' | 'query'>): void {
    const n = (this.perChannel.get(sub.channelKey) ?? 0) - 1;
    if (n > 0) this.perChannel.set(sub.channelKey, n);
    else this.perChannel.delete(sub.channelKey);
    for (const c of this.categoriesOf(sub.query)) {
      const refs = (this.categoryRefs.get(c) ?? 0) - 1;
      if (refs > 0) this.categoryRefs.set(c, refs);
      else this.categoryRefs.delete(c);
    }
  }

  /** Every category some subscription names, sorted. */
  categories(): string[] {
    return [...this.categoryRefs.keys()].sort();
  }

  /** Subscriptions of one channel. */
  countOf(channelKey: string): number {
    return this.perChannel.get(channelKey) ?? 0;
  }

  /** Channels with at least one subscription. */
  channels(): string[] {
    return [...this.perChannel.keys()];
  }

  private categoriesOf(query: string): readonly string[] {
    let cats = this.categoriesOfQuery.get(query);
    if (!cats) {
      try {
        cats = extractCategories(parseQuery(query));
      } catch {
        cats = []; // a stored query that no longer parses is reported by /radar list; it adds no category
      }
      this.categoriesOfQuery.set(query, cats);
    }
    return cats;
  }
}
