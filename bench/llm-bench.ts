/**
 * LLM economy against the loopback OpenAI emulator, with the real `openai` client and the real briefing
 * service over an in-memory store. One day of 400 papers, 50 channels with overlapping subscriptions (3 of
 * 12 topics each); each digest holds 10 papers, half of them its topics' most prominent papers (shared with
 * every channel on those topics) and half specific to the channel; TL;DRs are on for every channel and 20 %
 * of the channels ask for a briefing (every channel briefing is reported too). Prints ratios, never asserts
 * (ARCHITECTURE rule 10).
 *
 *   tokenRatio       prompt tokens sent ÷ tokens of the distinct papers needed (title + abstract)
 *   roundTripsPer30  requests for one cold briefing of 30 papers (⌈30/8⌉ summary batches + 1 synthesis)
 *
 * Why batching: each summary request repeats the system prompt (~110 tokens). One paper per request pays it
 * per paper (≈ +35 % on a ~300-token abstract); 8 per request pays it once per 8 (≈ +5 %) and cuts round
 * trips from 31 to 5 for 30 papers. The shared cache makes every later channel's TL;DR and summary free.
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBriefingService, createOpenAiLlmClient } from '../src/briefing/index.js';
import type { PostedMessage, Responder } from '../src/chat/ports.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import type { Paper } from '../src/papers/paper.js';
import { openSqlRadarStore } from '../src/store/sql/sql-radar-store.js';
import { countTokens, startOpenAiEmulator } from '../test/emulators/openai/openai-emulator.js';
import { mulberry32, readCorpus } from './workload.js';
import { deliveredDigest } from '../test/fakes/delivered-digest.js';

export interface LlmBenchResult {
  readonly channels: number;
  readonly papersPerDay: number;
  readonly distinctPapersNeeded: number;
  readonly digestSlots: number;
  /** Digest slots per distinct paper: how much the channels' digests overlap. */
  readonly overlap: number;
  readonly briefings: number;
  /** Prompt tokens sent ÷ distinct paper tokens, for the scenario (TL;DRs everywhere + briefings). */
  readonly tokenRatio: number;
  /** The same day if every one of the 50 channels also asked for a briefing. */
  readonly tokenRatioEveryChannelBriefs: number;
  /** Summary stage only (TL;DRs and briefing summaries), batch 8. */
  readonly summaryStageRatio: number;
  /** Summary stage without batching (1 paper per request), for comparison. */
  readonly summaryStageRatioUnbatched: number;
  /** Without the shared cache every channel would summarise its own 10 papers. */
  readonly tokenRatioWithoutSharedCache: number;
  readonly roundTripsPer30: number;
  readonly roundTripsPer30Unbatched: number;
  readonly roundTripsPer30Warm: number;
  readonly requests: number;
}

const TOPICS = 12;
const CHANNELS = 50;
const PAPERS = 400;
const DIGEST = 10;
const here = dirname(fileURLToPath(import.meta.url));

