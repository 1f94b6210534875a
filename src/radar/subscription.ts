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
 * Matches of a batch of papers, flat and typed (a day at 100,000 subscriptions has millions): the matches of
 * paper `i` are at positions `start[i]` to `start[i + 1] - 1`, in subscription insertion order; match `k` is
 * subscription `ids[subscription[k]]` for the reasons `reasonSets[reason[k]]` (arrays shared by many matches).
 */
export interface MatchTable {
  readonly start: Int32Array;
  readonly subscription: Int32Array;
  readonly reason: Int32Array;
  readonly ids: readonly string[];
  readonly reasonSets: readonly (readonly MatchReason[])[];
}

/** Row `i` of a table as match objects. */
export function matchRow(table: MatchTable, i: number): SubscriptionMatch[] {
  const out: SubscriptionMatch[] = [];
  for (let k = table.start[i]!; k < table.start[i + 1]!; k++) {
    out.push({ subscriptionId: table.ids[table.subscription[k]!]!, reasons: table.reasonSets[table.reason[k]!]! });
  }
  return out;
}

/** A table of per-paper match lists. */
export function matchTableOf(rows: readonly (readonly SubscriptionMatch[])[]): MatchTable {
  const start = new Int32Array(rows.length + 1);
  const total = rows.reduce((n, row) => n + row.length, 0);
  const [subscription, reason] = [new Int32Array(total), new Int32Array(total)];
  const ids: string[] = [];
  const idIndex = new Map<string, number>();
  const reasonSets: (readonly MatchReason[])[] = [];
  let k = 0;
  rows.forEach((row, i) => {
    for (const m of row) {
      let id = idIndex.get(m.subscriptionId);
      if (id === undefined) idIndex.set(m.subscriptionId, (id = ids.push(m.subscriptionId) - 1));
      subscription[k] = id;
      reason[k++] = reasonSets.push(m.reasons) - 1;
    }
    start[i + 1] = k;
  });
  return { start, subscription, reason, ids, reasonSets };
}

/** One table of the rows of `parts`, in order. */
export function concatMatchTables(parts: readonly MatchTable[]): MatchTable {
  if (parts.some((t) => t.ids !== parts[0]!.ids)) {
    return matchTableOf(parts.flatMap((t) => Array.from({ length: t.start.length - 1 }, (_, i) => matchRow(t, i))));
  }
  // the passes of one batch share their subscription list: the typed arrays are copied whole
  const rows = parts.reduce((n, t) => n + t.start.length - 1, 0);
  const total = parts.reduce((n, t) => n + t.subscription.length, 0);
  const start = new Int32Array(rows + 1);
  const [subscription, reason] = [new Int32Array(total), new Int32Array(total)];
  const reasonSets: (readonly MatchReason[])[] = [];
  let row = 0;
  let base = 0;
  for (const t of parts) {
    for (let i = 1; i < t.start.length; i++) start[++row] = base + t.start[i]!;
    subscription.set(t.subscription, base);
    const shift = reasonSets.length;
    for (let k = 0; k < t.reason.length; k++) reason[base + k] = t.reason[k]! + shift;
    for (const r of t.reasonSets) reasonSets.push(r);
    base += t.subscription.length;
  }
  return { start, subscription, reason, ids: parts[0]!.ids, reasonSets };
}
