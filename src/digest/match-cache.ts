/**
 * The day's matches, indexed by channel. A scheduled run digests every channel over the same window of
 * papers: the window is matched against every subscription ONCE (the percolator), and each paper's
 * matches are filed under their channels, so a channel's digest walks only the papers it matched — its
 * cost does not depend on how many other channels exist.
 *
 * A subscription added or removed marks only its own channel stale (O(1)); a stale channel is re-matched
 * alone, against its own subscriptions, the next time it is asked for. The window is matched as one batch
 * (the matcher's fastest path) driven step by step (`matchSteps`, about a millisecond each), yielding to the
 * event loop every `sliceMs`, so commands stay responsive while a window is being indexed.
 */
import type { Paper } from '../papers/paper.js';
import type { MatchReason, MatchTable, Subscription, SubscriptionMatcher } from '../radar/subscription.js';
import type { TopicHits } from '../radar/topic-leaf.js';

/** One paper a channel's subscriptions matched: which subscriptions (insertion order) and why. */
export interface ChannelHit {
  readonly paper: Paper;
  readonly subscriptionIds: readonly string[];
  readonly reasons: readonly MatchReason[];
}

/**
 * A channel's matches: the window's match table (by subscription, shared by all channels) and the positions
 * in it of the channel's subscriptions that matched — a day at 100,000 subscriptions holds millions of
 * matches; nothing is copied per channel, and they are grouped per paper only when the channel asks.
 */
interface Filed {
  readonly table: MatchTable;
  readonly positions: number[];
}

/** The papers of a digest window and a key that changes whenever the window's content may have. */
export interface PaperWindow {
  readonly key: string;
  readonly papers: readonly Paper[];
  /** Which `topic:`/`like:` leaves each paper hits (part of the window: `key` changes with it). */
  readonly topics?: TopicHits;
}

export interface MatchIndexDeps {
  /** The live matcher over every subscription (kept in step by the subscription service). */
  readonly matcher: SubscriptionMatcher;
  /** A fresh, empty matcher: a stale channel is re-matched with its own subscriptions only. */
  readonly createMatcher: () => SubscriptionMatcher;
  /** The channel's current subscriptions (read only for a stale channel). */
  readonly subscriptionsOf: (channelKey: string) => Promise<readonly Pick<Subscription, 'id' | 'query'>[]>;
  /** Longest stretch of matching without yielding to the event loop (default 8 ms). */
  readonly sliceMs?: number;
}

interface WindowIndex {
  readonly key: string;
  readonly papers: readonly Paper[];
  readonly topics: TopicHits | undefined;
  readonly byChannel: Map<string, Filed>;
  /** Channels whose subscriptions changed after (or while) the window was indexed. */
  readonly stale: Set<string>;
  ready: Promise<void>;
  readonly rematching: Map<string, Promise<readonly ChannelHit[]>>;
}

const NONE: readonly ChannelHit[] = Object.freeze([]);

