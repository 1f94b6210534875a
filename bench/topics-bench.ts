/**
 * Topic matching benchmark: one day of papers × topic subscriptions, once paper and topic embeddings exist.
 *
 * Workload: the matcher bench's generated day (bench/workload.ts: papers written from a technical lexicon
 * of 3,000 Zipf-popular topics) and topic texts taken from its keyword subscriptions (`topic:"kalorin
 * vexatron"`), distinct texts only. Vectors come from the OpenAI emulator's embedding model (hashed words
 * and bigrams, 256 dimensions: test/emulators/openai/semantic-embeddings.ts), so similar texts really are
 * close. The cut-off is set so a topic brings ≈ 0.1 % of the day (the 99.9th percentile of a sample of
 * pairs), as a calibrated cut-off would.
 *
 * Measured: the exact scan (plain TypeScript, every product), the usearch HNSW index over the topics
 * (build once as subscriptions are added, then one query per paper), and the index's recall of the exact
 * pairs (target ≥ 0.98). Target: matching in < 1 s at 3,000 × 10,000.
 */
import { semanticVector } from '../test/emulators/openai/semantic-embeddings.js';
import { createTopicVectorIndex } from '../src/topics/topic-index.js';
import { exactScan, matrixOf, toUnitVector, type VectorMatrix } from '../src/topics/vectors.js';
import { generateWorkload, mulberry32, type Corpus } from './workload.js';

const DIMS = 256;

export interface TopicsBenchSize {
  papers: number;
  topics: number;
  dims: number;
  cutoff: number;
  exactPairs: number;
  exactMs: number;
  /** CPU time of the same (process user + system): what the scan costs when the machine is shared. */
  exactCpuMs: number;
  indexBuildMs: number;
  indexMs: number;
  indexCpuMs: number;
  indexPairs: number;
  recall: number;
}

export interface TopicsBenchResult {
  sizes: TopicsBenchSize[];
  embedMs: number;
}

const now = () => performance.now();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function topicTexts(corpus: Corpus, count: number, seed: number): string[] {
  const w = generateWorkload({ papers: 1, subscriptions: count * 4, seed, corpus });
  const out = new Set<string>();
  for (const s of w.subscriptions) {
    if (!s.kind.startsWith('kw') && s.kind !== 'kw|kw|kw') continue;
    const text = s.query.replace(/\b(OR|AND|NOT)\b|[()"|]|-\S+/g, ' ').replace(/\s+/g, ' ').trim();
    if (text) out.add(text);
    if (out.size >= count) break;
  }
  return [...out];
}

/** The score that ≈ `share` of random (paper, topic) pairs reach. */
function calibrate(papers: VectorMatrix, topics: VectorMatrix, share: number, seed: number): number {
  const rand = mulberry32(seed);
  const scores: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    const p = Math.floor(rand() * papers.rows) * DIMS;
    const t = Math.floor(rand() * topics.rows) * DIMS;
    let s = 0;
    for (let j = 0; j < DIMS; j++) s += papers.data[p + j]! * topics.data[t + j]!;
    scores.push(s);
  }
  scores.sort((a, b) => a - b);
  return Math.max(0.05, scores[Math.floor(scores.length * (1 - share))]!);
}

export async function runTopicsBench(opts: { corpus: Corpus; papers: number; topics: number[]; log: (l: string) => void }): Promise<TopicsBenchResult> {
  const t0 = now();
  const day = generateWorkload({ papers: opts.papers, subscriptions: 1, seed: 42, corpus: opts.corpus }).papers;
  const texts = topicTexts(opts.corpus, Math.max(...opts.topics), 7);
  const embed = (s: string) => toUnitVector(semanticVector(s, DIMS), DIMS);
  const paperM = matrixOf(day.map((p) => embed(`${p.title}\n\n${p.abstract}`)), DIMS);
  const allTopics = texts.map(embed);
  const embedMs = now() - t0;
  opts.log(`topics: ${day.length} papers, ${texts.length} distinct topic texts embedded in ${embedMs.toFixed(0)} ms`);
  const sizes: TopicsBenchSize[] = [];
  for (const n of opts.topics) {
    const topicM = matrixOf(allTopics.slice(0, n), DIMS);
    const keys = texts.slice(0, n);
    const cutoff = calibrate(paperM, topicM, 0.001, n);
    let t = now();
    let c = cpu();
    const exact = exactScan(paperM, topicM, cutoff, Infinity);
    const exactMs = now() - t;
    const exactCpuMs = cpu() - c;
    t = now();
    const index = createTopicVectorIndex(DIMS);
    index.ensure(keys, allTopics.slice(0, n));
    const indexBuildMs = now() - t;
    t = now();
    c = cpu();
    const approx = index.scan(paperM, keys, cutoff, Infinity);
    const indexMs = now() - t;
    const indexCpuMs = cpu() - c;
    const exactSet = new Set(exact.flatMap((rows, i) => rows.map((r) => `${i}:${r.row}`)));
    const found = approx.flatMap((rows, i) => rows.map((r) => `${i}:${r.row}`)).filter((k) => exactSet.has(k)).length;
    const size: TopicsBenchSize = {
      papers: paperM.rows,
      topics: n,
      dims: DIMS,
      cutoff: Number(cutoff.toFixed(3)),
      exactPairs: exactSet.size,
      exactMs: Math.round(exactMs),
      exactCpuMs: Math.round(exactCpuMs),
      indexBuildMs: Math.round(indexBuildMs),
      indexMs: Math.round(indexMs),
      indexCpuMs: Math.round(indexCpuMs),
      indexPairs: approx.reduce((s, r) => s + r.length, 0),
      recall: exactSet.size === 0 ? 1 : Number((found / exactSet.size).toFixed(4)),
    };
    opts.log(`topics: ${JSON.stringify(size)}`);
    sizes.push(size);
  }
  return { sizes, embedMs: Math.round(embedMs) };
}
