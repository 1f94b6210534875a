/**
 * One size of the daily bench, run inside its own child process (bench/daily-worker.ts): C channels × 10
 * subscriptions of the bench mix stored in a real store (SQLite file or a fresh PostgreSQL database), the
 * radar started on it through the composition root, one day of papers served by the loopback arXiv
 * emulator, then every channel's scheduled digest, one after the other, handed to an instant adapter.
 *
 * Measured: ingest, the whole digest pass and each channel's share of it, store calls per channel (the
 * counting decorator over the store ports), peak RSS, and — optionally — how fast 100 concurrent
 * `/radar list` / `/radar add` are answered while the digests run.
 */
import { allCommands } from '../commands/index.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startRadar } from '../src/app/start-radar.js';
import type { ChannelRef, ChatAdapter, PostedMessage, Responder } from '../src/chat/ports.js';
import { silentLogger } from '../src/logger.js';
import type { Paper } from '../src/papers/paper.js';
import { oldestDayOf } from '../src/papers/window.js';
import { extractCategories, parseQuery } from '../src/radar/query-parser.js';
import { groupByUrlLength, normaliseCategories } from '../src/sources/arxiv-source.js';
import { countingStore } from '../src/store/counting-store.js';
import { openSqlRadarStore as openRadarStore } from '../src/store/sql/sql-radar-store.js';
import type { ChannelSettings, RadarStore } from '../src/store/ports.js';
import { buildRssListing, startArxivEmulator, type SyntheticPaper } from '../test/emulators/arxiv/arxiv-emulator.js';
import { generateWorkload, type Corpus } from './workload.js';

export interface DailyJob {
  channels: number;
  store: 'sqlite' | 'postgres' | 'memory';
  papers: number;
  subscriptionsPerChannel: number;
  /** Fire this many concurrent commands (half list, half add) once a tenth of the channels are done. */
  concurrentCommands?: number;
  seed: number;
  pgUrl: string;
  /** Directory of the SQLite file (the bench uses tmpfs where there is one: see README, Development). */
  sqliteDir?: string;
  /**
   * Fire every channel's digest at the same moment (as node-cron fires the channels that share a digest time)
   * with this RADAR_DIGEST_CONCURRENCY, instead of one after the other (runAtOnceSize).
   */
  atOnceConcurrency?: number;
}

export interface CommandLatency {
  p50Ms: number;
  p99Ms: number;
  concurrent: number;
  /** Longest event-loop stall seen during the digest pass (monitorEventLoopDelay max). */
  maxLoopDelayMs: number;
  /**
   * Before the burst, from 5 % to 10 % of the run, one command arrives per channel digested (as a team's
   * commands do during a run): how many, the first one's answer (the process's first command: its code runs
   * for the first time) and their p99.
   */
  trickle?: { count: number; firstMs: number; p99Ms: number };
}

export interface DailyRow {
  channels: number;
  store: 'sqlite' | 'postgres' | 'memory';
  subscriptions: number;
  papers: number;
  seedMs: number;
  startMs: number;
  ingestMs: number;
  digestsMs: number;
  msPerChannelMedian: number;
  /** Every run's median, in run order, when the size was run more than once (the row is the lower one's). */
  msPerChannelMedianRuns?: number[];
  msPerChannelP95: number;
  queriesPerChannel: number;
  /** Store calls waited for one after another per channel (StoreCounts.waits): on PostgreSQL, round trips. */
  waitsPerChannel: number;
  itemsPerChannel: number;
  /** Messages handed to the platform (one platform request each). */
  requests: number;
  peakRssMb: number;
  /** digestsMs ÷ the time the platform needs to accept `requests` at 50 requests/s. */
  computeShare: number;
  commandLatency?: CommandLatency;
}

