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
 * Matches of a batch of `papers` papers, by subscription — what a digest needs (a channel's matches), typed
 * (a day at 100,000 subscriptions has millions of matches): subscription `ids[k]` (k in insertion order)
 * matched papers `paper[from[k]]`, …, `paper[to[k] - 1]` (ascending), each for the reasons
 * `reasonSets[reason[j]]`. Subscriptions with the same query share one range. `matchRows` gives it per paper.
 */
export interface MatchTable {
  readonly papers: number;
  readonly ids: readonly string[];
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly paper: Int32Array;
  readonly reason: Int32Array;
  readonly reasonSets: readonly (readonly MatchReason[])[];
}

/** How many (paper, subscription) matches the table holds. */
export function matchCount(table: MatchTable): number {
  let n = 0;
  for (let k = 0; k < table.ids.length; k++) n += table.to[k]! - table.from[k]!;
  return n;
}

/** The table per paper: row `i` lists paper `i`'s matches in subscription insertion order. */
export function matchRows(table: MatchTable): SubscriptionMatch[][] {
  const rows = Array.from({ length: table.papers }, (): SubscriptionMatch[] => []);
  for (let k = 0; k < table.ids.length; k++) {
    for (let j = table.from[k]!; j < table.to[k]!; j++) {
      rows[table.paper[j]!]!.push({ subscriptionId: table.ids[k]!, reasons: table.reasonSets[table.reason[j]!]! });
    }
  }
  return rows;
}

/** A table of per-paper match lists (row `i` for paper `i`, each in subscription insertion order). */
export function matchTableOf(rows: readonly (readonly SubscriptionMatch[])[]): MatchTable {
  const ids: string[] = [];
  const bySub = new Map<string, { papers: number[]; reasons: number[] }>();
  const reasonSets: (readonly MatchReason[])[] = [];
  rows.forEach((row, i) => {
    for (const m of row) {
      let entry = bySub.get(m.subscriptionId);
      if (!entry) bySub.set(m.subscriptionId, (entry = { papers: [], reasons: [] }));
      entry.papers.push(i);
      entry.reasons.push(reasonSets.push(m.reasons) - 1);
    }
  });
  // insertion order of the subscriptions: the order in which they first appear in the rows' orders
  for (const id of subscriptionOrder(rows)) ids.push(id);
  const from = new Int32Array(ids.length);
  const to = new Int32Array(ids.length);
  const paper: number[] = [];
  const reason: number[] = [];
  ids.forEach((id, k) => {
    const entry = bySub.get(id)!;
    from[k] = paper.length;
    paper.push(...entry.papers);
    reason.push(...entry.reasons);
    to[k] = paper.length;
  });
  return { papers: rows.length, ids, from, to, paper: Int32Array.from(paper), reason: Int32Array.from(reason), reasonSets };
}

/** The subscriptions of `rows` in an order consistent with every row's (each row is in insertion order). */
function subscriptionOrder(rows: readonly (readonly SubscriptionMatch[])[]): string[] {
  const after = new Map<string, Set<string>>();
  const indegree = new Map<string, number>();
  for (const row of rows) {
    for (let j = 0; j < row.length; j++) {
      const id = row[j]!.subscriptionId;
      if (!indegree.has(id)) indegree.set(id, 0);
      if (j === 0) continue;
      const prev = row[j - 1]!.subscriptionId;
      const next = after.get(prev) ?? new Set<string>();
      if (!next.has(id)) {
        next.add(id);
        after.set(prev, next);
        indegree.set(id, indegree.get(id)! + 1);
      }
    }
  }
  const ready = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
  const out: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    out.push(id);
    for (const next of after.get(id) ?? []) {
      const d = indegree.get(next)! - 1;
      indegree.set(next, d);
      if (d === 0) ready.push(next);
    }
  }
  // rows that disagree on an order (never from one matcher) still lose no subscription
  if (out.length < indegree.size) for (const id of indegree.keys()) if (!out.includes(id)) out.push(id);
  return out;
}

/** One table of the papers of `parts`, in order (part 2's papers follow part 1's). */
export function concatMatchTables(parts: readonly MatchTable[]): MatchTable {
  if (parts.some((t) => t.ids !== parts[0]!.ids)) {
    return matchTableOf(parts.flatMap((t) => matchRows(t)));
  }
  // the passes of one batch share their subscription list: each subscription's ranges are joined, once per
  // query — subscriptions sharing a query share its range in every pass, so they share the joined range too
  // (joined per subscription, a day of 6,000 papers at 100,000 subscriptions copied 4.7 million matches
  // instead of 2 million, a fifth of the day)
  const ids = parts[0]!.ids;
  const [bases, shifts] = [[] as number[], [] as number[]];
  const reasonSets: (readonly MatchReason[])[] = [];
  let papers = 0;
  for (const t of parts) {
    bases.push(papers);
    shifts.push(reasonSets.length);
    papers += t.papers;
    for (const r of t.reasonSets) reasonSets.push(r);
  }
  const { owner, total } = rangeOwners(parts);
  const [from, to] = [new Int32Array(ids.length), new Int32Array(ids.length)];
  const [paper, reason] = [new Int32Array(total), new Int32Array(total)];
  let at = 0;
  for (let k = 0; k < ids.length; k++) {
    const o = owner[k]!;
    if (o !== k) {
      // an earlier subscription of the same ranges (o < k) or none at all (-1: from = to = 0)
      if (o >= 0) {
        from[k] = from[o]!;
        to[k] = to[o]!;
      }
      continue;
    }
    from[k] = at;
    for (let q = 0; q < parts.length; q++) {
      const t = parts[q]!;
      for (let j = t.from[k]!; j < t.to[k]!; j++, at++) {
        paper[at] = t.paper[j]! + bases[q]!;
        reason[at] = t.reason[j]! + shifts[q]!;
      }
    }
    to[k] = at;
  }
  return { papers, ids, from, to, paper, reason, reasonSets };
}

/**
 * Per subscription of `parts` (which share their subscription list), the first subscription with the very
 * same ranges in every part (itself when it is the first; -1 when it has no match at all), and how many
 * matches the joined ranges of the first ones hold. A subscription is looked up by its range in the first
 * part where it has one: non-empty ranges of one part that start alike are the same query's.
 */
function rangeOwners(parts: readonly MatchTable[]): { owner: Int32Array; total: number } {
  const n = parts[0]!.ids.length;
  const owner = new Int32Array(n);
  const byStart = parts.map((t) => new Int32Array(t.paper.length));
  let total = 0;
  for (let k = 0; k < n; k++) {
    let p = 0;
    while (p < parts.length && parts[p]!.to[k] === parts[p]!.from[k]) p++;
    if (p === parts.length) {
      owner[k] = -1;
      continue;
    }
    const start = parts[p]!.from[k]!;
    const known = byStart[p]![start]! - 1;
    if (known >= 0 && sameRanges(parts, known, k)) {
      owner[k] = known;
      continue;
    }
    if (known < 0) byStart[p]![start] = k + 1;
    owner[k] = k;
    for (const t of parts) total += t.to[k]! - t.from[k]!;
  }
  return { owner, total };
}

/** Do subscriptions `a` and `b` have the same range (or both none) in every part? */
function sameRanges(parts: readonly MatchTable[], a: number, b: number): boolean {
  for (const t of parts) {
    const sameRange = t.from[a] === t.from[b] && t.to[a] === t.to[b];
    const bothEmpty = t.from[a] === t.to[a] && t.from[b] === t.to[b];
    if (!sameRange && !bothEmpty) return false;
  }
  return true;
}
