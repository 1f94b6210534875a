/**
 * The percolator: subscriptions are compiled once and indexed by their anchors (see percolator-compile.ts);
 * a paper is tokenised once, its distinct tokens probe the posting lists to collect candidate queries, and
 * each candidate is verified exactly. Identical query lines share one compiled entry. Adds and removes are
 * incremental. Output is identical to the reference matcher: matches in subscription insertion order,
 * reasons sorted (field, term) and de-duplicated.
 *
 * Hot path (a paper has hundreds of candidates; see bench/): leaves are shared between queries and memoised
 * per paper (PaperView.leaf); a candidate is verified from a flat program (percolator-pool.ts: single term,
 * or a small CNF) without touching its entry object; an entry with one subscription keeps its id and seq in
 * slot-indexed arrays; reasons arrays are cached per entry by which reason steps hit (shared, frozen); the
 * matches are put in insertion order by sorting packed `seq · 2^20 + index` keys in a Float64Array (exact
 * while seq < 2^33).
 *
 * Memory note: the token dictionary and the leaf table only grow (they hold query vocabulary, not paper
 * vocabulary).
 */
import type { Paper } from '../papers/paper.js';
import { compileQuery, LeafTable, TokenDictionary, ANCHOR_FIELDS, K_LEAF, type CNode } from './percolator-compile.js';
import { PaperView } from './percolator-paper.js';
import { ProgramPool, PROGRAM_CNF } from './percolator-pool.js';
import { parseQuery } from './query-parser.js';
import type { MatchReason, SubscriptionMatch, SubscriptionMatcher } from './subscription.js';

interface Entry {
  readonly slot: number;
  readonly key: string;
  /** Anchors packed as `field * 2^28 + tokenId`. */
  readonly anchors: readonly number[];
  /** The query tree, kept only when the pool cannot hold it as a single term or a CNF. */
  readonly tree: CNode | null;
  /** The reason of each plan step (plan order; the steps' leaves live in the pool program). Interned. */
  readonly stepReasons: readonly MatchReason[];
  /** Subscriptions sharing this query line, in insertion (seq) order. */
  readonly ids: string[];
  readonly seqs: number[];
  /** Reasons arrays by hit mask over the plan's steps (plans of ≤ REASON_CACHE_STEPS steps), shared and frozen. */
  readonly reasonCache: (readonly MatchReason[] | undefined)[] | undefined;
}

