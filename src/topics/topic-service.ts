/**
 * The topic capability: decides which `topic:` / `like:` leaves the papers of a window hit, and finds the
 * papers nearest to one paper (`/radar similar`). Built once by the composition root (`services.topics`).
 *
 * Embedding mode (RADAR_EMBEDDING_MODEL set): paper and topic vectors come from the vector store (each text
 * embedded once per model, whatever the number of channels and topics), and every leaf is scanned against
 * the papers of each announcement day with the model's cut-off (cutoffs.ts), keeping at most
 * `LEAF_DAY_FACTOR × dailyCap` papers per leaf and day (the per-subscription cap is applied after the
 * boolean query is evaluated, see cap.ts). Lexical mode (no model): BM25 per day with a relative cut-off.
 *
 * Fallback: any embeddings failure — 401/429/5xx/timeout (LlmError), wrong dimensions or NaN
 * (EmbeddingInvalidError) — switches topic matching to lexical mode until the end of the UTC day, with a
 * note; it never throws into the digest, so the digest goes out.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Paper } from '../papers/paper.js';
import { NO_TOPIC_HITS, type TopicHits, type TopicLeaf, type TopicMode } from '../radar/topic-leaf.js';
import type { UsageLedger, UsageReport } from '../briefing/usage-ledger.js';
import { createBm25Index, relativeCut } from './bm25.js';
import { cutoffsFor, type ModelCutoffs } from './cutoffs.js';
import { EMBEDDING_USAGE_ACCOUNT, type VectorStore } from './vector-store.js';
import { createTopicVectorIndex, scanPairs, type TopicVectorIndex } from './topic-index.js';
import { dot, exactScan, matrixOf } from './vectors.js';

/** A leaf keeps at most this many × the daily cap papers per day before the query's other terms apply. */
export const LEAF_DAY_FACTOR = 4;

export interface TopicServiceDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly usage: UsageLedger;
  /** Absent: lexical mode. */
  readonly vectors?: VectorStore;
  /** RADAR_TOPIC_CUTOFF. */
  readonly cutoff?: number;
  /** RADAR_TOPIC_DAILY_CAP. */
  readonly dailyCap: number;
  readonly getPaper: (id: string) => Promise<Paper | undefined>;
}

export interface SimilarResult {
  readonly mode: TopicMode;
  readonly note?: string;
  readonly hits: readonly { paper: Paper; score: number }[];
}

export interface TopicService {
  /** The configured mode: `embedding` when a model is set (a day may still fall back to lexical). */
  readonly mode: TopicMode;
  readonly model?: string;
  readonly dailyCap: number;
  /** Which leaves each paper hits. Never rejects for an embeddings failure (falls back to lexical). */
  hits(papers: readonly Paper[], leaves: readonly TopicLeaf[], signal?: AbortSignal): Promise<TopicHits>;
  /** The papers of `pool` nearest to `paper` (itself excluded), best first. */
  similar(paper: Paper, pool: readonly Paper[], limit: number): Promise<SimilarResult>;
  /** Embedding tokens today and this month (all channels together). */
  usage(): Promise<UsageReport>;
}

const DAY_MS = 86_400_000;
const dayOf = (p: Paper): string => p.announced ?? p.published?.slice(0, 10) ?? p.updated?.slice(0, 10) ?? 'unknown';

/** The text embedded for a paper: title and abstract (bounded: models have input limits). */
export const paperText = (p: Paper): string => `${p.title}\n\n${p.abstract}`.slice(0, 8000);
/** The lexical query standing for a liked paper: its title and keywords. */
const likeQuery = (p: Paper): string => `${p.title} ${(p.hf?.aiKeywords ?? []).join(' ')}`;

let generation = 0;

