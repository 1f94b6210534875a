/**
 * The percolator: subscriptions are compiled once and indexed by their anchors (see percolator-compile.ts);
 * a paper is tokenised once, its distinct tokens probe the posting lists to collect candidate queries, and
 * each candidate is verified exactly. Identical query lines share one compiled entry. Adds and removes are
 * incremental. Output is identical to the reference matcher: matches in subscription insertion order,
 * reasons sorted (field, term) and de-duplicated.
 *
 * Memory note: the token dictionary only grows (it holds query vocabulary, not paper vocabulary).
 */
import type { Paper } from '../papers/paper.js';
import { compileQuery, TokenDictionary, ANCHOR_FIELDS, type CompiledQuery } from './percolator-compile.js';
import { PaperView } from './percolator-paper.js';
import { parseQuery } from './query-parser.js';
import type { MatchReason, SubscriptionMatch, SubscriptionMatcher } from './subscription.js';

interface Entry {
  readonly slot: number;
  readonly key: string;
  readonly compiled: CompiledQuery;
  /** Subscriptions sharing this query line, in insertion (seq) order. */
  readonly ids: string[];
  readonly seqs: number[];
}

/** Posting lists of entry slots, per anchor field, indexed by token id. */
type Postings = (number[] | undefined)[];

export interface PercolatorStats {
  readonly subscriptions: number;
  readonly distinctQueries: number;
  readonly dictionarySize: number;
  readonly postings: number;
}

export interface PercolatorMatcher extends SubscriptionMatcher {
  stats(): PercolatorStats;
}

export function createPercolatorMatcher(): PercolatorMatcher {
  const dict = new TokenDictionary();
  const view = new PaperView(dict);
  const postings: Postings[] = Array.from({ length: ANCHOR_FIELDS }, () => []);
  const entries: (Entry | undefined)[] = [];
  const freeSlots: number[] = [];
  const byKey = new Map<string, Entry>();
  const bySub = new Map<string, Entry>();
  let seq = 0;
  let postingCount = 0;
  let candStamp = new Uint32Array(1024);
  let candidates = new Int32Array(1024);

  function index(entry: Entry): void {
    for (const a of entry.compiled.anchors) {
      const lists = postings[a.field]!;
      (lists[a.id] ??= []).push(entry.slot);
      postingCount++;
    }
  }

  function unindex(entry: Entry): void {
    for (const a of entry.compiled.anchors) {
      const list = postings[a.field]![a.id]!;
      const i = list.indexOf(entry.slot);
      list[i] = list[list.length - 1]!;
      list.pop();
      postingCount--;
    }
  }

  function remove(id: string): void {
    const entry = bySub.get(id);
    if (entry === undefined) return;
    bySub.delete(id);
    const i = entry.ids.indexOf(id);
    entry.ids.splice(i, 1);
    entry.seqs.splice(i, 1);
    if (entry.ids.length > 0) return;
    unindex(entry);
    byKey.delete(entry.key);
    entries[entry.slot] = undefined;
    freeSlots.push(entry.slot);
  }

  function add(id: string, query: string): void {
    let entry = byKey.get(query);
    if (entry === undefined) {
      const compiled = compileQuery(parseQuery(query), dict); // throws UserError before any mutation
      remove(id);
      const slot = freeSlots.pop() ?? entries.length;
      entry = { slot, key: query, compiled, ids: [], seqs: [] };
      entries[slot] = entry;
      byKey.set(query, entry);
      index(entry);
      if (candStamp.length <= slot) {
        const bigger = new Uint32Array(Math.max(slot + 1, candStamp.length * 2));
        bigger.set(candStamp);
        candStamp = bigger;
      }
    } else {
      remove(id);
      // `remove` may have dropped this very entry if `id` was its only subscription
      if (byKey.get(query) !== entry) return add(id, query);
    }
    entry.ids.push(id);
    entry.seqs.push(++seq);
    bySub.set(id, entry);
  }

  function collect(): number {
    let n = 0;
    const epoch = view.epoch;
    for (let f = 0; f < ANCHOR_FIELDS; f++) {
      const lists = postings[f]!;
      const present = view.present[f]!;
      const count = view.presentCount[f]!;
      for (let i = 0; i < count; i++) {
        const list = lists[present[i]!];
        if (list === undefined) continue;
        for (let j = 0; j < list.length; j++) {
          const slot = list[j]!;
          if (candStamp[slot] === epoch) continue;
          candStamp[slot] = epoch;
          if (n === candidates.length) {
            const bigger = new Int32Array(n * 2);
            bigger.set(candidates);
            candidates = bigger;
          }
          candidates[n++] = slot;
        }
      }
    }
    return n;
  }

  function reasonsOf(c: CompiledQuery): MatchReason[] {
    const out: MatchReason[] = [];
    for (const step of c.plan) {
      for (const leaf of step.leaves) {
        if (view.leafHits(leaf, step.field)) {
          out.push(step.reason);
          break;
        }
      }
    }
    return out;
  }

  function match(paper: Paper): SubscriptionMatch[] {
    if (byKey.size === 0) return [];
    view.load(paper);
    const n = collect();
    const hits: { seq: number; m: SubscriptionMatch }[] = [];
    let entriesHit = 0;
    for (let i = 0; i < n; i++) {
      const entry = entries[candidates[i]!]!;
      const c = entry.compiled;
      if (!view.evaluate(c.root)) continue;
      entriesHit++;
      const reasons = reasonsOf(c);
      for (let k = 0; k < entry.ids.length; k++) {
        hits.push({ seq: entry.seqs[k]!, m: { subscriptionId: entry.ids[k]!, reasons } });
      }
    }
    if (entriesHit > 1) hits.sort((a, b) => a.seq - b.seq);
    return hits.map((h) => h.m);
  }

  return {
    add: (s) => add(s.id, s.query),
    remove,
    match,
    get size() {
      return bySub.size;
    },
    stats: () => ({
      subscriptions: bySub.size,
      distinctQueries: byKey.size,
      dictionarySize: dict.size,
      postings: postingCount,
    }),
  };
}
