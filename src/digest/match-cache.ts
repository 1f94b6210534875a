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
import { yieldToLoop } from '../yield-to-loop.js';

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
  /**
   * Windows of different slots are kept side by side (a weekly digest's seven days beside the daily three):
   * a new window replaces only its own slot's. Absent: the default slot.
   */
  readonly slot?: string;
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
  readonly slot: string;
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

/**
 * Windows kept side by side, the least recently used dropped first: the daily window, a weekly one, and a
 * catch-up or two — a window at 100,000 subscriptions holds millions of matches.
 */
const MAX_WINDOWS = 4;

export class MatchIndex {
  /** The indexed window of each slot. */
  private readonly windows = new Map<string, WindowIndex>();
  /** Grows with every change of a channel's subscriptions: a re-match is kept only if none came meanwhile. */
  private readonly versions = new Map<string, number>();
  private readonly sliceMs: number;

  constructor(private readonly deps: MatchIndexDeps) {
    this.sliceMs = deps.sliceMs ?? 8;
  }

  /** A subscription of this channel was added or removed: only this channel's entries are redone. */
  subscriptionsChanged(channelKey: string): void {
    this.versions.set(channelKey, (this.versions.get(channelKey) ?? 0) + 1);
    for (const index of this.windows.values()) index.stale.add(channelKey);
  }

  /** Forget everything (the next request re-indexes its window). */
  invalidate(): void {
    this.windows.clear();
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
    const slot = window.slot ?? '';
    const current = this.windows.get(slot);
    // re-inserted on every use: the Map's first entry is the least recently used
    this.windows.delete(slot);
    if (current?.key === window.key) {
      this.windows.set(slot, current);
      return current;
    }
    if (this.windows.size >= MAX_WINDOWS) this.windows.delete(this.windows.keys().next().value!);
    const index: WindowIndex = {
      slot,
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
      if (this.windows.get(slot) === index) this.windows.delete(slot);
    });
    this.windows.set(slot, index);
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
    if (this.windows.get(index.slot) === index && (this.versions.get(channelKey) ?? 0) === version) {
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
 * insertion order (their positions in the table). A paper one subscription matched (most of them) shares
 * that match's reasons array (frozen) instead of copying it.
 */
function hitsOf(papers: readonly Paper[], filed: Filed | undefined): readonly ChannelHit[] {
  if (!filed) return NONE;
  const { table, positions } = filed;
  const P = positions.length;
  let n = 0;
  for (const k of positions) n += table.to[k]! - table.from[k]!;
  // each match as paper * P + (its subscription's index in `positions`, which ascend): sorted as plain numbers,
  // they are in window, then insertion order; a subscription's papers ascend in its range, so a cursor per
  // subscription finds each match's row
  const keys = new Float64Array(n);
  const cursor = new Int32Array(P);
  let at = 0;
  for (let s = 0; s < P; s++) {
    const k = positions[s]!;
    cursor[s] = table.from[k]!;
    for (let j = table.from[k]!; j < table.to[k]!; j++) keys[at++] = table.paper[j]! * P + s;
  }
  keys.sort();
  const hits: ChannelHit[] = [];
  for (let i = 0; i < n; ) {
    const paper = Math.floor(keys[i]! / P);
    let end = i + 1;
    while (end < n && Math.floor(keys[end]! / P) === paper) end++;
    if (end === i + 1) {
      const s = keys[i]! - paper * P;
      hits.push({ paper: papers[paper]!, subscriptionIds: [table.ids[positions[s]!]!], reasons: table.reasonSets[table.reason[cursor[s]!++]!]! });
    } else {
      const subscriptionIds: string[] = [];
      const reasons: MatchReason[] = [];
      for (let j = i; j < end; j++) {
        const s = keys[j]! - paper * P;
        subscriptionIds.push(table.ids[positions[s]!]!);
        for (const r of table.reasonSets[table.reason[cursor[s]!++]!]!) reasons.push(r);
      }
      hits.push({ paper: papers[paper]!, subscriptionIds, reasons });
    }
    i = end;
  }
  return hits;
}
