/**
 * Matcher benchmark: percolator vs the naive loop (reference matcher) vs reverse search (MiniSearch over the
 * day's papers, one search per subscription, candidates verified exactly), and the honest baselines of
 * baselines.ts. The percolator is timed on its batch path (`matchMany`, the whole day), and reported also in
 * steps (`matchSteps`, as the match cache drives it) and paper by paper; every path's matches are checked against the others.
 *
 * Reverse-search translation: each query's anchorable skeleton becomes a MiniSearch query tree — a text
 * term becomes an AND of its analysed tokens on title/abstract (the phrase itself is checked when
 * verifying), an author term its anchor token on `authors`, a category `c:<cat>` / `a:<archive>` on `cats`,
 * AND keeps its anchorable children (negations dropped), OR keeps all children. That is a superset of the
 * true matches; every candidate is then verified with the reference evaluator on the pre-analysed paper.
 */
import MiniSearch, { type Query as MsQuery } from 'minisearch';
import type { Paper } from '../src/papers/paper.js';
import { authorAnchor } from '../src/radar/author-match.js';
import { analyze, words } from '../src/radar/normalize.js';
import { createPercolatorMatcher } from '../src/radar/percolator.js';
import { matchCount, matchRows, type MatchTable, type SubscriptionMatcher } from '../src/radar/subscription.js';
import { isAnchorable, type Query, type QueryNode } from '../src/radar/query-ast.js';
import { parseQuery } from '../src/radar/query-parser.js';
import { analyzePaper, createReferenceMatcher, matchQuery } from '../src/radar/reference-matcher.js';
import { bitsetReverse, competentNaive, floorMs, packPairs, samePairs } from './baselines.js';
import { measureRates, type WorkloadRates } from './rates.js';
import { runInChild } from './matcher-child.js';
import { generateWorkload, type Corpus } from './workload.js';

export interface MatcherBenchOptions {
  corpus: Corpus;
  sizes: number[];
  papers: number;
  seed?: number;
  /** Seconds the naive loop may take per size before it is sampled and extrapolated. */
  naiveBudgetS?: number;
  reverseBudgetS?: number;
  /** Subscription count for the scaling runs (it and twice it; papers and twice them). */
  scalingSubscriptions: number;
  /** Run every size and scaling point in its own child process (clean peak RSS per size). Default false. */
  isolate?: boolean;
  /** Measure and report workload rates (kinds of subscriptions × papers) at the largest size. */
  rates?: boolean;
  log?: (line: string) => void;
}

export interface MatcherSizeResult {
  subscriptions: number;
  distinctQueries: number;
  papers: number;
  buildMs: number;
  /** The day through `matchMany` (batches of MAX_BATCH papers), best of 5. */
  percolatorMs: number;
  /** The day through `matchSteps` driven step by step (the match cache yields to the event loop between steps). */
  percolatorSteppedMs: number;
  /** The longest single step of that run: how long the event loop can be held. */
  longestStepMs: number;
  /** The day paper by paper (`match`). */
  percolatorPerPaperMs: number;
  /** The batch and the paper-by-paper paths gave identical matches and reasons on every paper. */
  pathsEqual: boolean;
  percolatorMatches: number;
  naiveMs: number;
  naiveExtrapolated: boolean;
  naiveSampledPapers: number;
  naiveMatches: number;
  reverseBuildMs: number;
  reverseMs: number;
  reverseExtrapolated: boolean;
  reverseSampledSubscriptions: number;
  reverseMatches: number;
  matchesEqual: boolean;
  reverseEqual: boolean;
  /** Competent naive loop (token Sets, phrases checked only when their words are present); ~ when sampled. */
  competentNaiveMs: number;
  competentNaiveExtrapolated: boolean;
  competentNaiveEqual: boolean;
  /** Bitset reverse search over the day's papers, index build included (of which `bitsetBuildMs`). */
  bitsetReverseMs: number;
  bitsetBuildMs: number;
  bitsetEqual: boolean;
  /** Reading and tokenising the day's papers once: the least any matcher must spend. */
  floorMs: number;
  /** Median over rounds (floor, percolator, bitset in turns) of percolator ÷ floor, and of bitset ÷ percolator. */
  percolatorVsFloor: number;
  bitsetVsPercolator: number;
  /** Process high-water mark right after the percolator phase (workload + index + matching). */
  peakRssMb: number;
  rates?: WorkloadRates;
}