const REASON_CACHE_STEPS = 6;
const ANCHOR_SHIFT = 2 ** 28;
/** Sort keys are `seq * MATCH_SLOTS + index of the match in this paper's scratch arrays`. */
const MATCH_SLOTS = 2 ** 20;

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
  const leaves = new LeafTable();
  const view = new PaperView(dict, leaves);
  const pool = new ProgramPool();
  const postings: Postings[] = Array.from({ length: ANCHOR_FIELDS }, () => []);
  const entries: (Entry | undefined)[] = [];
  const freeSlots: number[] = [];
  const byKey = new Map<string, Entry>();
  const bySub = new Map<string, Entry>();
  let seq = 0;
  let postingCount = 0;
  // per slot, for the hot path: the seq and id when the entry has exactly one subscription (else seq -1),
  // and the entry's reasons cache
  let slotSeq = new Float64Array(1024);
  const slotId: (string | undefined)[] = [];
  const slotReasons: ((readonly MatchReason[] | undefined)[] | undefined)[] = [];
  let candStamp = new Uint32Array(1024);
  let candidates = new Int32Array(1024);

  function index(entry: Entry): void {
    for (const a of entry.anchors) {
      const lists = postings[Math.floor(a / ANCHOR_SHIFT)]!;
      (lists[a % ANCHOR_SHIFT] ??= []).push(entry.slot);
      postingCount++;
    }
  }

  function unindex(entry: Entry): void {
    for (const a of entry.anchors) {
      const list = postings[Math.floor(a / ANCHOR_SHIFT)]![a % ANCHOR_SHIFT]!;
      const i = list.indexOf(entry.slot);
      list[i] = list[list.length - 1]!;
      list.pop();
      postingCount--;
    }
  }

  const reasonObjects = new Map<string, MatchReason>();
  function internReason(r: MatchReason): MatchReason {
    const key = `${r.field}\u0000${r.term}`;
    let shared = reasonObjects.get(key);
    if (shared === undefined) reasonObjects.set(key, (shared = r));
    return shared;
  }

  function syncSlot(entry: Entry): void {
    const single = entry.ids.length === 1;
    slotSeq[entry.slot] = single ? entry.seqs[0]! : -1;
    slotId[entry.slot] = single ? entry.ids[0]! : undefined;
  }

  function remove(id: string): void {
    const entry = bySub.get(id);
    if (entry === undefined) return;
    bySub.delete(id);
    const i = entry.ids.indexOf(id);
    entry.ids.splice(i, 1);
    entry.seqs.splice(i, 1);
    syncSlot(entry);
    if (entry.ids.length > 0) return;
    unindex(entry);
    byKey.delete(entry.key);
    entries[entry.slot] = undefined;
    slotReasons[entry.slot] = undefined;
    pool.free(entry.slot);
    freeSlots.push(entry.slot);
  }

  function add(id: string, query: string): void {
    let entry = byKey.get(query);
    if (entry === undefined) {
      const compiled = compileQuery(parseQuery(query), dict, leaves); // throws UserError before any mutation
      remove(id);
      const slot = freeSlots.pop() ?? entries.length;
      const reasonCache = compiled.plan.length <= REASON_CACHE_STEPS || compiled.root.k === K_LEAF ? [] : undefined;
      // keep only what the hot path cannot read from the pool (memory: 100k queries)
      entry = {
        slot,
        key: query,
        anchors: compiled.anchors.map((a) => a.field * ANCHOR_SHIFT + a.id),
        tree: compiled.root.k !== K_LEAF && compiled.cnf === null ? compiled.root : null,
        stepReasons: compiled.plan.map((st) => internReason(st.reason)),
        ids: [],
        seqs: [],
        reasonCache,
      };
      entries[slot] = entry;
      slotReasons[slot] = reasonCache;
      pool.set(slot, compiled);
      byKey.set(query, entry);
      index(entry);
      if (candStamp.length <= slot) {
        const bigger = new Uint32Array(Math.max(slot + 1, candStamp.length * 2));
        bigger.set(candStamp);
        candStamp = bigger;
      }
      if (slotSeq.length <= slot) {
        const bigger = new Float64Array(Math.max(slot + 1, slotSeq.length * 2));
        bigger.set(slotSeq);
        slotSeq = bigger;
      }
    } else {
      remove(id);
      // `remove` may have dropped this very entry if `id` was its only subscription
      if (byKey.get(query) !== entry) return add(id, query);
    }
    entry.ids.push(id);
    entry.seqs.push(++seq);
    syncSlot(entry);
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

  /** Bit i set ⇔ step i of the plan (flattened in `code` from `from`, `count` words) hits. */
  function planMask(code: Int32Array, from: number, count: number): number {
    let mask = 0;
    let step = 0;
    const to = from + count;
    for (let i = from; i < to; step++) {
      const bit = code[i]!;
      const end = i + 2 + code[i + 1]!;
      for (let j = i + 2; j < end; j++) {
        if ((view.leaf(code[j]!) & bit) !== 0) {
          mask |= 1 << step;
          break;
        }
      }
      i = end;
    }
    return mask;
  }

  /** Reasons of a matching entry; `bits` is the root leaf's value for single-term queries. */
  function reasonsOf(slot: number, off: number, bits: number): readonly MatchReason[] {
    const cache = slotReasons[slot];
    // single term: cached by its leaf bits; small plans: by the mask of steps that hit
    let mask = bits;
    const code = pool.code;
    const start = pool.planStart(off);
    if (cache !== undefined) {
      if (code[off]! < 0) mask = planMask(code, start, code[start - 1]!);
      const hit = cache[mask];
      if (hit !== undefined) return hit;
    }
    const stepReasons = entries[slot]!.stepReasons;
    const out: MatchReason[] = [];
    for (let i = start, step = 0; i < start + code[start - 1]!; step++) {
      const bit = code[i]!;
      const end = i + 2 + code[i + 1]!;
      for (let j = i + 2; j < end; j++) {
        if ((view.leaf(code[j]!) & bit) !== 0) {
          out.push(stepReasons[step]!);
          break;
        }
      }
      i = end;
    }
    Object.freeze(out);
    if (cache !== undefined) cache[mask] = out;
    return out;
  }

  // per-paper scratch, reused: matches in candidate order, then sorted by subscription seq
  let keys = new Float64Array(1024);
  let seqScratch = new Float64Array(1024);
  let scratchIds: string[] = [];
  let scratchReasons: (readonly MatchReason[])[] = [];

  function match(paper: Paper): SubscriptionMatch[] {
    if (byKey.size === 0) return [];
    view.load(paper);
    const n = collect();
    let m = 0;
    const code = pool.code;
    const offset = pool.offset;
    for (let i = 0; i < n; i++) {
      const slot = candidates[i]!;
      const off = offset[slot]!;
      const head = code[off]!;
      let bits = 0;
      if (head >= 0) {
        // a single term: its leaf bits decide both the match and the reasons
        bits = view.leaf(head);
        if (bits === 0) continue;
      } else if (head === PROGRAM_CNF) {
        if (!view.evaluateCnf(code, off + 2, off + 2 + code[off + 1]!)) continue;
      } else if (!view.evaluate(entries[slot]!.tree!)) continue;
      const reasons = reasonsOf(slot, off, bits);
      const single = slotSeq[slot]!;
      const count = single >= 0 ? 1 : entries[slot]!.ids.length;
      if (m + count > keys.length) {
        const size = Math.max(keys.length * 2, m + count);
        const bigger = new Float64Array(size);
        bigger.set(keys);
        keys = bigger;
        const biggerSeqs = new Float64Array(size);
        biggerSeqs.set(seqScratch);
        seqScratch = biggerSeqs;
      }
      if (single >= 0) {
        keys[m] = single * MATCH_SLOTS + m;
        seqScratch[m] = single;
        scratchIds[m] = slotId[slot]!;
        scratchReasons[m] = reasons;
        m++;
        continue;
      }
      const { ids, seqs } = entries[slot]!;
      for (let k = 0; k < ids.length; k++) {
        keys[m] = seqs[k]! * MATCH_SLOTS + m;
        seqScratch[m] = seqs[k]!;
        scratchIds[m] = ids[k]!;
        scratchReasons[m] = reasons;
        m++;
      }
    }
    const out: SubscriptionMatch[] = new Array(m);
    if (m < MATCH_SLOTS) {
      const sorted = keys.subarray(0, m).sort();
      for (let i = 0; i < m; i++) {
        const j = sorted[i]! % MATCH_SLOTS;
        out[i] = { subscriptionId: scratchIds[j]!, reasons: scratchReasons[j]! };
      }
    } else {
      // more matches than the packed key can index: sort an index array by seq instead
      const order = Array.from({ length: m }, (_, j) => j).sort((a, b) => seqScratch[a]! - seqScratch[b]!);
      for (let i = 0; i < m; i++) out[i] = { subscriptionId: scratchIds[order[i]!]!, reasons: scratchReasons[order[i]!]! };
    }
    if (scratchIds.length > 4 * 1024 && m < scratchIds.length / 8) {
      scratchIds = [];
      scratchReasons = [];
    }
    return out;
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