class HitTable implements TopicHits {
  private readonly byPaper = new Map<string, Map<string, number>>();
  readonly key = `h${++generation}`;
  constructor(
    readonly mode: TopicMode,
    readonly note?: string,
  ) {}
  add(paperId: string, key: string, score: number): void {
    let m = this.byPaper.get(paperId);
    if (!m) this.byPaper.set(paperId, (m = new Map()));
    m.set(key, Math.max(score, m.get(key) ?? -Infinity));
  }
  keysOf(paperId: string): readonly string[] {
    const m = this.byPaper.get(paperId);
    return m ? [...m.keys()] : [];
  }
  scoreOf(paperId: string, key: string): number | undefined {
    return this.byPaper.get(paperId)?.get(key);
  }
}

function byDay(papers: readonly Paper[]): Paper[][] {
  const groups = new Map<string, Paper[]>();
  for (const p of papers) {
    const d = dayOf(p);
    let g = groups.get(d);
    if (!g) groups.set(d, (g = []));
    g.push(p);
  }
  return [...groups.values()];
}

export function createTopicService(deps: TopicServiceDeps): TopicService {
  const { clock, logger, vectors } = deps;
  const cutoffs: ModelCutoffs | undefined = vectors ? cutoffsFor(vectors.model, deps.cutoff) : undefined;
  const perLeafDay = deps.dailyCap * LEAF_DAY_FACTOR;
  let lexicalUntil = 0;
  let lexicalNote: string | undefined;
  const memo = new Map<string, Promise<TopicHits>>();
  let index: TopicVectorIndex | undefined;
  let indexDims = 0;
  /** The ANN index of topic vectors, for days too large for the exact scan (topic-index.ts). */
  const indexFor = (dims: number): TopicVectorIndex => {
    if (!index || indexDims !== dims) [index, indexDims] = [createTopicVectorIndex(dims), dims];
    return index;
  };

  async function likedPapers(leaves: readonly TopicLeaf[], papers: readonly Paper[]): Promise<Map<string, Paper>> {
    const known = new Map(papers.map((p) => [p.id, p]));
    const out = new Map<string, Paper>();
    for (const l of leaves) {
      if (l.kind !== 'like') continue;
      const p = known.get(l.text) ?? (await deps.getPaper(l.text));
      if (p) out.set(l.key, p);
    }
    return out;
  }

  async function lexicalHits(papers: readonly Paper[], leaves: readonly TopicLeaf[], note?: string): Promise<TopicHits> {
    const table = new HitTable('lexical', note);
    const liked = await likedPapers(leaves, papers);
    for (const day of byDay(papers)) {
      const index = createBm25Index(day);
      for (const leaf of leaves) {
        const target = liked.get(leaf.key);
        if (leaf.kind === 'like' && !target) continue;
        const query = leaf.kind === 'topic' ? leaf.text : likeQuery(target!);
        const hits = index.search(query).filter((h) => day[h.row]!.id !== target?.id);
        const top = hits[0]?.score ?? 0;
        for (const h of relativeCut(hits).slice(0, perLeafDay)) table.add(day[h.row]!.id, leaf.key, h.score / top);
      }
    }
    return table;
  }

  async function embeddingHits(papers: readonly Paper[], leaves: readonly TopicLeaf[], signal?: AbortSignal): Promise<TopicHits> {
    const vs = vectors!;
    const paperVectors = await vs.vectors(papers.map((p) => ({ id: `paper:${p.id}`, text: paperText(p) })), signal);
    const vectorOf = new Map(papers.map((p, i) => [p.id, paperVectors[i]!]));
    const topics = leaves.filter((l) => l.kind === 'topic');
    const topicVectors = await vs.vectors(topics.map((l) => ({ id: 'topic', text: l.text })), signal);
    const liked = await likedPapers(leaves, papers);
    const likes = leaves.filter((l) => liked.has(l.key));
    const missingLiked = likes.map((l) => liked.get(l.key)!).filter((p) => !vectorOf.has(p.id));
    const extra = await vs.vectors(missingLiked.map((p) => ({ id: `paper:${p.id}`, text: paperText(p) })), signal);
    missingLiked.forEach((p, i) => vectorOf.set(p.id, extra[i]!));
    const dims = paperVectors[0]?.length ?? topicVectors[0]?.length ?? 0;
    const table = new HitTable('embedding');
    for (const day of byDay(papers)) {
      const m = matrixOf(day.map((p) => vectorOf.get(p.id)!), dims);
      const keys = topics.map((t) => t.key);
      scanPairs(indexFor(dims), m, matrixOf(topicVectors, dims), keys, cutoffs!.topic, perLeafDay).forEach((rows, i) => {
        for (const r of rows) table.add(day[r.row]!.id, topics[i]!.key, r.score);
      });
      const likeRows = exactScan(m, matrixOf(likes.map((l) => vectorOf.get(liked.get(l.key)!.id)!), dims), cutoffs!.like, perLeafDay + 1);
      likeRows.forEach((rows, i) => {
        const self = liked.get(likes[i]!.key)!.id;
        for (const r of rows.filter((x) => day[x.row]!.id !== self).slice(0, perLeafDay)) table.add(day[r.row]!.id, likes[i]!.key, r.score);
      });
    }
    return table;
  }

  function fallBack(err: unknown): string {
    const now = clock.now().getTime();
    lexicalUntil = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
    const code = (err as { code?: string }).code ?? 'embedding_failed';
    lexicalNote = code;
    logger.warn({ code, err: (err as Error).message }, 'topic embeddings failed; topic matching is lexical for the rest of the day');
    return code;
  }

  async function compute(papers: readonly Paper[], leaves: readonly TopicLeaf[], signal?: AbortSignal): Promise<TopicHits> {
    if (!vectors) return lexicalHits(papers, leaves);
    if (clock.now().getTime() < lexicalUntil) return lexicalHits(papers, leaves, lexicalNote);
    try {
      return await embeddingHits(papers, leaves, signal);
    } catch (err) {
      if ((err as { name?: string }).name === 'AbortError') throw err;
      return lexicalHits(papers, leaves, fallBack(err));
    }
  }

  return {
    mode: vectors ? 'embedding' : 'lexical',
    model: vectors?.model,
    dailyCap: deps.dailyCap,
    hits(papers, leaves, signal) {
      if (leaves.length === 0 || papers.length === 0) return Promise.resolve(NO_TOPIC_HITS);
      const day = Math.floor(clock.now().getTime() / DAY_MS);
      const key = `${day}|${papers.map((p) => `${p.id}@${p.version ?? 0}`).join(',')}|${leaves.map((l) => l.key).sort().join('\u0000')}`;
      let hit = memo.get(key);
      if (!hit) {
        if (memo.size >= 8) memo.delete(memo.keys().next().value!);
        hit = compute(papers, leaves, signal);
        memo.set(key, hit);
        hit.catch(() => memo.delete(key));
      }
      return hit;
    },

    async similar(paper, pool, limit) {
      const others = pool.filter((p) => p.id !== paper.id);
      if (vectors && clock.now().getTime() >= lexicalUntil) {
        try {
          const vs = await vectors.vectors([paper, ...others].map((p) => ({ id: `paper:${p.id}`, text: paperText(p) })));
          const scored = others.map((p, i) => ({ paper: p, score: dot(vs[0]!, vs[i + 1]!) }));
          return { mode: 'embedding', hits: scored.sort((a, b) => b.score - a.score).slice(0, limit) };
        } catch (err) {
          fallBack(err);
        }
      }
      const hits = createBm25Index(others).search(likeQuery(paper));
      const top = hits[0]?.score ?? 1;
      return {
        mode: 'lexical',
        note: vectors ? lexicalNote : undefined,
        hits: hits.slice(0, limit).map((h) => ({ paper: others[h.row]!, score: h.score / top })),
      };
    },

    usage: () => deps.usage.report(EMBEDDING_USAGE_ACCOUNT),
  };
}