export interface MatcherBenchResult {
  matcher: MatcherSizeResult[];
  scaling: {
    baseSubscriptions: number;
    subscriptionsDoubledRatio: number;
    papersDoubledRatio: number;
    detail: { subscriptions: number; papers: number; percolatorMs: number }[];
  };
}

/** Rounds of the floor / percolator / bitset comparison. */
const TURNS = 5;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const now = () => performance.now();

function buildPercolator(subs: { id: string; query: string }[]) {
  const m = createPercolatorMatcher();
  const t0 = now();
  for (const s of subs) m.add(s);
  return { m, ms: now() - t0 };
}

function timeMatching(m: { match(p: Paper): unknown[] }, papers: readonly Paper[]): { ms: number; matches: number } {
  let matches = 0;
  const t0 = now();
  for (const p of papers) matches += m.match(p).length;
  return { ms: now() - t0, matches };
}

/** The batch path over the whole day (passes of MAX_BATCH papers): what `matchMany` gives a caller. */
function timeBatch(m: SubscriptionMatcher, papers: readonly Paper[]): { ms: number; matches: number; table: MatchTable } {
  const t0 = now();
  const table = m.matchMany(papers);
  return { ms: now() - t0, matches: matchCount(table), table };
}

/** The day through `matchSteps`, driven step by step as the match cache drives it; also the longest step. */
function timeStepped(m: SubscriptionMatcher, papers: readonly Paper[]): { ms: number; longestStepMs: number } {
  let longestStepMs = 0;
  const t0 = now();
  const steps = m.matchSteps(papers);
  for (let last = now(); ; ) {
    const next = steps.next();
    const t = now();
    longestStepMs = Math.max(longestStepMs, t - last);
    last = t;
    if (next.done) break;
  }
  return { ms: now() - t0, longestStepMs };
}

const best = <T extends { ms: number }>(runs: number, run: () => T): T => {
  let out = run();
  for (let r = 1; r < runs; r++) {
    const again = run();
    if (again.ms < out.ms) out = again;
  }
  return out;
};

function translate(node: QueryNode): MsQuery {
  switch (node.kind) {
    case 'text':
      return {
        queries: [node.tokens.join(' ')],
        combineWith: 'AND',
        fields: node.field === 'title' ? ['title'] : node.field === 'abstract' ? ['abstract'] : ['title', 'abstract'],
      };
    case 'author':
      return { queries: [authorAnchor(node.name)!], fields: ['authors'] };
    case 'topic':
    case 'like':
      throw new Error('the lexical matcher bench generates no topic terms');
    case 'category':
      return { queries: [`${node.prefix ? 'a' : 'c'}:${node.value}`], fields: ['cats'] };
    case 'and':
      return { combineWith: 'AND', queries: node.children.filter((c) => isAnchorable(c)).map(translate) };
    case 'or':
      return { combineWith: 'OR', queries: node.children.map(translate) };
    case 'not':
      throw new Error('unanchorable nodes are filtered out before translation');
  }
}

function reverseSearch(papers: readonly Paper[], subs: { id: string; query: string }[], step: number) {
  const t0 = now();
  const analyzed = papers.map((p) => analyzePaper(p));
  const ms = new MiniSearch<{ i: number; title: string; abstract: string; authors: string; cats: string }>({
    idField: 'i',
    fields: ['title', 'abstract', 'authors', 'cats'],
    tokenize: (text, field) => {
      if (field === 'cats') return text.split(' ');
      if (field === 'authors') return words(text);
      if (field === undefined) return text.split(' '); // queries arrive pre-analysed
      return analyze(text);
    },
    processTerm: (t) => t,
  });
  ms.addAll(
    papers.map((p, i) => ({
      i,
      title: p.title,
      abstract: p.abstract,
      authors: p.authors.map((a) => a.name).join(' ; '),
      cats: p.categories.flatMap((c) => [`c:${c.toLowerCase()}`, `a:${c.toLowerCase().split('.')[0]}`]).join(' '),
    })),
  );
  const buildMs = now() - t0;
  const parsed: Query[] = [];
  for (let i = 0; i < subs.length; i += step) parsed.push(parseQuery(subs[i]!.query));
  let matches = 0;
  let checksum = 0;
  const t1 = now();
  for (let k = 0; k < parsed.length; k++) {
    const q = parsed[k]!;
    for (const hit of ms.search(translate(q.root), { prefix: false, fuzzy: false })) {
      const idx = hit.id as number;
      if (matchQuery(q, analyzed[idx]!)) {
        matches++;
        checksum = (checksum + idx * 1_000_003 + k * step * 7919) >>> 0;
      }
    }
  }
  return { buildMs, ms: now() - t1, matches, checksum, searched: parsed.length };
}

