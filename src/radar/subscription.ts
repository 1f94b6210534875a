/** Subscriptions and the matcher port. */
import type { Paper } from '../papers/paper.js';
import type { TopicHits } from './topic-leaf.js';

export interface Subscription {
  /** Globally unique: `${channelKey}#${number}`. */
  readonly id: string;
  readonly channelKey: string;
  /** Small per-channel number shown to users (`/radar remove 3`). */
  readonly number: number;
  /** The query line as typed, e.g. `"mixture of experts" routing -survey`. */
  readonly query: string;
  readonly createdAt: string;
  readonly createdBy?: string;
}

/** `topic` / `like`: a `topic:"…"` / `like:<paper>` leaf hit (by meaning, or lexically). */
export type MatchField = 'title' | 'abstract' | 'authors' | 'categories' | 'topic' | 'like';

/**
 * Why a paper matched: which query term hit which field. Matchers report `field` and `term`; topic hits are
 * given their `score` and `mode` afterwards (they depend on the day's papers, not on the query alone), and
 * the structured reason travels to the card renderer (`topic: sparse expert routing (0.83)`).
 */
export interface MatchReason {
  readonly field: MatchField;
  /** The term as the user wrote it (phrase without quotes, author name, category, topic text, paper id). */
  readonly term: string;
  /** Topic reasons: the similarity (cosine; in lexical mode the share of the day's best BM25 score). */
  readonly score?: number;
  /** Topic reasons: how the hit was decided. */
  readonly mode?: 'embedding' | 'lexical';
}

export interface SubscriptionMatch {
  readonly subscriptionId: string;
  readonly reasons: readonly MatchReason[];
}

/**
 * Matches papers against many subscriptions. Implementations: the reference matcher (a loop, the
 * correctness oracle) and the percolator (an inverted index over compiled queries). Both must return the
 * same match sets and reasons. Queries are validated on `add` (throws UserError with the parser's message).
 */
export interface SubscriptionMatcher {
  add(subscription: Pick<Subscription, 'id' | 'query'>): void;
  remove(subscriptionId: string): void;
  /**
   * Every subscription that matches, with reasons sorted deterministically (field, then term). `topics` says
   * which `topic:`/`like:` leaves the paper hits (from the topic service); without it they hit nothing.
   */
  match(paper: Paper, topics?: TopicHits): SubscriptionMatch[];
  /**
   * `match` for many papers at once: row `i` of the table holds `match(papers[i], topics)` (same sets, order
   * and reasons). The percolator matches a batch far faster than paper by paper, and the table spares one
   * object per match. Runs to the end at once: a caller that must stay responsive uses `matchSteps`.
   */
  matchMany(papers: readonly Paper[], topics?: TopicHits): MatchTable;
  /**
   * `matchMany` in steps, for a caller that keeps the event loop free by yielding between them: each
   * `next()` does a bounded amount of work (about a millisecond), the last one returns the table. A change
   * to the subscriptions between two steps makes the work in progress start over, so the table always
   * reflects one consistent set of subscriptions.
   */
  matchSteps(papers: readonly Paper[], topics?: TopicHits): Generator<void, MatchTable, void>;
  readonly size: number;
}

/**
 * Matches of a batch of papers, flat: the matches of paper `i` are at positions `start[i]` to
 * `start[i + 1] - 1` of `subscriptionIds` and `reasons`, in subscription insertion order.
 */
export interface MatchTable {
  readonly start: Int32Array;
  readonly subscriptionIds: readonly string[];
  readonly reasons: readonly (readonly MatchReason[])[];
}

/** Row `i` of a table as match objects. */
export function matchRow(table: MatchTable, i: number): SubscriptionMatch[] {
  const out: SubscriptionMatch[] = [];
  for (let k = table.start[i]!; k < table.start[i + 1]!; k++) {
    out.push({ subscriptionId: table.subscriptionIds[k]!, reasons: table.reasons[k]! });
  }
  return out;
}

/** A table of per-paper match lists. */
export function matchTableOf(rows: readonly (readonly SubscriptionMatch[])[]): MatchTable {
  const start = new Int32Array(rows.length + 1);
  const subscriptionIds: string[] = [];
  const reasons: (readonly MatchReason[])[] = [];
  rows.forEach((row, i) => {
    for (const m of row) {
      subscriptionIds.push(m.subscriptionId);
      reasons.push(m.reasons);
    }
    start[i + 1] = subscriptionIds.length;
  });
  return { start, subscriptionIds, reasons };
}

/** One table of the rows of `parts`, in order. */
export function concatMatchTables(parts: readonly MatchTable[]): MatchTable {
  const rows = parts.reduce((n, t) => n + t.start.length - 1, 0);
  const start = new Int32Array(rows + 1);
  let row = 0;
  let base = 0;
  for (const t of parts) {
    for (let i = 1; i < t.start.length; i++) start[++row] = base + t.start[i]!;
    base += t.subscriptionIds.length;
  }
  // the native concat copies whole arrays at once (an element-wise copy of millions of matches is not free)
  const subscriptionIds = ([] as string[]).concat(...parts.map((t) => t.subscriptionIds));
  const reasons = ([] as (readonly MatchReason[])[]).concat(...parts.map((t) => t.reasons));
  return { start, subscriptionIds, reasons };
}
