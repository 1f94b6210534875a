/**
 * The BullMQ job engine against the real local Redis: several engines on one prefix stand for several
 * processes. Job schedulers are upserted/removed, a day's digest runs once however often it is enqueued,
 * ingest is one job for everybody, failures retry and land in the failed set that `ops` shows and retries.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { systemClock } from '../../src/clock.js';
import { createClusterEngine, type ClusterEngine, type ClusterEngineOptions } from '../../src/cluster/cluster-engine.js';
import { formatReport, jobsReport, retryFailed } from '../../src/cluster/ops.js';
import { RedisUnavailableError, createBullConnection } from '../../src/cluster/redis.js';
import { silentLogger } from '../../src/logger.js';
import { SCHEDULE_QUEUE, digestQueueName } from '../../src/schedule/bullmq-queues.js';
import { REDIS_URL, dropPrefix, freePort, uniquePrefix } from './helpers.js';

const engines: ClusterEngine[] = [];
const prefixes: string[] = [];

async function engine(prefix: string, over: Partial<ClusterEngineOptions> = {}): Promise<ClusterEngine> {
  const e = await createClusterEngine({
    redisUrl: REDIS_URL, prefix, retry: { attempts: 2, backoffMs: 50 },
    arxivIntervalMs: 200, clock: systemClock, logger: silentLogger(), ...over,
  });
  engines.push(e);
  return e;
}

function newPrefix(name: string): string {
  const p = uniquePrefix(name);
  prefixes.push(p);
  return p;
}

afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
  await Promise.all(prefixes.splice(0).map((p) => dropPrefix(p)));
});

/** Polls until `check` holds (the vitest timeout bounds it). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe('cluster job engine', () => {
  it('keeps one job scheduler per channel: upserted with its cron and zone, updated, removed', async () => {
    const prefix = newPrefix('sched');
    const [a, b] = [await engine(prefix), await engine(prefix)];
    await a.scheduler.scheduleDaily('discord:1', '08:30', 'Europe/Berlin', async () => {});
    await b.scheduler.scheduleDaily('discord:1', '08:30', 'Europe/Berlin', async () => {}); // a second process
    await b.scheduler.scheduleDaily('slack:C2', '07:00', 'Asia/Shanghai', async () => {});
    const q = new Queue(SCHEDULE_QUEUE, { connection: createBullConnection(REDIS_URL), prefix });
    const list = async () => (await q.getJobSchedulers()).map((s) => [s.key, s.pattern, s.tz]).sort();
    expect(await list()).toEqual([['digest:discord:1', '30 8 * * *', 'Europe/Berlin'], ['digest:slack:C2', '0 7 * * *', 'Asia/Shanghai']]);
    await a.scheduler.scheduleDaily('discord:1', '09:15', 'UTC', async () => {}); // settings changed
    expect(await list()).toEqual([['digest:discord:1', '15 9 * * *', 'UTC'], ['digest:slack:C2', '0 7 * * *', 'Asia/Shanghai']]);
    await a.scheduler.cancel('discord:1'); // last subscription removed
    expect(await a.scheduler.prune(new Set())).toBe(1);
    expect(await list()).toEqual([]);
    await q.close();
  });

  it('runs a channel-day digest once however many processes enqueue it', async () => {
    const prefix = newPrefix('once');
    const runs: string[] = [];
    const es = [await engine(prefix), await engine(prefix), await engine(prefix)];
    for (const e of es) {
      await e.startWorkers({ digest: async (key) => void runs.push(key), ingest: async () => ({ stored: 0, status: 'ok', notes: [], problems: [] }) }, ['discord']);
    }
    const at = new Date('2026-11-30T07:00:00Z');
    await Promise.all(es.flatMap((e) => ['discord:1', 'discord:2'].map((k) => e.enqueueDigest(k, at, 'Europe/Berlin'))));
    await until(() => runs.length >= 2);
    await es[0]!.enqueueDigest('discord:1', new Date('2026-11-30T20:00:00Z'), 'Europe/Berlin'); // same local day, later
    await es[1]!.enqueueDigest('discord:1', new Date('2026-11-30T23:30:00Z'), 'Europe/Berlin'); // next local day
    await until(() => runs.length >= 3);
    const q = new Queue(digestQueueName('discord'), { connection: createBullConnection(REDIS_URL), prefix });
    let counts = await q.getJobCounts('completed', 'waiting', 'active', 'delayed');
    while (counts.completed! < 3 || counts.waiting! + counts.active! + counts.delayed! > 0) counts = await q.getJobCounts('completed', 'waiting', 'active', 'delayed');
    expect(counts.completed).toBe(3);
    expect(runs.sort()).toEqual(['discord:1', 'discord:1', 'discord:2']);
    await q.close();
  });

  it('makes ingest one job that every process waits for', async () => {
    const prefix = newPrefix('ingest');
    let calls = 0;
    const es = [await engine(prefix), await engine(prefix), await engine(prefix)];
    for (const e of es) {
      await e.startWorkers({
        digest: async () => undefined,
        ingest: async () => {
          calls += 1;
          await new Promise((r) => setTimeout(r, 100));
          return { stored: 7, status: 'ok', notes: [], problems: [] };
        },
      }, []);
    }
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.message);
    process.on('warning', onWarning);
    // A worker's 20 concurrent digests ask at once: one process's callers share a wait (no listener pile-up).
    const results = await Promise.all(es.flatMap((e) => Array.from({ length: 20 }, () => e.ingest.ingest())));
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(calls).toBe(1);
    expect(results.every((r) => r.stored === 7)).toBe(true);
    expect(warnings.filter((m) => m.includes('MaxListeners'))).toEqual([]);
  });

  it('spaces an ingest retry in another process by arXiv interval after the failed attempt', async () => {
    const prefix = newPrefix('ingest-retry');
    const interval = 1_500; // far above the retry backoff (50 ms) and a worker's start-up
    const attempts: { process: string; start: number; end: number }[] = [];
    const handlers = (process: string) => ({
      digest: async () => undefined,
      ingest: async () => {
        const start = Date.now();
        try {
          if (attempts.length === 0) throw new Error('arXiv said 503');
          return { stored: 3, status: 'ok' as const, notes: [], problems: [] };
        } finally {
          attempts.push({ process, start, end: Date.now() });
        }
      },
    });
    const [a, b] = [await engine(prefix, { arxivIntervalMs: interval }), await engine(prefix, { arxivIntervalMs: interval })];
    await a.startWorkers(handlers('a'), []);
    const result = b.ingest.ingest(); // b only enqueues and waits, like a process without workers yet
    await until(() => attempts.length === 1);
    await a.close(); // the process that failed goes away; the retry is due after 50 ms of backoff
    engines.splice(engines.indexOf(a), 1);
    await b.startWorkers(handlers('b'), []);
    expect((await result).stored).toBe(3);
    expect(attempts.map((t) => t.process)).toEqual(['a', 'b']);
    expect(attempts[1]!.start - attempts[0]!.end).toBeGreaterThanOrEqual(interval - 5); // Redis' clock against ours
  });

  it('runs the cycle\'s ingest again, once, when it could not read a source and has aged past the refetch time', async () => {
    const prefix = newPrefix('ingest-refetch');
    let runs = 0;
    const handlers = {
      digest: async () => undefined,
      ingest: async () => {
        runs += 1;
        // the first run finds arXiv down; the next one reads it
        return runs === 1
          ? { stored: 0, status: 'ok' as const, notes: ['arxiv-rss failed: 503'], problems: [{ source: 'arxiv-rss', kind: 'failed' as const, code: 'http_status' }] }
          : { stored: 5, status: 'ok' as const, notes: [], problems: [] };
      },
    };
    const es = [await engine(prefix, { ingestRefetchMs: 300 }), await engine(prefix, { ingestRefetchMs: 300 })];
    for (const e of es) await e.startWorkers(handlers, []);
    expect((await es[0]!.ingest.ingest()).problems).toHaveLength(1);
    expect((await es[1]!.ingest.ingest()).stored).toBe(0); // within the refetch time: the cycle's result stands
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 350));
    // both processes ask at once: one of them sends the job round again, both get the new result
    const again = await Promise.all(es.map((e) => e.ingest.ingest()));
    expect(again.map((r) => r.stored)).toEqual([5, 5]);
    expect(runs).toBe(2);
    await new Promise((r) => setTimeout(r, 350));
    expect((await es[0]!.ingest.ingest()).stored).toBe(5); // a clean result stands for the rest of the cycle
    expect(runs).toBe(2);
  });

  it('retries a failing job with backoff, then keeps it in the failed set that ops shows and retries', async () => {
    const prefix = newPrefix('fail');
    let attempts = 0;
    let healthy = false;
    const e = await engine(prefix);
    await e.startWorkers({
      digest: async () => {
        attempts += 1;
        if (!healthy) throw new Error('discord said 503');
      },
      ingest: async () => ({ stored: 0, status: 'ok', notes: [], problems: [] }),
    }, ['discord']);
    await e.enqueueDigest('discord:9', new Date(), 'UTC');
    let report = await jobsReport(REDIS_URL, prefix);
    while ((report.find((r) => r.queue === 'digest-discord')?.counts.failed ?? 0) === 0) report = await jobsReport(REDIS_URL, prefix);
    expect(attempts).toBe(2);
    const failed = report.find((r) => r.queue === 'digest-discord')!.failed;
    expect(failed[0]!.failedReason).toBe('discord said 503');
    expect(formatReport(report)).toMatch(/digest-discord digest:discord-9:\d{4}-\d\d-\d\d \(2 attempts, .*\): discord said 503/);
    healthy = true;
    expect(await retryFailed(REDIS_URL, prefix)).toBe(1);
    await until(() => attempts === 3);
    report = await jobsReport(REDIS_URL, prefix);
    while ((report.find((r) => r.queue === 'digest-discord')?.counts.completed ?? 0) === 0) report = await jobsReport(REDIS_URL, prefix);
    expect(report.find((r) => r.queue === 'digest-discord')!.counts.failed).toBe(0);
  });

  it('says clearly when Redis is not there at start', async () => {
    const port = await freePort();
    const err = await createClusterEngine({
      redisUrl: `redis://127.0.0.1:${port}`, prefix: 'x', retry: { attempts: 1, backoffMs: 10 }, arxivIntervalMs: 0,
      clock: systemClock, logger: silentLogger(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect((err as Error).message).toContain(`Cannot reach Redis at redis://127.0.0.1:${port}`);
    expect((err as Error).message).toContain('REDIS_URL');
  });
});