/** Matches of the percolator restricted to every `step`-th subscription, as (count, checksum). */
function percolatorChecksum(rows: readonly (readonly { subscriptionId: string }[])[], step: number) {
  let matches = 0;
  let checksum = 0;
  rows.forEach((row, idx) => {
    for (const hit of row) {
      const i = Number(hit.subscriptionId.slice(1));
      if (i % step !== 0) continue;
      matches++;
      checksum = (checksum + idx * 1_000_003 + i * 7919) >>> 0;
    }
  });
  return { matches, checksum };
}

export async function runSize(opts: MatcherBenchOptions, size: number): Promise<MatcherSizeResult> {
  const log = opts.log ?? (() => {});
  const w = generateWorkload({ corpus: opts.corpus, papers: opts.papers, subscriptions: size, seed: opts.seed ?? 42 });
  // the floor's code is compiled on papers first, as in a program that only reads papers: first run after the
  // index was built (the query parser runs analyze() on every query string), it took ~100 ms instead of ~60 ms
  for (let r = 0; r < 3; r++) floorMs(w.papers);
  const { m: perc, ms: buildMs } = buildPercolator(w.subscriptions);
  timeMatching(perc, w.papers.slice(0, 50)); // warm-up
  perc.matchMany(w.papers); // warm-up: the batch path's code is hot only after a whole day
  // best of 5 whole-day runs: the machine is shared, the minimum is the least disturbed measurement
  const run = best(5, () => timeBatch(perc, w.papers));
  const peakRssMb = rssMb(); // before the checks below materialise every match as an object
  // measured before anything else fills the heap (the checks below hold millions of match objects)
  const turns = inTurns(opts, w, run.table, perc);
  const percRows = matchRows(run.table);
  const oneByOne = best(3, () => timeMatching(perc, w.papers));
  const stepped = best(3, () => timeStepped(perc, w.papers));
  const pathsEqual = w.papers.every((p, i) => JSON.stringify(perc.match(p)) === JSON.stringify(percRows[i]));
  const stats = perc.stats();
  const rates = opts.rates ? measureRates(w.papers, w.subscriptions, (p) => perc.match(p)) : undefined;
  log(`  ${size}: percolator build ${buildMs.toFixed(0)} ms, day ${run.ms.toFixed(0)} ms in batches (best of 5), ${stepped.ms.toFixed(0)} ms in steps (longest ${stepped.longestStepMs.toFixed(1)} ms), ${oneByOne.ms.toFixed(0)} ms paper by paper; ${run.matches} matches, ${stats.distinctQueries} distinct queries; paths equal=${pathsEqual}`);

  // naive loop: the reference matcher, on a sample of papers when the whole day would exceed the budget
  const ref = createReferenceMatcher();
  for (const s of w.subscriptions) ref.add(s);
  const probe = timeMatching(ref, w.papers.slice(0, 3));
  const perPaper = probe.ms / 3;
  const budget = (opts.naiveBudgetS ?? 20) * 1000;
  const sampleN = perPaper * w.papers.length <= budget ? w.papers.length : Math.max(10, Math.floor(budget / perPaper));
  const stride = w.papers.length / sampleN;
  const sampleIdx = Array.from({ length: sampleN }, (_, i) => Math.floor(i * stride));
  const sample = sampleIdx.map((i) => w.papers[i]!);
  let naiveMatches = 0;
  let matchesEqual = true;
  const t0 = now();
  const naiveResults = sample.map((p) => ref.match(p));
  const naiveSampleMs = now() - t0;
  sample.forEach((_, i) => {
    naiveMatches += naiveResults[i]!.length;
    if (JSON.stringify(percRows[sampleIdx[i]!]) !== JSON.stringify(naiveResults[i])) matchesEqual = false;
  });
  const naiveExtrapolated = sampleN < w.papers.length;
  const naiveMs = (naiveSampleMs * w.papers.length) / sampleN;
  log(`  ${size}: naive ${naiveExtrapolated ? `~${naiveMs.toFixed(0)} ms (extrapolated from ${sampleN} papers)` : `${naiveMs.toFixed(0)} ms`}, equal=${matchesEqual}`);

  // reverse search, on every k-th subscription when over budget
  const rProbeN = Math.min(300, w.subscriptions.length);
  const rProbe = reverseSearch(w.papers, w.subscriptions.slice(0, rProbeN), 1);
  const rPer = rProbe.ms / rProbeN;
  const rBudget = (opts.reverseBudgetS ?? 20) * 1000;
  const step = rPer * w.subscriptions.length <= rBudget ? 1 : Math.ceil((rPer * w.subscriptions.length) / rBudget);
  const rev = reverseSearch(w.papers, w.subscriptions, step);
  const expected = percolatorChecksum(percRows, step);
  const reverseEqual = expected.matches === rev.matches && expected.checksum === rev.checksum;
  const reverseMs = rev.ms * step;
  log(`  ${size}: reverse ${step > 1 ? `~${reverseMs.toFixed(0)} ms (extrapolated from ${rev.searched} subscriptions)` : `${reverseMs.toFixed(0)} ms`}, equal=${reverseEqual}`);

  const honest = honestBaselines(opts, w, turns);
  return {
    ...honest,
    bitsetReverseMs: turns.bitsetReverseMs,
    bitsetBuildMs: turns.bitsetBuildMs,
    bitsetEqual: turns.bitsetEqual,
    floorMs: turns.floorMs,
    percolatorVsFloor: turns.percolatorVsFloor,
    bitsetVsPercolator: turns.bitsetVsPercolator,
    subscriptions: size,
    distinctQueries: stats.distinctQueries,
    papers: w.papers.length,
    buildMs,
    percolatorMs: Math.min(run.ms, turns.percolatorMs),
    percolatorSteppedMs: stepped.ms,
    longestStepMs: stepped.longestStepMs,
    percolatorPerPaperMs: oneByOne.ms,
    pathsEqual,
    percolatorMatches: run.matches,
    naiveMs,
    naiveExtrapolated,
    naiveSampledPapers: sampleN,
    naiveMatches,
    reverseBuildMs: rev.buildMs,
    reverseMs,
    reverseExtrapolated: step > 1,
    reverseSampledSubscriptions: rev.searched,
    reverseMatches: rev.matches,
    matchesEqual,
    reverseEqual,
    peakRssMb,
    ...(rates ? { rates } : {}),
  };
}

