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
 * matches are put in insertion order by percolator-results.ts; posting lists live in percolator-postings.ts.
 *
 * Many papers at once (`matchMany`, `matchSteps`: a day's window) take the batch path, percolator-batch.ts:
 * the same index, but every leaf and every candidate query evaluated once for up to 4,096 papers as bitsets
 * over them — about 3× faster than paper by paper at 100,000 subscriptions, with identical results.
 *
 * Memory: the token dictionary, the leaf table and the interned reasons hold query vocabulary and only grow
 * between compactions. When many distinct queries have died since the last compaction (more than are
 * alive, and at least `compactAfterRemovals`) and the vocabulary has doubled since, the index is rebuilt from
 * the live query lines alone (subscription order kept), so long add/remove churn leaves no dead terms behind.
 */
import type { Paper } from '../papers/paper.js';
import { createBatchPath } from './percolator-batch-path.js';
import { buildOrderSteps, type SubscriptionOrder } from './percolator-order.js';
import { reasonsOnPaper } from './percolator-reasons.js';
import { compileQuery, K_LEAF, type CNode } from './percolator-compile.js';
import { LeafTable, TokenDictionary } from './percolator-dictionary.js';
import { PaperView } from './percolator-paper.js';
import { ProgramPool, PROGRAM_CNF } from './percolator-pool.js';
import { ANCHOR_SHIFT, AnchorPostings } from './percolator-postings.js';
import { MatchCollector } from './percolator-results.js';
import { parseQuery } from './query-parser.js';
import type { MatchReason, SubscriptionMatch, SubscriptionMatcher } from './subscription.js';
import type { TopicHits } from './topic-leaf.js';

interface Entry {
  readonly slot: number;
  readonly key: string;
  /** Anchors packed as `field * 2^28 + tokenId`. */
  readonly anchors: readonly number[];
  /** The query tree, kept only when the pool cannot hold it as a single term or a CNF. */
  readonly tree: CNode | null;
  /** The reason of each plan step (plan order; the steps' leaves live in the pool program). Interned. */
  readonly stepReasons: readonly MatchReason[];
  /** Subscriptions sharing this query line, in insertion (seq) order (see `add` for their size). */
  ids: string[];
  seqs: number[];
  /** Reasons arrays by hit mask over the plan's steps (plans of ≤ REASON_CACHE_STEPS steps), shared and frozen. */
  readonly reasonCache: (readonly MatchReason[] | undefined)[] | undefined;
}

const REASON_CACHE_STEPS = 6;

export interface PercolatorStats {
  readonly subscriptions: number;
  readonly distinctQueries: number;
  readonly dictionarySize: number;
  readonly postings: number;
}

export interface PercolatorMatcher extends SubscriptionMatcher {
  stats(): PercolatorStats & { readonly compactions: number };
}

export interface PercolatorOptions {
  /** Distinct-query removals before a compaction is considered (default 1024). */
  readonly compactAfterRemovals?: number;
}

export function createPercolatorMatcher(options: PercolatorOptions = {}): PercolatorMatcher {
  const compactAfterRemovals = options.compactAfterRemovals ?? 1024;
  const results = new MatchCollector();
  const bySub = new Map<string, Entry>();
  let seq = 0;
  let dict!: TokenDictionary;
  let leaves!: LeafTable;
  let view!: PaperView;
  let pool!: ProgramPool;
  let postings!: AnchorPostings;
  let entries!: (Entry | undefined)[];
  let freeSlots!: number[];
  let byKey!: Map<string, Entry>;
  // per slot, for the hot path: the seq and id when the entry has exactly one subscription (else seq -1),
  // and the entry's reasons cache
  let slotSeq!: Float64Array;
  let slotId!: (string | undefined)[];
  let slotReasons!: ((readonly MatchReason[] | undefined)[] | undefined)[];
  let reasonObjects!: Map<string, MatchReason>;
  let removedSinceCompaction = 0;
  let vocabularyAfterCompaction = 0;
  let compactions = 0;
  // live subscriptions in seq order for the batch path, rebuilt lazily after a change: `bySub` iterates in
  // seq order (a re-added id is deleted and set again, compaction only re-sets existing keys)
  let seqOrder: SubscriptionOrder = { slots: new Int32Array(0), ids: [] };
  let orderVersion = 0;
  let version = 0;

  function resetIndex(): void {
    dict = new TokenDictionary();
    leaves = new LeafTable();
    view = new PaperView(dict, leaves);
    pool = new ProgramPool();
    postings = new AnchorPostings();
    entries = [];
    freeSlots = [];
    byKey = new Map();
    slotSeq = new Float64Array(1024);
    slotId = [];
    slotReasons = [];
    reasonObjects = new Map();
    removedSinceCompaction = 0;
  }
  resetIndex();

  const vocabulary = (): number => dict.size + leaves.defs.length;

  /** Rebuilds the index from the live query lines: dead tokens, leaves and reasons are dropped. */
  function compact(): void {
    const live = [...byKey.values()].sort((a, b) => a.seqs[0]! - b.seqs[0]!);
    resetIndex();
    for (const old of live) {
      const entry = insertEntry(old.key, compileQuery(parseQuery(old.key), dict, leaves));
      [entry.ids, entry.seqs] = [old.ids, old.seqs];
      syncSlot(entry);
      for (const id of old.ids) bySub.set(id, entry);
    }
    vocabularyAfterCompaction = vocabulary();
    compactions++;
  }

  function maybeCompact(): void {
    if (++removedSinceCompaction < Math.max(compactAfterRemovals, byKey.size)) return;
    if (vocabulary() > 2 * vocabularyAfterCompaction) compact();
  }
  function internReason(r: MatchReason): MatchReason {
    const key = `${r.field}\u0000${r.term}`;
    let shared = reasonObjects.get(key);
    if (shared === undefined) reasonObjects.set(key, (shared = r));
    return shared;
  }

  function syncSlot(entry: Entry): void {
    version++;
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
    postings.remove(entry.anchors, entry.slot);
    byKey.delete(entry.key);
    entries[entry.slot] = undefined;
    slotReasons[entry.slot] = undefined;
    pool.free(entry.slot);
    freeSlots.push(entry.slot);
    maybeCompact();
  }

  /** A new entry for `query` (no subscriptions yet), indexed at a free slot. */
  function insertEntry(query: string, compiled: ReturnType<typeof compileQuery>): Entry {
    const slot = freeSlots.pop() ?? entries.length;
    const reasonCache = compiled.plan.length <= REASON_CACHE_STEPS || compiled.root.k === K_LEAF ? [] : undefined;
    // keep only what the hot path cannot read from the pool (memory: 100k queries)
    const entry: Entry = {
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
    postings.add(entry.anchors, slot);
    if (slotSeq.length <= slot) {
      const bigger = new Float64Array(Math.max(slot + 1, slotSeq.length * 2));
      bigger.set(slotSeq);
      slotSeq = bigger;
    }
    return entry;
  }

  function add(id: string, query: string): void {
    let entry = byKey.get(query);
    if (entry === undefined) {
      const parsed = parseQuery(query); // throws UserError before any mutation
      remove(id);
      entry = insertEntry(query, compileQuery(parsed, dict, leaves));
    } else {
      remove(id);
      // `remove` may have dropped this very entry if `id` was its only subscription (or compacted the index)
      if (byKey.get(query) !== entry) return add(id, query);
    }
    // a literal has room for one subscription (most entries only ever have one), a first push for 17:
    // 30 MB of `ids` and `seqs` at 100,000 queries
    if (entry.ids.length === 0) [entry.ids, entry.seqs] = [[id], [++seq]];
    else {
      entry.ids.push(id);
      entry.seqs.push(++seq);
    }
    syncSlot(entry);
    bySub.set(id, entry);
  }

  /** Reasons of a matching entry; `bits` is the root leaf's value for single-term queries. */
  function reasonsOf(slot: number, off: number, bits: number): readonly MatchReason[] {
    return reasonsOnPaper(view, pool, slotReasons[slot], entries[slot]!.stepReasons, off, bits);
  }

  function match(paper: Paper, topics?: TopicHits): SubscriptionMatch[] {
    if (byKey.size === 0) return [];
    view.load(paper, topics);
    const n = postings.collect(view);
    const candidates = postings.candidates;
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
      if (single >= 0) {
        results.reserve(1);
        results.push(single, slotId[slot]!, reasons);
        continue;
      }
      const { ids, seqs } = entries[slot]!;
      results.reserve(ids.length);
      for (let k = 0; k < ids.length; k++) results.push(seqs[k]!, ids[k]!, reasons);
    }
    return results.finish();
  }

  /** The subscription order, built in steps when the subscriptions changed since it was last built. */
  function* orderSteps(): Generator<void, SubscriptionOrder, void> {
    if (orderVersion === version) return seqOrder;
    const at = version;
    const built = yield* buildOrderSteps(bySub);
    // a caller resumes only while the version stands (BatchIndex.orderSteps)
    [seqOrder, orderVersion] = [built, at];
    return built;
  }

  // the batch path reads the index through getters: compaction replaces its parts
  const { matchSteps, matchMany } = createBatchPath({
    get dict() { return dict; },
    get leaves() { return leaves; },
    get pool() { return pool; },
    get postings() { return postings; },
    get slotCount() { return entries.length; },
    get version() { return version; },
    get empty() { return byKey.size === 0; },
    treeOf: (slot) => entries[slot]!.tree!,
    stepReasons: (slot) => entries[slot]!.stepReasons,
    reasonCaches: () => slotReasons,
    orderSteps,
  });

  return {
    add: (s) => add(s.id, s.query),
    remove,
    match,
    matchMany,
    matchSteps,
    get size() {
      return bySub.size;
    },
    stats: () => ({
      subscriptions: bySub.size,
      distinctQueries: byKey.size,
      dictionarySize: dict.size,
      postings: postings.count,
      compactions,
    }),
  };
}
