/**
 * Offline evaluation of the per-channel preference model (`npm run bench`, section `learning`).
 *
 * Ten announcement days of 300 candidates each (bench/learning-corpus.ts: real fixture text), matched by
 * the real percolator against a channel's four broad subscriptions and ranked by the real ranking
 * (src/radar/rank.ts). A simulated team of three with a hidden preference — likes systems/serving papers,
 * dislikes surveys — sees the top 10 of each day's digest and votes: each member on each card with
 * probability 0.6, 👍 for systems/serving, 👎 for surveys, 👎 for 20 % of the rest. Learning on ranks with
 * the votes of the previous days; learning off ranks every day without them.
 *
 * Reported per day: P@10 and nDCG@10 of the hidden preference (gain 1 for a systems/serving paper that is
 * not a survey), and the ranking cost of one channel's digest (training on all its votes, scoring and
 * re-ranking 300 candidates, chips; best of N runs). Paper features are cached per paper version and
 * shared by every channel, so their extraction is reported apart (once per paper per day, all channels).
 * Prints; never asserts.
 */
import { performance } from 'node:perf_hooks';
import { createPercolatorMatcher } from '../src/radar/percolator.js';
import { rankCandidates, type Candidate } from '../src/radar/rank.js';
import { candidateFeatures, FeatureCache, preferenceFromVotes } from '../src/feedback/preference.js';
import type { Vote } from '../src/feedback/vote-store.js';
import { buildLearningDays, readLearningTexts, type BenchPaper, type Genre } from './learning-corpus.js';
import { mulberry32 } from './workload.js';

export interface LearningDay {
  readonly day: number;
  readonly candidates: number;
  readonly votesBefore: number;
  readonly pAt10Off: number;
  readonly pAt10On: number;
  readonly ndcgOff: number;
  readonly ndcgOn: number;
  readonly costMsOn: number;
  readonly costMsOff: number;
  /** Features of the day's papers from scratch: paid once per paper version for all channels (cached). */
  readonly featureMs: number;
}

export interface LearningBenchResult {
  readonly corpus: string;
  readonly days: readonly LearningDay[];
  /** P@10 on ÷ off on day 5, and averaged over days 5–10. */
  readonly day5Ratio: number;
  readonly meanRatioFrom5: number;
  readonly maxCostMs: number;
  readonly candidatesPerDigest: number;
}

const SUBSCRIPTIONS = ['cat:cs.LG', 'cat:cs.CL', 'cat:cs.CV', 'cat:cs.AI OR cat:cs.DC'];
const TEAM = ['ana', 'bo', 'chen'];
const CHANNEL = 'bench:team';

const relevant = (g: Genre): number => (g === 'systems' ? 1 : 0);

function metrics(ranked: readonly Candidate[], genreOf: Map<string, Genre>, allGains: number[]): { p: number; ndcg: number } {
  const top = ranked.slice(0, 10).map((c) => relevant(genreOf.get(c.paper.id)!));
  const dcg = top.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  const ideal = [...allGains].sort((a, b) => b - a).slice(0, 10).reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return { p: top.reduce((a, b) => a + b, 0) / 10, ndcg: ideal > 0 ? dcg / ideal : 0 };
}

function timeIt(work: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    work();
    times.push(performance.now() - t0);
  }
  return Math.min(...times);
}

function candidatesOf(papers: readonly BenchPaper[]): Candidate[] {
  const matcher = createPercolatorMatcher();
  SUBSCRIPTIONS.forEach((query, i) => matcher.add({ id: `${CHANNEL}#${i + 1}`, query }));
  return papers.flatMap(({ paper }) => {
    const m = matcher.match(paper);
    return m.length ? [{ paper, reasons: m.flatMap((x) => x.reasons), subscriptionIds: m.map((x) => x.subscriptionId) }] : [];
  });
}