export const DISCORD_REQUESTS_PER_S = 50;
const DAY = '2026-11-23'; // a Monday: an arXiv announcement day
const DEFAULTS: ChannelSettings = { size: 10, time: '09:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };

const now = () => performance.now();
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Posts nothing, answers at once: what is measured is our side of the day. */
class InstantAdapter implements ChatAdapter {
  readonly platform = 'discord' as const;
  posts = 0;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async post(channel: ChannelRef): Promise<PostedMessage[]> {
    this.posts++;
    return [{ id: `m${this.posts}`, channel }];
  }
  async reply(thread: { channel: ChannelRef; id: string }): Promise<PostedMessage[]> {
    return [{ id: 'r', channel: thread.channel, threadId: thread.id }];
  }
}

const toSynthetic = (p: Paper): SyntheticPaper => ({
  id: p.id.replace(/^arxiv:/, ''),
  version: 1,
  title: p.title,
  abstract: p.abstract,
  authors: p.authors.map((a) => a.name),
  categories: p.categories,
  announceType: 'new',
});

/** Every listing URL the RSS source will ask for (the subscribed categories grouped by URL length). */
function serveListings(emu: { rssUrl: string; setListing(cats: string, xml: string): void }, papers: readonly Paper[], categories: readonly string[]): void {
  for (const group of groupByUrlLength(normaliseCategories(categories), emu.rssUrl, 1500)) {
    const wanted = new Set(group);
    const inGroup = papers.filter((p) => p.categories.some((c) => wanted.has(c) || wanted.has(c.split('.')[0]!)));
    emu.setListing(group.join('+'), buildRssListing(inGroup.map(toSynthetic), { categories: group.join('+'), day: DAY }));
  }
}

async function openStore(job: DailyJob): Promise<{ store: RadarStore; url: string; drop(): void }> {
  if (job.store === 'memory') return { store: await openRadarStore('memory://', { defaults: DEFAULTS }), url: 'memory://', drop: () => {} };
  if (job.store === 'sqlite') {
    const dir = mkdtempSync(join(job.sqliteDir ?? tmpdir(), 'radar-daily-'));
    const url = `sqlite://${join(dir, 'radar.sqlite')}`;
    return { store: await openRadarStore(url, { defaults: DEFAULTS }), url, drop: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const db = `bench_daily_${process.pid}_${job.channels}`;
  const admin = new URL(job.pgUrl);
  const psql = (sql: string) => execFileSync('psql', ['-h', admin.hostname, '-p', admin.port || '5432', '-U', admin.username || 'postgres', '-d', 'postgres', '-qc', sql], { env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } });
  psql(`DROP DATABASE IF EXISTS ${db}`);
  psql(`CREATE DATABASE ${db}`);
  const url = new URL(job.pgUrl);
  url.pathname = `/${db}`;
  return { store: await openRadarStore(url.toString(), { defaults: DEFAULTS }), url: url.toString(), drop: () => psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`) };
}

/**
 * A store that has been running for a while: papers of earlier announcement days (about three months of
 * weekdays, before the digest window), so that what a digest asks of the store is asked of a store with
 * history. They are never matched (outside the window), so they are kept small.
 */
const HISTORY_DAYS = 60;

async function storeHistory(store: RadarStore, perDay: number): Promise<number> {
  // the history starts before the digest window (the radar's default RADAR_LOOKBACK_DAYS, 3)
  const windowStart = oldestDayOf(new Date(`${DAY}T12:00:00Z`), 3);
  let day = new Date(`${DAY}T00:00:00Z`);
  let stored = 0;
  for (let d = 0; d < HISTORY_DAYS; ) {
    day = new Date(day.getTime() - 86_400_000);
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const iso = day.toISOString().slice(0, 10);
    if (iso >= windowStart) continue;
    const papers: Paper[] = Array.from({ length: perDay }, (_, i) => ({
      id: `arxiv:h${d}.${i}`,
      version: 1,
      title: `Earlier paper ${i}`,
      abstract: '',
      authors: [],
      categories: ['cs.LG'],
      primaryCategory: 'cs.LG',
      announced: iso,
      sources: [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }],
    }));
    await store.papers.putMany(papers);
    stored += papers.length;
    d++;
  }
  return stored;
}

function trickleOf(latencies: readonly number[]): Pick<CommandLatency, 'trickle'> {
  if (latencies.length === 0) return {};
  const sorted = [...latencies].sort((a, b) => a - b);
  return { trickle: { count: latencies.length, firstMs: round(latencies[0]!), p99Ms: round(quantile(sorted, 0.99)) } };
}

/** 100 concurrent commands; resolves to each one's time to its first answer. */
async function commandBurst(
  handlers: { onCommand(inv: never, r: Responder): Promise<void> },
  channels: readonly string[],
  n: number,
  query: (i: number) => string,
  /** The first command's number: even numbers list, odd ones add. */
  first = 0,
): Promise<number[]> {
  const user = { id: 'bench', name: 'bench', canManage: true };
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const t0 = now();
      let answered = 0;
      const done = () => (answered ||= now() - t0);
      const responder: Responder = {
        reply: async (m) => (done(), [{ id: 'r', channel: { platform: 'discord', id: channels[i % channels.length]! } }]),
        progress: async () => void done(),
        openThread: async () => (done(), { channel: { platform: 'discord', id: 'x' }, id: 't' }),
      };
      const invocation = {
        name: (first + i) % 2 === 0 ? 'list' : 'add',
        options: (first + i) % 2 === 0 ? {} : { query: query(i) },
        channel: { platform: 'discord' as const, id: channels[i % channels.length]! },
        user,
      };
      await handlers.onCommand(invocation as never, responder);
      return answered || now() - t0;
    }),
  );
}

/** A radar on a store with C channels' subscriptions and history, after one day's ingest; `close` tears it down. */
interface PreparedDay {
  readonly radar: Awaited<ReturnType<typeof startRadar>>;
  readonly counting: ReturnType<typeof countingStore>;
  readonly adapter: InstantAdapter;
  readonly firedAt: Date;
  readonly channelIds: readonly string[];
  /** A query string for the i-th command's `/radar add` (not one of the channels' own). */
  readonly commandQuery: (i: number) => string;
  readonly subsN: number;
  readonly seedMs: number;
  readonly startMs: number;
  readonly ingestMs: number;
  close(): Promise<void>;
}

async function prepareDay(job: DailyJob, corpus: Corpus, log: (l: string) => void, env: Record<string, string> = {}): Promise<PreparedDay> {
  const subsN = job.channels * job.subscriptionsPerChannel;
  const w = generateWorkload({ corpus, papers: job.papers, subscriptions: subsN + 200, seed: job.seed });
  const channelIds = Array.from({ length: job.channels }, (_, c) => `c${c}`);
  const opened = await openStore(job);
  const emu = await startArxivEmulator({ day: DAY });
  const drop = async () => {
    await emu.close();
    opened.drop();
  };
  try {
    let t = now();
    // stored 32 channels at a time (each channel's own subscriptions in order, so numbers are 1…10)
    for (let c0 = 0; c0 < job.channels; c0 += 32) {
      await Promise.all(
        channelIds.slice(c0, c0 + 32).map(async (id, k) => {
          const base = (c0 + k) * job.subscriptionsPerChannel;
          for (let j = 0; j < job.subscriptionsPerChannel; j++) await opened.store.subscriptions.add(`discord:${id}`, w.subscriptions[base + j]!.query);
        }),
      );
    }
    const seedMs = now() - t;
    log(`  daily ${job.store} ${job.channels}: ${subsN} subscriptions stored in ${(seedMs / 1000).toFixed(1)} s`);
    t = now();
    const history = await storeHistory(opened.store, job.papers);
    log(`  daily ${job.store} ${job.channels}: ${history} papers of ${HISTORY_DAYS} earlier announcement days stored in ${((now() - t) / 1000).toFixed(1)} s`);
    const cats = new Set(['cs.AI', 'cs.LG', 'cs.CL', 'cs.CV']);
    for (const s of w.subscriptions.slice(0, subsN)) for (const c of extractCategories(parseQuery(s.query))) cats.add(c);
    serveListings(emu, w.papers, [...cats]);

    const counting = countingStore(opened.store);
    const adapter = new InstantAdapter();
    const clock = { now: () => new Date(`${DAY}T12:00:00Z`) };
    t = now();
    const radar = await startRadar({
      env: { RADAR_DB: opened.url, ARXIV_RSS_URL: emu.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', ARXIV_EMPTY_RETRIES: '0', HTTP_RETRIES: '1', LOG_LEVEL: 'silent', ...env },
      commands: allCommands,
      store: counting.store,
      logger: silentLogger(),
      clock,
      scheduler: 'manual',
      catchUp: false,
      adapters: [adapter],
    });
    const startMs = now() - t;
    try {
      t = now();
      const ingest = (await radar.ingestNow()) as { stored: number };
      const ingestMs = now() - t;
      log(`  daily ${job.store} ${job.channels}: radar started in ${(startMs / 1000).toFixed(1)} s, ingest ${ingestMs.toFixed(0)} ms (${ingest.stored} papers)`);
      const close = async () => {
        await radar.stop();
        await drop();
      };
      return { radar, counting, adapter, firedAt: clock.now(), channelIds, commandQuery: (i) => w.subscriptions[subsN + (i % 200)]!.query, subsN, seedMs, startMs, ingestMs, close };
    } catch (err) {
      await radar.stop();
      throw err;
    }
  } catch (err) {
    await drop();
    throw err;
  }
}

export async function runDailySize(job: DailyJob, corpus: Corpus, log: (l: string) => void): Promise<DailyRow> {
  const day = await prepareDay(job, corpus, log);
  const { radar, counting, adapter, firedAt, channelIds, subsN } = day;
  try {
    counting.reset();
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const perChannel: number[] = [];
    let burst: Promise<number[]> | undefined;
    const trickle: Promise<number[]>[] = [];
    const t0 = now();
    // store calls are read before the commands start (they would count theirs too): the first twentieth
    let callsBefore: { calls: number; items: number; waits: number; channels: number } | undefined;
    for (let c = 0; c < job.channels; c++) {
      if (c === Math.floor(job.channels / 20) && c > 0) callsBefore = { ...counting.counts(), channels: c };
      if (job.concurrentCommands && c >= Math.floor(job.channels / 20) && c < Math.floor(job.channels / 10)) {
        // one command now and then, not awaited: it is answered while the run goes on
        const i = trickle.length;
        trickle.push(commandBurst(radar.handlers as never, [channelIds[i % c]!], 1, (k) => day.commandQuery(100 + ((i + k) % 100)), i));
      }
      if (job.concurrentCommands && c === Math.floor(job.channels / 10)) {
        // adds go to channels whose digest already ran today, so the run itself is not changed
        const done = channelIds.slice(0, c);
        burst = commandBurst(radar.handlers as never, done, job.concurrentCommands, day.commandQuery);
      }
      await new Promise((resolve) => setImmediate(resolve)); // each channel is its own scheduled job
      const tc = now();
      await radar.services.digests.runScheduled({ platform: 'discord', id: channelIds[c]! }, firedAt);
      perChannel.push(now() - tc);
    }
    const digestsMs = now() - t0;
    const latencies = burst ? (await burst).sort((a, b) => a - b) : undefined;
    const trickled = (await Promise.all(trickle)).flat();
    loop.disable();
    const counts = callsBefore ?? { ...counting.counts(), channels: job.channels };
    perChannel.sort((a, b) => a - b);
    const platformMs = (adapter.posts / DISCORD_REQUESTS_PER_S) * 1000;
    const row: DailyRow = {
      channels: job.channels,
      store: job.store,
      subscriptions: subsN,
      papers: job.papers,
      seedMs: round(day.seedMs, 0),
      startMs: round(day.startMs, 0),
      ingestMs: round(day.ingestMs, 0),
      digestsMs: round(digestsMs, 0),
      msPerChannelMedian: round(quantile(perChannel, 0.5)),
      msPerChannelP95: round(quantile(perChannel, 0.95)),
      queriesPerChannel: round(counts.calls / counts.channels),
      waitsPerChannel: round(counts.waits / counts.channels),
      itemsPerChannel: round(counts.items / counts.channels),
      requests: adapter.posts,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      computeShare: round(digestsMs / platformMs, 3),
      ...(latencies
        ? { commandLatency: { p50Ms: round(quantile(latencies, 0.5)), p99Ms: round(quantile(latencies, 0.99)), concurrent: latencies.length, maxLoopDelayMs: round(loop.max / 1e6), ...trickleOf(trickled) } }
        : {}),
    };
    log(`  daily ${job.store} ${job.channels}: digests ${(digestsMs / 1000).toFixed(1)} s, ${row.msPerChannelMedian} ms/channel median, ${row.queriesPerChannel} store calls/channel (${row.waitsPerChannel} waits), ${row.requests} posts`);
    return row;
  } finally {
    await day.close();
  }
}

/** The day with every channel's digest fired at the same moment (runAtOnceSize). */
export interface AtOnceRow {
  channels: number;
  store: DailyJob['store'];
  /** RADAR_DIGEST_CONCURRENCY of the run; the channel count means every run started at once (no gate). */
  concurrency: number;
  /** From the firing to the last digest handed over. */
  digestsMs: number;
  requests: number;
  /** digestsMs ÷ the time the platform needs to accept `requests` at 50 requests/s. */
  computeShare: number;
  peakRssMb: number;
  commandLatency: Omit<CommandLatency, 'trickle'>;
}

/**
 * Every channel's scheduled digest fired at once — what node-cron does at 08:00 when the channels keep the
 * default time — and 100 concurrent commands once a tenth of the digests are out (to channels already done).
 */
export async function runAtOnceSize(job: DailyJob & { atOnceConcurrency: number }, corpus: Corpus, log: (l: string) => void): Promise<AtOnceRow> {
  const day = await prepareDay(job, corpus, log, { RADAR_DIGEST_CONCURRENCY: String(job.atOnceConcurrency) });
  const { radar, channelIds } = day;
  try {
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const done: string[] = [];
    let burst: Promise<number[]> | undefined;
    const tenth = Math.max(1, Math.floor(job.channels / 10));
    const t0 = now();
    await Promise.all(
      channelIds.map(async (id) => {
        await radar.services.digests.runScheduled({ platform: 'discord', id }, day.firedAt);
        done.push(id);
        if (done.length === tenth && job.concurrentCommands) burst = commandBurst(radar.handlers as never, [...done], job.concurrentCommands, day.commandQuery);
      }),
    );
    const digestsMs = now() - t0;
    const latencies = burst ? (await burst).sort((a, b) => a - b) : [];
    loop.disable();
    const row: AtOnceRow = {
      channels: job.channels,
      store: job.store,
      concurrency: job.atOnceConcurrency,
      digestsMs: round(digestsMs, 0),
      requests: day.adapter.posts,
      computeShare: round(digestsMs / ((day.adapter.posts / DISCORD_REQUESTS_PER_S) * 1000), 3),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      commandLatency: { p50Ms: round(quantile(latencies, 0.5)), p99Ms: round(quantile(latencies, 0.99)), concurrent: latencies.length, maxLoopDelayMs: round(loop.max / 1e6) },
    };
    log(`  daily ${job.store} ${job.channels} fired at once (${job.atOnceConcurrency} at a time): digests ${(digestsMs / 1000).toFixed(1)} s, commands p99 ${row.commandLatency.p99Ms} ms`);
    return row;
  } finally {
    await day.close();
  }
}