/**
 * The floor, the percolator's day and the bitset reverse search, measured in turns (TURNS rounds): the
 * machine is shared and its speed drifts by up to 2× within seconds, so the three are timed in the same
 * stretches of time and compared within each round (the medians of those ratios are the verdicts), and in
 * the same heap — the index and one day's table, as in the radar (the bitset search's first run warms its
 * code up; the floor, being short, runs twice a round). The match pairs that check the bitset search against
 * the percolator (tens of MB of numbers) are made only after the rounds: held during them, they made every
 * collection dearer, the string-making floor's most (it measured ~100 ms there against ~75 ms without them).
 */
function inTurns(opts: MatcherBenchOptions, w: ReturnType<typeof generateWorkload>, table: MatchTable, perc: SubscriptionMatcher) {
  const n = w.subscriptions.length;
  const queries = w.subscriptions.map((s) => parseQuery(s.query));
  const timeBits = () => {
    const { ms, buildMs } = bitsetReverse(w.papers, queries);
    return { ms, buildMs };
  };
  let bits = timeBits();
  const rounds: { floor: number; perc: number; bits: number }[] = [];
  for (let r = 0; r < TURNS; r++) {
    const floor = Math.min(floorMs(w.papers), floorMs(w.papers));
    const day = timeBatch(perc, w.papers).ms;
    const again = timeBits();
    if (again.ms < bits.ms) bits = again;
    rounds.push({ floor, perc: day, bits: again.ms });
  }
  const percPairs: number[] = [];
  for (let k = 0; k < table.ids.length; k++) {
    const sub = Number(table.ids[k]!.slice(1));
    for (let j = table.from[k]!; j < table.to[k]!; j++) percPairs.push(table.paper[j]! * n + sub);
  }
  const expected = packPairs(percPairs);
  const bitsetEqual = samePairs(packPairs(bitsetReverse(w.papers, queries).pairs), expected);
  const floor = Math.min(...rounds.map((x) => x.floor));
  const percolatorMs = Math.min(...rounds.map((x) => x.perc));
  // the ratios are taken within each round (the same stretch of time), then their median
  const percolatorVsFloor = median(rounds.map((x) => x.perc / x.floor));
  const bitsetVsPercolator = median(rounds.map((x) => x.bits / x.perc));
  (opts.log ?? (() => {}))(
    `  ${n}: in turns — floor ${floor.toFixed(0)} ms, percolator ${percolatorMs.toFixed(0)} ms, bitset reverse ${bits.ms.toFixed(0)} ms incl. ${bits.buildMs.toFixed(0)} ms index (equal=${bitsetEqual}); per round: ${rounds.map((x) => `${x.floor.toFixed(0)}/${x.perc.toFixed(0)}/${x.bits.toFixed(0)}`).join(', ')}`,
  );
  return { expected, queries, floorMs: floor, percolatorMs, percolatorVsFloor, bitsetVsPercolator, bitsetReverseMs: bits.ms, bitsetBuildMs: bits.buildMs, bitsetEqual };
}

