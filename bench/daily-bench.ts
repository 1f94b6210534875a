/**
 * The daily run, measured: for each (channels, store), one child process stores C × 10 subscriptions and 60
 * earlier days of papers, starts the radar, ingests one day from the loopback arXiv and runs every channel's
 * scheduled digest (bench/daily-run.ts). Targets (printed, never asserted): ms per channel flat from 1k to 10k channels,
 * compute under a quarter of the platform's minimum delivery time at 10k on SQLite, peak RSS < 1 GB,
 * command answers p99 < 50 ms during the 5k run — and during a run whose digests are all fired at the same
 * moment (node-cron at a time the channels share), with the digest gate and, as the baseline, without it.
 */
import { runWorker } from './matcher-child.js';
import type { AtOnceRow, CommandLatency, DailyJob, DailyRow } from './daily-run.js';

export interface DailyBenchOptions {
  sizes: number[];
  stores: ('sqlite' | 'postgres' | 'memory')[];
  /** The size during whose digest pass the concurrent commands are fired. */
  commandsAt: number;
  /**
   * Sizes run a second time on the first store, after every other job (minutes later, in another state of
   * the shared machine): each keeps its run with the lower median ms per channel — the flatness verdict
   * compares the smallest and largest size, and one disturbed stretch of either would decide it otherwise.
   */
  repeatSizes?: number[];
  concurrentCommands: number;
  /**
   * Channels of the runs fired at once (on the first store): one with `gate` digests at a time (the default
   * RADAR_DIGEST_CONCURRENCY), one with every digest started at once (what node-cron does without a gate).
   */
  atOnce?: { channels: number; gate: number };
  papers: number;
  pgUrl: string;
  sqliteDir?: string;
  log: (line: string) => void;
}

export interface DailyBenchResult {
  daily: DailyRow[];
  commandLatency?: CommandLatency & { channels: number; store: string };
  /** The runs fired at once: gated first, then ungated. */
  atOnce?: AtOnceRow[];
  /** The highest peak RSS of every job, repeats included (not the ungated baseline's). */
  peakRssMb?: number;
  errors: string[];
}

export async function runDailyBench(opts: DailyBenchOptions): Promise<DailyBenchResult> {
  const daily: DailyRow[] = [];
  const errors: string[] = [];
  const jobs: DailyJob[] = [];
  for (const store of opts.stores) for (const channels of opts.sizes) jobs.push(jobOf(opts, channels, store));
  for (const channels of opts.repeatSizes ?? []) jobs.push({ ...jobOf(opts, channels, opts.stores[0]!), concurrentCommands: undefined });
  let peakRssMb = 0;
  const atOnce: AtOnceRow[] = [];
  if (opts.atOnce) {
    const { channels, gate } = opts.atOnce;
    // gated on every store; the ungated baseline on the first only (it is the same code on every store)
    const runs = [...opts.stores.map((store) => ({ store, concurrency: gate })), { store: opts.stores[0]!, concurrency: channels }];
    for (const { store, concurrency } of runs) {
      const job = { ...jobOf(opts, channels, store), concurrentCommands: opts.concurrentCommands, atOnceConcurrency: concurrency };
      opts.log(`daily: ${channels} channels' digests fired at once, ${concurrency} at a time, on ${store} (child process)`);
      try {
        const row = await runWorker<AtOnceRow>('./daily-worker.ts', job, opts.log);
        opts.log(`daily at-once row: ${JSON.stringify(row)}`);
        // the ungated run is the baseline, not the radar: its memory is not the radar's peak
        if (concurrency < channels) peakRssMb = Math.max(peakRssMb, row.peakRssMb);
        atOnce.push(row);
      } catch (err) {
        errors.push(`${store} ${channels} at once (${concurrency}): ${(err as Error).message}`);
      }
    }
  }
  for (const job of jobs) {
    opts.log(`daily: ${job.channels} channels × 10 subscriptions on ${job.store} (child process)`);
    try {
      const row = await runWorker<DailyRow>('./daily-worker.ts', job, opts.log);
      opts.log(`daily row: ${JSON.stringify(row)}`);
      peakRssMb = Math.max(peakRssMb, row.peakRssMb);
      keepFaster(daily, row);
    } catch (err) {
      errors.push(`${job.store} ${job.channels}: ${(err as Error).message}`);
      opts.log(`daily: ${job.store} ${job.channels} failed: ${(err as Error).message}`);
    }
  }
  const withLoad = daily.find((r) => r.commandLatency);
  return {
    daily: daily.map(({ commandLatency: _cl, ...row }) => row as DailyRow),
    ...(withLoad?.commandLatency ? { commandLatency: { ...withLoad.commandLatency, channels: withLoad.channels, store: withLoad.store } } : {}),
    ...(atOnce.length ? { atOnce } : {}),
    peakRssMb,
    errors,
  };
}