function makePapers(seed: number): { papers: Paper[]; topicOf: Map<string, number> } {
  const corpus = readCorpus(join(here, '..', 'test', 'fixtures'));
  const rand = mulberry32(seed);
  const pick = (xs: string[]) => xs[Math.floor(rand() * Math.min(xs.length, 600))]!;
  const sentence = (n: number) => {
    const w = Array.from({ length: n }, () => pick(corpus.words));
    return `${w.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const topicOf = new Map<string, number>();
  const papers = Array.from({ length: PAPERS }, (_, i): Paper => {
    const id = `arxiv:2611.${String(10000 + i)}`;
    topicOf.set(id, i % TOPICS);
    const abstract = Array.from({ length: 7 + Math.floor(rand() * 3) }, () => sentence(16 + Math.floor(rand() * 10))).join(' ');
    return {
      id,
      version: 1,
      title: `${pick(corpus.bigrams)} for ${pick(corpus.bigrams)}`.replace(/^./, (c) => c.toUpperCase()),
      abstract,
      authors: [{ name: pick(corpus.names) }],
      categories: ['cs.LG'],
      announced: '2026-11-23',
      sources: [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }],
    };
  });
  return { papers, topicOf };
}

const silentResponder = (): Responder => ({
  reply: async (): Promise<PostedMessage[]> => [],
  progress: async () => {},
  openThread: async () => ({ channel: { platform: 'shell', id: 'x' }, id: 't' }),
});

async function runDay(opts: { batchSize: number; briefingShare: number; sharedCache: boolean }) {
  const emu = await startOpenAiEmulator();
  try {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: emu.baseURL, RADAR_LLM_DAILY_TOKENS: '100000000' });
    const { papers, topicOf } = makePapers(42);
    const rand = mulberry32(7);
    const clock = { now: () => new Date('2026-11-23T08:00:00Z') };
    const defaults = { size: DIGEST, time: '08:00', timezone: 'UTC', language: 'en' as const, summaries: true, crosslists: true, replacements: false };
    const llm = createOpenAiLlmClient({ apiKey: 'sk-bench', baseURL: emu.baseURL, model: 'bench', timeoutMs: 30_000 });
    const sharedStore = await openSqlRadarStore('memory://', { defaults });
    const needed = new Map<string, Paper>();
    let slots = 0;
    let briefings = 0;
    for (let c = 0; c < CHANNELS; c++) {
      const store = opts.sharedCache ? sharedStore : await openSqlRadarStore('memory://', { defaults });
      const service = createBriefingService({ config, store, clock, logger: silentLogger(), llm, batchSize: opts.batchSize });
      await store.papers.putMany(papers);
      const topics = new Set<number>();
      while (topics.size < 3) topics.add(Math.floor(rand() * TOPICS));
      const key = `shell:ch${c}`;
      for (const t of topics) await store.subscriptions.add(key, `topic${t}`);
      // Half of a digest is its topics' most prominent papers (shared by every channel on those topics), half
      // is specific to the channel's own queries (a channel-specific draw from the rest of its matches).
      const matched = papers.filter((p) => topics.has(topicOf.get(p.id)!));
      const rest = matched.slice(DIGEST / 2).map((p) => ({ p, r: rand() })).sort((a, b) => a.r - b.r).map((x) => x.p);
      const digest = [...matched.slice(0, DIGEST / 2), ...rest.slice(0, DIGEST / 2)];
      digest.forEach((p) => needed.set(p.id, p));
      slots += digest.length;
      await Promise.all(digest.map((p) => service.tldrFor(p, 'en', key)));
      await deliveredDigest(store, key, digest.map((p) => p.id), Object.fromEntries(digest.map((p) => [p.id, [{ field: 'title' as const, term: `topic${topicOf.get(p.id)}` }]])));
      if (c < Math.round(CHANNELS * opts.briefingShare)) {
        await service.brief({ platform: 'shell', id: `ch${c}` }, undefined, silentResponder());
        briefings++;
      }
    }
    const paperTokens = [...needed.values()].reduce((n, p) => n + countTokens(`${p.title}\n${p.abstract}`), 0);
    const summaryTokens = emu
      .chatRequests()
      .filter((r) => r.body.messages?.[0]?.content.includes('You summarise research papers'))
      .reduce((n, r) => n + (r.body.messages ?? []).reduce((m, x) => m + countTokens(x.content), 0), 0);
    return {
      ratio: emu.totals.promptTokens / paperTokens,
      summaryRatio: summaryTokens / paperTokens,
      distinct: needed.size,
      slots,
      briefings,
      requests: emu.requests.length,
    };
  } finally {
    await emu.close();
  }
}

async function roundTrips(batchSize: number): Promise<{ cold: number; warm: number }> {
  const emu = await startOpenAiEmulator();
  try {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: emu.baseURL });
    const defaults = { size: 30, time: '08:00', timezone: 'UTC', language: 'en' as const, summaries: false, crosslists: true, replacements: false };
    const store = await openSqlRadarStore('memory://', { defaults });
    const llm = createOpenAiLlmClient({ apiKey: 'sk-bench', baseURL: emu.baseURL, model: 'bench', timeoutMs: 30_000 });
    const service = createBriefingService({ config, store, clock: { now: () => new Date() }, logger: silentLogger(), llm, batchSize });
    const papers = makePapers(3).papers.slice(0, 30);
    await store.papers.putMany(papers);
    await store.subscriptions.add('shell:rt', 'topic');
    await deliveredDigest(store, 'shell:rt', papers.map((p) => p.id), {});
    await service.brief({ platform: 'shell', id: 'rt' }, undefined, silentResponder());
    const cold = emu.requests.length;
    await store.subscriptions.add('shell:rt2', 'other topic');
    await deliveredDigest(store, 'shell:rt2', papers.map((p) => p.id), {});
    await service.brief({ platform: 'shell', id: 'rt2' }, undefined, silentResponder());
    return { cold, warm: emu.requests.length - cold };
  } finally {
    await emu.close();
  }
}

export async function runLlmBench(log: (line: string) => void = () => {}): Promise<LlmBenchResult> {
  log('llm: one day, 50 channels, 20% brief, batch 8, shared cache');
  const day = await runDay({ batchSize: 8, briefingShare: 0.2, sharedCache: true });
  log('llm: every channel briefs');
  const all = await runDay({ batchSize: 8, briefingShare: 1, sharedCache: true });
  log('llm: unbatched summaries');
  const unbatched = await runDay({ batchSize: 1, briefingShare: 0.2, sharedCache: true });
  log('llm: without the shared cache');
  const noCache = await runDay({ batchSize: 8, briefingShare: 0.2, sharedCache: false });
  const rt = await roundTrips(8);
  const rt1 = await roundTrips(1);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    channels: CHANNELS,
    papersPerDay: PAPERS,
    distinctPapersNeeded: day.distinct,
    digestSlots: day.slots,
    overlap: r2(day.slots / day.distinct),
    briefings: day.briefings,
    tokenRatio: r2(day.ratio),
    tokenRatioEveryChannelBriefs: r2(all.ratio),
    summaryStageRatio: r2(day.summaryRatio),
    summaryStageRatioUnbatched: r2(unbatched.summaryRatio),
    tokenRatioWithoutSharedCache: r2(noCache.ratio),
    roundTripsPer30: rt.cold,
    roundTripsPer30Unbatched: rt1.cold,
    roundTripsPer30Warm: rt.warm,
    requests: day.requests,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runLlmBench((l) => process.stderr.write(`${l}\n`)).then((r) => console.log(JSON.stringify(r, null, 2)));
}