export function runLearningBench(options: { fixturesDir: string; days?: number; perDay?: number; seed?: number; timingRuns?: number; log?: (l: string) => void }): LearningBenchResult {
  const runs = options.timingRuns ?? 15;
  const texts = readLearningTexts(options.fixturesDir);
  const days = buildLearningDays(texts, { days: options.days ?? 10, perDay: options.perDay ?? 300, seed: options.seed ?? 7 });
  const corpus = `${texts.sentences.length + texts.systems.length + texts.surveys.length} fixture sentences (${texts.systems.length} systems/serving, ${texts.surveys.length} survey), ${texts.titles.length + texts.systemsTitles.length} titles, ${texts.names.length} author names`;
  options.log?.(`learning corpus: ${corpus}`);
  const rand = mulberry32((options.seed ?? 7) * 31 + 1);
  const votes: Vote[] = [];
  const cache = new FeatureCache();
  const out: LearningDay[] = [];
  days.forEach((papers, d) => {
    const genreOf = new Map(papers.map((p) => [p.paper.id, p.genre]));
    const candidates = candidatesOf(papers);
    const gains = candidates.map((c) => relevant(genreOf.get(c.paper.id)!));
    const off = rankCandidates(candidates);
    const on = rankCandidates(candidates, preferenceFromVotes(votes, cache, CHANNEL));
    const costMsOn = timeIt(() => rankCandidates(candidates, preferenceFromVotes(votes, cache, CHANNEL)), runs);
    const featureMs = timeIt(() => {
      const cold = new FeatureCache();
      for (const c of candidates) candidateFeatures(c, cold);
    }, runs);
    const costMsOff = timeIt(() => rankCandidates(candidates), runs);
    const mOff = metrics(off, genreOf, gains);
    const mOn = metrics(on, genreOf, gains);
    out.push({ day: d + 1, candidates: candidates.length, votesBefore: votes.length, pAt10Off: mOff.p, pAt10On: mOn.p, ndcgOff: mOff.ndcg, ndcgOn: mOn.ndcg, costMsOn, costMsOff, featureMs });
    // The team reads today's digest (learning on) and votes.
    for (const c of on.slice(0, 10)) {
      const genre = genreOf.get(c.paper.id)!;
      for (const voterId of TEAM) {
        if (rand() >= 0.6) continue;
        const value = genre === 'systems' ? 1 : genre === 'survey' ? -1 : rand() < 0.2 ? -1 : 0;
        if (value === 0) continue;
        const features = Object.fromEntries(candidateFeatures(c, cache));
        votes.push({ paperId: c.paper.id, voterId, value, at: `${c.paper.announced}T12:00:00Z`, features });
      }
    }
  });
  const ratio = (x: LearningDay) => x.pAt10On / Math.max(x.pAt10Off, 0.05);
  const from5 = out.filter((x) => x.day >= 5);
  return {
    corpus,
    days: out,
    day5Ratio: ratio(out[4] ?? out[out.length - 1]!),
    meanRatioFrom5: from5.reduce((s, x) => s + x.pAt10On, 0) / Math.max(0.05, from5.reduce((s, x) => s + x.pAt10Off, 0)),
    maxCostMs: Math.max(...out.map((x) => x.costMsOn)),
    candidatesPerDigest: Math.max(...out.map((x) => x.candidates)),
  };
}

const pct = (x: number) => x.toFixed(2);
const ms = (x: number) => `${x.toFixed(2)} ms`;

/** The section's table and verdicts (bench/run.ts prints it). */
export function renderLearning(r: LearningBenchResult): string {
  const rows = [['day', 'votes before', 'P@10 off', 'P@10 on', 'nDCG@10 off', 'nDCG@10 on', 'rank cost on', 'rank cost off', 'features (shared)']];
  for (const d of r.days) {
    rows.push([String(d.day), String(d.votesBefore), pct(d.pAt10Off), pct(d.pAt10On), pct(d.ndcgOff), pct(d.ndcgOn), ms(d.costMsOn), ms(d.costMsOff), ms(d.featureMs)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const table = rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const d5 = r.days[4];
  return [
    `corpus: ${r.corpus}; ${r.days.length} days, ${r.candidatesPerDigest} candidates per digest`,
    table,
    '',
    `${verdict(r.day5Ratio >= 1.3 && r.meanRatioFrom5 >= 1.3)}  by day 5, P@10 ≥ 1.3× no-learning: day 5 ${d5 ? `${pct(d5.pAt10On)} vs ${pct(d5.pAt10Off)}` : '-'} (${r.day5Ratio.toFixed(2)}×), days 5–${r.days.length} ${r.meanRatioFrom5.toFixed(2)}×`,
    `${verdict(r.maxCostMs <= 5)}  ≤ 5 ms per digest of ${r.candidatesPerDigest} candidates: worst day ${ms(r.maxCostMs)} (unlearned ranking ${ms(Math.max(...r.days.map((d) => d.costMsOff)))})`,
  ].join('\n');
}