/** The channel of a subscription id `${channelKey}#${number}`. */
export const channelOfSubscription = (subscriptionId: string): string =>
  subscriptionId.slice(0, subscriptionId.lastIndexOf('#'));

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class MatchIndex {
  private current: WindowIndex | undefined;
  /** Grows with every change of a channel's subscriptions: a re-match is kept only if none came meanwhile. */
  private readonly versions = new Map<string, number>();
  private readonly sliceMs: number;

  constructor(private readonly deps: MatchIndexDeps) {
    this.sliceMs = deps.sliceMs ?? 8;
  }

  /** A subscription of this channel was added or removed: only this channel's entries are redone. */
  subscriptionsChanged(channelKey: string): void {
    this.versions.set(channelKey, (this.versions.get(channelKey) ?? 0) + 1);
    this.current?.stale.add(channelKey);
  }

  /** Forget everything (the next request re-indexes its window). */
  invalidate(): void {
    this.current = undefined;
  }

  /** The papers of `window` the channel's subscriptions match, in window order. */
  async forChannel(channelKey: string, window: PaperWindow): Promise<readonly ChannelHit[]> {
    const index = this.indexFor(window);
    await index.ready;
    if (!index.stale.has(channelKey)) return hitsOf(index.papers, index.byChannel.get(channelKey));
    let pending = index.rematching.get(channelKey);
    if (!pending) {
      pending = this.rematch(index, channelKey).finally(() => index.rematching.delete(channelKey));
      index.rematching.set(channelKey, pending);
    }
    return pending;
  }

  private indexFor(window: PaperWindow): WindowIndex {
    if (this.current?.key === window.key) return this.current;
    const index: WindowIndex = {
      key: window.key,
      papers: window.papers,
      topics: window.topics,
      byChannel: new Map(),
      stale: new Set(),
      ready: Promise.resolve(),
      rematching: new Map(),
    };
    index.ready = this.matchAll(this.deps.matcher.matchSteps(window.papers, window.topics), index.byChannel);
    index.ready.catch(() => {
      if (this.current === index) this.current = undefined;
    });
    this.current = index;
    return index;
  }

  private async rematch(index: WindowIndex, channelKey: string): Promise<readonly ChannelHit[]> {
    const version = this.versions.get(channelKey) ?? 0;
    const matcher = this.deps.createMatcher();
    for (const sub of await this.deps.subscriptionsOf(channelKey)) {
      try {
        matcher.add(sub);
      } catch {
        // a stored query that no longer parses matches nothing (the live matcher skipped it too)
      }
    }
    const byChannel = new Map<string, Filed>();
    await this.matchAll(matcher.matchSteps(index.papers, index.topics), byChannel);
    const filed = byChannel.get(channelKey);
    if (this.current === index && (this.versions.get(channelKey) ?? 0) === version) {
      if (filed) index.byChannel.set(channelKey, filed);
      else index.byChannel.delete(channelKey);
      index.stale.delete(channelKey);
    }
    return hitsOf(index.papers, filed);
  }

  /**
   * Runs the matching steps, then files each match under its channel, yielding to the event loop whenever
   * `sliceMs` has passed.
   */
  private async matchAll(steps: Generator<void, MatchTable, void>, into: Map<string, Filed>): Promise<void> {
    let sliceStart = performance.now();
    const pause = async (): Promise<void> => {
      if (performance.now() - sliceStart <= this.sliceMs) return;
      await yieldToLoop();
      sliceStart = performance.now();
    };
    let next = steps.next();
    for (; !next.done; next = steps.next()) await pause();
    const table = next.value;
    for (let k = 0; k < table.ids.length; k++) {
      if (table.to[k]! > table.from[k]!) {
        const channel = channelOfSubscription(table.ids[k]!);
        let filed = into.get(channel);
        if (!filed) into.set(channel, (filed = { table, positions: [] }));
        filed.positions.push(k);
      }
      if (k % 1024 === 1023) await pause();
    }
  }
}

/**
 * A channel's filed matches grouped per paper, in window order; within a paper, its subscriptions in
 * insertion order (their positions in the table).
 */
function hitsOf(papers: readonly Paper[], filed: Filed | undefined): readonly ChannelHit[] {
  if (!filed) return NONE;
  const { table, positions } = filed;
  const K = table.ids.length;
  let n = 0;
  for (const k of positions) n += table.to[k]! - table.from[k]!;
  // (paper, position) pairs as paper * K + position: sorted, they are in window, then insertion order
  const keys = new Float64Array(n);
  const reasonAt = new Int32Array(n);
  let at = 0;
  for (const k of positions) {
    for (let j = table.from[k]!; j < table.to[k]!; j++, at++) {
      keys[at] = table.paper[j]! * K + k;
      reasonAt[at] = table.reason[j]!;
    }
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
  const hits: { paper: Paper; subscriptionIds: string[]; reasons: MatchReason[] }[] = [];
  let last = -1;
  for (const i of order) {
    const idx = Math.floor(keys[i]! / K);
    if (idx !== last) hits.push({ paper: papers[idx]!, subscriptionIds: [], reasons: [] });
    last = idx;
    const hit = hits[hits.length - 1]!;
    hit.subscriptionIds.push(table.ids[keys[i]! - idx * K]!);
    for (const r of table.reasonSets[reasonAt[i]!]!) hit.reasons.push(r);
  }
  return hits;
}
