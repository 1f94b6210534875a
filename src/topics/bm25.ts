/**
 * Lexical mode of topic subscriptions (no embedding model configured, or the embeddings failed today):
 * Okapi BM25 (k1 = 1.2, b = 0.75) over a set of papers, with the topic text as the query. A paper is one
 * document of three fields — title (weight 2), abstract (1) and Hugging Face keywords (1.5) — analysed with
 * the same tokeniser as the query language (folded, plural-stemmed), stop words dropped. BM25 scores are
 * not comparable between queries, so the cut-off is relative: a paper is kept when it scores at least
 * `LEXICAL_RELATIVE_CUTOFF` of the best paper of its day for that topic.
 *
 * A topic is a few words, and papers on it use many others, so the query is expanded once by pseudo-
 * relevance feedback (RM3-style): the `FEEDBACK_DOCS` best papers of a first pass lend their
 * `FEEDBACK_TERMS` most characteristic terms (tf · idf), weighted `FEEDBACK_WEIGHT`, to a second pass.
 */
import type { Paper } from '../papers/paper.js';
import { analyze } from '../radar/normalize.js';
import { COMMON_WORDS } from '../radar/common-words.js';

const K1 = 1.2;
const B = 0.75;
const FIELD_WEIGHTS = { title: 2, abstract: 1, keywords: 1.5 } as const;
/** Share of the day's best BM25 score a paper needs (see the file comment). */
export const LEXICAL_RELATIVE_CUTOFF = 0.2;
const FEEDBACK_DOCS = 3;
const FEEDBACK_TERMS = 10;
const FEEDBACK_WEIGHT = 0.3;


/** Content tokens of a text (what BM25 indexes and queries with). */
export function contentTokens(text: string): string[] {
  return analyze(text).filter((t) => !COMMON_WORDS.has(t) && t.length > 1);
}

export interface Bm25Index {
  readonly size: number;
  /** Every document with a score > 0 for the query text, best first (row = index in the papers given). */
  search(query: string): { row: number; score: number }[];
}

/** Builds the index over `papers` (rows in the given order). */
export function createBm25Index(papers: readonly Paper[]): Bm25Index {
  const postings = new Map<string, { row: number; tf: number }[]>();
  const lengths = new Float64Array(papers.length);
  const docTerms: Map<string, number>[] = [];
  papers.forEach((p, row) => {
    const tf = new Map<string, number>();
    const add = (text: string, w: number) => {
      for (const t of contentTokens(text)) {
        tf.set(t, (tf.get(t) ?? 0) + w);
        lengths[row]! += w;
      }
    };
    add(p.title, FIELD_WEIGHTS.title);
    add(p.abstract, FIELD_WEIGHTS.abstract);
    add((p.hf?.aiKeywords ?? []).join(' . '), FIELD_WEIGHTS.keywords);
    docTerms.push(tf);
    for (const [t, n] of tf) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      list.push({ row, tf: n });
    }
  });
  const n = papers.length;
  const avg = n === 0 ? 1 : lengths.reduce((a, b) => a + b, 0) / n || 1;
  const idf = (t: string): number => {
    const df = postings.get(t)?.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };
  function score(weights: ReadonlyMap<string, number>): { row: number; score: number }[] {
    const scores = new Float64Array(n);
    const touched: number[] = [];
    for (const [t, w] of weights) {
      const list = postings.get(t);
      if (!list) continue;
      const weight = w * idf(t);
      for (const { row, tf } of list) {
        if (scores[row] === 0) touched.push(row);
        scores[row]! += (weight * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths[row]!) / avg));
      }
    }
    return touched.map((row) => ({ row, score: scores[row]! })).sort((a, b) => b.score - a.score || a.row - b.row);
  }
  return {
    size: n,
    search(query) {
      const weights = new Map(contentTokens(query).map((t) => [t, 1]));
      const first = score(weights);
      const feedback = new Map<string, number>();
      for (const { row } of first.slice(0, FEEDBACK_DOCS)) {
        for (const [t, tf] of docTerms[row]!) if (!weights.has(t)) feedback.set(t, (feedback.get(t) ?? 0) + tf * idf(t));
      }
      const extra = [...feedback].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, FEEDBACK_TERMS);
      if (extra.length === 0) return first;
      for (const [t] of extra) weights.set(t, FEEDBACK_WEIGHT);
      return score(weights);
    },
  };
}

/** The hits at or above `ratio` × the best score (hits sorted best first, as `search` returns them). */
export function relativeCut<T extends { score: number }>(hits: readonly T[], ratio = LEXICAL_RELATIVE_CUTOFF): T[] {
  const top = hits[0]?.score ?? 0;
  return top <= 0 ? [] : hits.filter((h) => h.score >= top * ratio);
}
