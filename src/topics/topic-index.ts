/**
 * The approximate route for large days: an HNSW index (usearch, native SIMD) over the distinct topic
 * vectors, kept across calls and grown as new topics appear; each paper of the day is one query for its
 * `k` nearest topics, and the pairs at or above the cut-off are kept. The exact scan (vectors.ts) computes
 * every papers × topics product in plain TypeScript — about 4 s of CPU for 3,000 × 10,000 × 256 — so
 * `scanPairs` uses it only up to `EXACT_MAX_PRODUCTS` and the index beyond. `npm run bench` (topics)
 * reports both and the index's recall of the exact pairs.
 *
 * A paper matching more than `k` topics above the cut-off keeps its `k` best: `k` grows with the number
 * of topics (`TOPICS_PER_PAPER_MIN`, or 1%).
 */
import usearch, { MetricKind, ScalarKind } from 'usearch';
import { exactScan, type ScoredRow, type VectorMatrix } from './vectors.js';

/** papers × topics × dims above which the index is used (≈ 0.1 s of exact scan). */
export const EXACT_MAX_PRODUCTS = 200_000_000;
const TOPICS_PER_PAPER_MIN = 64;

export interface TopicVectorIndex {
  readonly size: number;
  /** Adds the topics not indexed yet (by key). */
  ensure(keys: readonly string[], vectors: readonly Float32Array[]): void;
  /** For every given topic key (in order): the paper rows at or above `cutoff`, best first, at most `limit`. */
  scan(papers: VectorMatrix, keys: readonly string[], cutoff: number, limit: number): ScoredRow[][];
}

export function createTopicVectorIndex(dims: number, options: { quantization?: 'f32' | 'f16' | 'i8'; expansion?: number } = {}): TopicVectorIndex {
  const index = new usearch.Index({
    dimensions: dims,
    metric: MetricKind.IP,
    quantization: { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 }[options.quantization ?? 'f16'],
    connectivity: 16,
    expansion_add: 128,
    expansion_search: options.expansion ?? 128,
    multi: false,
  });
  const idOf = new Map<string, number>();
  const keyOf: string[] = [];
  return {
    get size() {
      return keyOf.length;
    },
    ensure(keys, vectors) {
      const fresh: number[] = [];
      keys.forEach((key, i) => {
        if (idOf.has(key)) return;
        idOf.set(key, keyOf.length);
        keyOf.push(key);
        fresh.push(i);
      });
      if (fresh.length === 0) return;
      const data = new Float32Array(fresh.length * dims);
      fresh.forEach((i, j) => data.set(vectors[i]!, j * dims));
      index.add(BigUint64Array.from(fresh, (i) => BigInt(idOf.get(keys[i]!)!)), data, 1);
    },
    scan(papers, keys, cutoff, limit) {
      const slot = new Map(keys.map((k, i) => [idOf.get(k), i]));
      const out: ScoredRow[][] = keys.map(() => []);
      if (papers.rows === 0 || keyOf.length === 0) return out;
      const k = Math.min(keyOf.length, Math.max(TOPICS_PER_PAPER_MIN, Math.ceil(keyOf.length / 100)));
      const queries = Array.from({ length: papers.rows }, (_, r) => papers.data.subarray(r * papers.dims, (r + 1) * papers.dims));
      const res = index.search(queries, k, 1);
      const counts = res.counts;
      for (let r = 0; r < papers.rows; r++) {
        const n = Number(counts[r]);
        for (let j = 0; j < n; j++) {
          const score = 1 - res.distances[r * k + j]!;
          if (score < cutoff) break;
          const i = slot.get(Number(res.keys[r * k + j]));
          if (i !== undefined) out[i]!.push({ row: r, score });
        }
      }
      for (const list of out) {
        list.sort((a, b) => b.score - a.score || a.row - b.row);
        if (list.length > limit) list.length = limit;
      }
      return out;
    },
  };
}

/** Exact scan when it is cheap, else the index (grown with `topicKeys` first). */
export function scanPairs(
  index: TopicVectorIndex | undefined,
  papers: VectorMatrix,
  topics: VectorMatrix,
  topicKeys: readonly string[],
  cutoff: number,
  limit: number,
): ScoredRow[][] {
  if (!index || papers.rows * topics.rows * papers.dims <= EXACT_MAX_PRODUCTS) return exactScan(papers, topics, cutoff, limit);
  index.ensure(topicKeys, Array.from({ length: topics.rows }, (_, i) => topics.data.subarray(i * topics.dims, (i + 1) * topics.dims)));
  return index.scan(papers, topicKeys, cutoff, limit);
}