function jobOf(opts: DailyBenchOptions, channels: number, store: DailyJob['store']): DailyJob {
  return {
    channels,
    store,
    papers: opts.papers,
    subscriptionsPerChannel: 10,
    seed: 42,
    pgUrl: opts.pgUrl,
    ...(opts.sqliteDir ? { sqliteDir: opts.sqliteDir } : {}),
    ...(channels === opts.commandsAt && store === opts.stores[0] ? { concurrentCommands: opts.concurrentCommands } : {}),
  };
}

/**
 * Adds a job's row; a repeated (channels, store) keeps the run with the lower median ms per channel, and
 * lists every run's median (`msPerChannelMedianRuns`). The command latency stays with the run that measured it.
 */
export function keepFaster(daily: DailyRow[], row: DailyRow): void {
  const at = daily.findIndex((d) => d.channels === row.channels && d.store === row.store);
  if (at < 0) {
    daily.push(row);
    return;
  }
  const prev = daily[at]!;
  const runs = [...(prev.msPerChannelMedianRuns ?? [prev.msPerChannelMedian]), row.msPerChannelMedian];
  const kept = row.msPerChannelMedian < prev.msPerChannelMedian ? row : prev;
  const latency = prev.commandLatency ?? row.commandLatency;
  daily[at] = { ...kept, msPerChannelMedianRuns: runs, ...(latency ? { commandLatency: latency } : {}) };
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
/** The kept run's median; with the other runs' in brackets when the size was run more than once. */
const medianCell = (d: DailyRow): string =>
  d.msPerChannelMedianRuns ? `${d.msPerChannelMedian.toFixed(2)} (${d.msPerChannelMedianRuns.map((x) => x.toFixed(2)).join(' / ')})` : d.msPerChannelMedian.toFixed(2);
const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

export function renderDaily(r: DailyBenchResult, table: (rows: string[][]) => string, full: boolean): string {
  const rows = [['channels', 'store', 'subs', 'ingest', 'all digests', 'ms/channel p50', 'p95', 'store calls (waits)/channel', 'posts', 'computeShare', 'peak RSS']];
  for (const d of r.daily) {
    rows.push([
      String(d.channels), d.store, String(d.subscriptions), fmt(d.ingestMs), fmt(d.digestsMs), medianCell(d),
      d.msPerChannelP95.toFixed(2), `${d.queriesPerChannel.toFixed(1)} (${d.waitsPerChannel.toFixed(1)})`, String(d.requests), d.computeShare.toFixed(3), `${d.peakRssMb} MB`,
    ]);
  }
  const judged = (ok: boolean) => (full ? verdict(ok) : 'info');
  const lines: string[] = full ? [] : ['(quick run: targets are judged only on the full sizes)'];
  const sqlite = r.daily.filter((d) => d.store === 'sqlite').sort((a, b) => a.channels - b.channels);
  const small = sqlite[0];
  const big = sqlite[sqlite.length - 1];
  if (small && big && big !== small) {
    const ratio = big.msPerChannelMedian / small.msPerChannelMedian;
    const runs = (d: DailyRow) => (d.msPerChannelMedianRuns ? `, best of ${d.msPerChannelMedianRuns.length} runs each` : '');
    lines.push(`${judged(ratio <= 1.2)}  ms/channel at ${big.channels} ≤ 1.2 × at ${small.channels} (median${runs(big) && runs(small)}): ${ratio.toFixed(2)}×`);
  }
  if (big) lines.push(`${judged(big.computeShare <= 0.25)}  computeShare ≤ 0.25 at ${big.channels} channels on SQLite: ${big.computeShare.toFixed(3)} (${fmt(big.digestsMs)} of compute for ${big.requests} posts = ${fmt((big.requests / 50) * 1000)} at 50 req/s)`);
  const rss = r.peakRssMb ?? Math.max(0, ...r.daily.map((d) => d.peakRssMb));
  if (r.daily.length) lines.push(`${judged(rss < 1024)}  peak RSS < 1 GB: ${rss} MB`);
  const cl = r.commandLatency;
  if (cl) {
    const t = cl.trickle;
    const before = t ? `; before it ${t.count} single commands during the run: the process's first ${t.firstMs.toFixed(1)} ms, p99 ${t.p99Ms.toFixed(1)} ms` : '';
    lines.push(`${judged(cl.p99Ms < 50)}  ${cl.concurrent} concurrent /radar list|add during the ${cl.channels}-channel run: answer p50 ${cl.p50Ms.toFixed(1)} ms, p99 ${cl.p99Ms.toFixed(1)} ms (< 50 ms); longest event-loop stall ${cl.maxLoopDelayMs.toFixed(1)} ms${before}`);
  }
  lines.push(...atOnceLines(r.atOnce ?? [], judged));
  for (const e of r.errors) lines.push(`ERROR ${e}`);
  return `${table(rows)}\n\n${lines.join('\n')}`;
}

/**
 * The at-once runs: the gated SQLite one judged on the command target, the ungated one as its baseline, the
 * other stores' gated runs for their time (the gate's runs overlap their round trips and commits).
 */
function atOnceLines(rows: readonly AtOnceRow[], judged: (ok: boolean) => string): string[] {
  const gatedRuns = rows.filter((r) => r.concurrency < r.channels);
  const gated = gatedRuns[0];
  if (!gated) return [];
  const open = rows.find((r) => r.concurrency >= r.channels && r.store === gated.store);
  const cl = gated.commandLatency;
  const lines = [
    `${judged(cl.p99Ms < 50)}  ${cl.concurrent} concurrent /radar list|add while all ${gated.channels} digests are fired at once on ${gated.store} (${gated.concurrency} at a time): answer p50 ${cl.p50Ms.toFixed(1)} ms, p99 ${cl.p99Ms.toFixed(1)} ms (< 50 ms); all digests out in ${fmt(gated.digestsMs)} (computeShare ${gated.computeShare.toFixed(3)}), peak RSS ${gated.peakRssMb} MB`,
  ];
  if (open) {
    const o = open.commandLatency;
    lines.push(
      `info  baseline, every digest started at once (no gate): answer p50 ${o.p50Ms.toFixed(1)} ms, p99 ${o.p99Ms.toFixed(1)} ms (${(o.p99Ms / Math.max(cl.p99Ms, 0.1)).toFixed(0)}× the gated p99); all digests out in ${fmt(open.digestsMs)} (${(open.digestsMs / gated.digestsMs).toFixed(2)}×), peak RSS ${open.peakRssMb} MB (${(open.peakRssMb / gated.peakRssMb).toFixed(2)}×)`,
    );
  }
  for (const r of gatedRuns.slice(1)) {
    lines.push(
      `info  fired at once on ${r.store} (${r.concurrency} at a time): all ${r.channels} digests out in ${fmt(r.digestsMs)} (computeShare ${r.computeShare.toFixed(3)}), commands p99 ${r.commandLatency.p99Ms.toFixed(1)} ms, peak RSS ${r.peakRssMb} MB`,
    );
  }
  return lines;
}