/** The competent naive loop on a sample of papers; its match pairs compared with the percolator's. */
function honestBaselines(opts: MatcherBenchOptions, w: ReturnType<typeof generateWorkload>, turns: { expected: Float64Array; queries: Query[] }) {
  const log = opts.log ?? (() => {});
  const n = w.subscriptions.length;
  const { expected, queries } = turns;
  const probe = competentNaive(w.papers.slice(0, 3), [0, 1, 2], queries);
  const budget = (opts.naiveBudgetS ?? 20) * 1000;
  const perPaper = probe.ms / 3;
  const sampleN = perPaper * w.papers.length <= budget ? w.papers.length : Math.max(10, Math.floor(budget / perPaper));
  const stride = w.papers.length / sampleN;
  const idx = Array.from({ length: sampleN }, (_, i) => Math.floor(i * stride));
  const naive = competentNaive(idx.map((i) => w.papers[i]!), idx, queries);
  const sampled = new Set(idx);
  const expectedSample = packPairs([...expected].filter((x) => sampled.has(Math.floor(x / n))));
  const competentNaiveMs = (naive.ms * w.papers.length) / sampleN;
  const competentNaiveEqual = samePairs(packPairs(naive.pairs), expectedSample);
  log(`  ${n}: competent naive ${sampleN < w.papers.length ? '~' : ''}${competentNaiveMs.toFixed(0)} ms (equal=${competentNaiveEqual})`);
  return { competentNaiveMs, competentNaiveExtrapolated: sampleN < w.papers.length, competentNaiveEqual };
}

export function scalingRun(opts: Pick<MatcherBenchOptions, 'corpus' | 'seed'>, subscriptions: number, papers: number): number {
  const w = generateWorkload({ corpus: opts.corpus, papers, subscriptions, seed: opts.seed ?? 42 });
  const { m } = buildPercolator(w.subscriptions);
  m.matchMany(w.papers.slice(0, 200));
  // best of 3 to tame noise on a shared machine
  return best(3, () => timeBatch(m, w.papers)).ms;
}

export async function runMatcherBench(opts: MatcherBenchOptions): Promise<MatcherBenchResult> {
  const log = opts.log ?? (() => {});
  const matcher: MatcherSizeResult[] = [];
  const largest = Math.max(...opts.sizes);
  for (const size of opts.sizes) {
    log(`matcher: ${size} subscriptions × ${opts.papers} papers${opts.isolate ? ' (child process)' : ''}`);
    const sizeOpts = { ...opts, rates: opts.rates === true && size === largest };
    matcher.push(opts.isolate ? await runInChild<MatcherSizeResult>({ kind: 'size', size, opts: sizeOpts }, log) : await runSize(sizeOpts, size));
  }
  const n = opts.scalingSubscriptions;
  log(`scaling: ${n} vs ${2 * n} subscriptions, ${opts.papers} vs ${2 * opts.papers} papers (best of 3 each)`);
  const scale = async (subscriptions: number, papers: number): Promise<number> =>
    opts.isolate
      ? runInChild<number>({ kind: 'scaling', subscriptions, papers, opts }, log)
      : scalingRun(opts, subscriptions, papers);
  const base = await scale(n, opts.papers);
  const subs2 = await scale(2 * n, opts.papers);
  const papers2 = await scale(n, 2 * opts.papers);
  return {
    matcher,
    scaling: {
      baseSubscriptions: n,
      subscriptionsDoubledRatio: subs2 / base,
      papersDoubledRatio: papers2 / base,
      detail: [
        { subscriptions: n, papers: opts.papers, percolatorMs: base },
        { subscriptions: 2 * n, papers: opts.papers, percolatorMs: subs2 },
        { subscriptions: n, papers: 2 * opts.papers, percolatorMs: papers2 },
      ],
    },
  };
}
