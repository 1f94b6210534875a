/**
 * The daily run, measured: for each (channels, store), one child process stores C × 10 subscriptions,
 * starts the radar, ingests one day from the loopback arXiv and runs every channel's scheduled digest
 * (bench/daily-run.ts). Targets (printed, never asserted): ms per channel flat from 1k to 10k channels,
 * compute under a quarter of the platform's minimum delivery time at 10k on SQLite, peak RSS < 1 GB,
 * command answers p99 < 50 ms during the 5k run.
 */
import { runWorker } from './matcher-child.js';
import type { DailyJob, DailyRow } from './daily-run.js';

export interface DailyBenchOptions {
  sizes: number[];
  stores: ('sqlite' | 'postgres' | 'memory')[];
  /** The size during whose digest pass the concurrent commands are fired. */
  commandsAt: number;
  concurrentCommands: number;
  papers: number;
  pgUrl: string;
  sqliteDir?: string;
  log: (line: string) => void;
}

export interface DailyBenchResult {
  daily: DailyRow[];
  commandLatency?: { p50Ms: number; p99Ms: number; concurrent: number; channels: number; store: string; maxLoopDelayMs: number };
  errors: string[];
}

export async function runDailyBench(opts: DailyBenchOptions): Promise<DailyBenchResult> {
  const daily: DailyRow[] = [];
  const errors: string[] = [];
  for (const store of opts.stores) {
    for (const channels of opts.sizes) {
      const job: DailyJob = {
        channels,
        store,
        papers: opts.papers,
        subscriptionsPerChannel: 10,
        seed: 42,
        pgUrl: opts.pgUrl,
        ...(opts.sqliteDir ? { sqliteDir: opts.sqliteDir } : {}),
        ...(channels === opts.commandsAt && store === opts.stores[0] ? { concurrentCommands: opts.concurrentCommands } : {}),
      };
      opts.log(`daily: ${channels} channels × 10 subscriptions on ${store} (child process)`);
      try {
        const row = await runWorker<DailyRow>('./daily-worker.ts', job, opts.log);
        opts.log(`daily row: ${JSON.stringify(row)}`);
        daily.push(row);
      } catch (err) {
        errors.push(`${store} ${channels}: ${(err as Error).message}`);
        opts.log(`daily: ${store} ${channels} failed: ${(err as Error).message}`);
      }
    }
  }
  const withLoad = daily.find((r) => r.commandLatency);
  return {
    daily: daily.map(({ commandLatency: _cl, ...row }) => row as DailyRow),
    ...(withLoad?.commandLatency ? { commandLatency: { ...withLoad.commandLatency, channels: withLoad.channels, store: withLoad.store } } : {}),
    errors,
  };
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const fmt = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

export function renderDaily(r: DailyBenchResult, table: (rows: string[][]) => string, full: boolean): string {
  const rows = [['channels', 'store', 'subs', 'ingest', 'all digests', 'ms/channel p50', 'p95', 'store calls/channel', 'posts', 'computeShare', 'peak RSS']];
  for (const d of r.daily) {
    rows.push([
      String(d.channels), d.store, String(d.subscriptions), fmt(d.ingestMs), fmt(d.digestsMs), d.msPerChannelMedian.toFixed(2),
      d.msPerChannelP95.toFixed(2), d.queriesPerChannel.toFixed(1), String(d.requests), d.computeShare.toFixed(3), `${d.peakRssMb} MB`,
    ]);
  }
  const judged = (ok: boolean) => (full ? verdict(ok) : 'info');
  const lines: string[] = full ? [] : ['(quick run: targets are judged only on the full sizes)'];
  const sqlite = r.daily.filter((d) => d.store === 'sqlite').sort((a, b) => a.channels - b.channels);
  const small = sqlite[0];
  const big = sqlite[sqlite.length - 1];
  if (small && big && big !== small) {
    const ratio = big.msPerChannelMedian / small.msPerChannelMedian;
    lines.push(`${judged(ratio <= 1.2)}  ms/channel at ${big.channels} ≤ 1.2 × at ${small.channels} (median): ${ratio.toFixed(2)}×`);
  }
  if (big) lines.push(`${judged(big.computeShare <= 0.25)}  computeShare ≤ 0.25 at ${big.channels} channels on SQLite: ${big.computeShare.toFixed(3)} (${fmt(big.digestsMs)} of compute for ${big.requests} posts = ${fmt((big.requests / 50) * 1000)} at 50 req/s)`);
  const rss = Math.max(0, ...r.daily.map((d) => d.peakRssMb));
  if (r.daily.length) lines.push(`${judged(rss < 1024)}  peak RSS < 1 GB: ${rss} MB`);
  const cl = r.commandLatency;
  if (cl) lines.push(`${judged(cl.p99Ms < 50)}  ${cl.concurrent} concurrent /radar list|add during the ${cl.channels}-channel run: answer p50 ${cl.p50Ms.toFixed(1)} ms, p99 ${cl.p99Ms.toFixed(1)} ms (< 50 ms); longest event-loop stall ${cl.maxLoopDelayMs.toFixed(1)} ms`);
  for (const e of r.errors) lines.push(`ERROR ${e}`);
  return `${table(rows)}\n\n${lines.join('\n')}`;
}
