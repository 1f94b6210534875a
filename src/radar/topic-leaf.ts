/**
 * Topic leaves of the query language: `topic:"…"` (meaning close to a text) and `like:<paper>` (meaning close
 * to a paper). Unlike the other terms they are not decided by the paper alone: the topic service computes,
 * for a set of papers (a day's window), which leaves each paper hits (embeddings, or BM25 in lexical mode)
 * and hands the matchers a {@link TopicHits}. Leaves are identified by a key shared by every query using
 * them: `topic:<folded text>` or `like:<paper id>`.
 */
import { fold } from './normalize.js';

export interface TopicLeaf {
  readonly kind: 'topic' | 'like';
  readonly key: string;
  /** The topic text, or the liked paper's id (`arxiv:2411.17796`). */
  readonly text: string;
}

/** How topic leaves were decided: by embeddings, or by BM25 (no model configured, or a fallback). */
export type TopicMode = 'embedding' | 'lexical';

export interface TopicHits {
  /** Identity of this computation (the same inputs give the same object and key): part of cache keys. */
  readonly key?: string;
  readonly mode: TopicMode;
  /** Why the mode is lexical although a model is configured (the day's fallback), for a note. */
  readonly note?: string;
  /** The leaf keys the paper hits. */
  keysOf(paperId: string): readonly string[];
  /** The similarity of a hit (cosine; in lexical mode the share of the day's best BM25 score). */
  scoreOf(paperId: string, key: string): number | undefined;
}

export const topicKey = (text: string): string => `topic:${fold(text).replace(/\s+/g, ' ').trim()}`;
export const likeKey = (paperId: string): string => `like:${paperId}`;

export const NO_TOPIC_HITS: TopicHits = { mode: 'lexical', keysOf: () => [], scoreOf: () => undefined };
