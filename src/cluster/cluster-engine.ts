/**
 * The BullMQ job engine of cluster mode (`RADAR_DB=postgres://…` + `REDIS_URL`): queues, the per-channel
 * job schedulers, and — in a worker process — the workers, and the cluster-wide request pacers. Built once by the
 * composition root; any number of identical processes share it through Redis.
 */
import { Queue, QueueEvents, Worker, type Job, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { channelFromKey, type Platform, type RequestPacer } from '../chat/ports.js';
import { localParts } from '../schedule/local-time.js';
import {
  INGEST_QUEUE, PLATFORMS, SCHEDULE_QUEUE, digestJobId, digestQueueName, jobOptions, type RetryPolicy,
} from '../schedule/bullmq-queues.js';
import { createBullmqScheduler, type BullmqScheduler } from '../schedule/bullmq-scheduler.js';
import { createClusterIngest, type IngestResult } from './cluster-ingest.js';
import { assertRedisReachable, createBullConnection } from './redis.js';
import { createRedisPacer } from './request-pacer.js';

export interface ClusterEngineOptions {
  readonly redisUrl: string;
  /** Key prefix of every queue (tests use a unique one). */
  readonly prefix: string;
  readonly retry: RetryPolicy;
  /** Requests per second each platform's client may send, paced cluster-wide at send time (see request-pacer). */
  readonly pacing?: Readonly<Partial<Record<Platform, number>>>;
  /** arXiv's interval between requests, enforced on the ingest queue for the whole cluster. */
  readonly arxivIntervalMs: number;
  /** How long after an ingest that could not read a source it is run again on demand (default 10 minutes). */
  readonly ingestRefetchMs?: number;
  /** Digest jobs one worker runs at once (the pacer, not this, bounds the request rate). */
  readonly concurrency?: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** What a worker does with a job; built by the composition root from the core's services. */
export interface ClusterHandlers {
  digest(channelKey: string, firedAt: Date): Promise<unknown>;
  ingest(): Promise<IngestResult>;
}

export interface ClusterEngine {
  readonly scheduler: BullmqScheduler;
  /** Enqueue-or-join the current announcement's ingest job (usable from any role). */
  readonly ingest: { ingest(): Promise<IngestResult> };
  enqueueDigest(channelKey: string, firedAt: Date, timezone: string): Promise<void>;
  /** The cluster-wide pacer of a platform's requests, when that platform is paced. */
  pacer(platform: Platform): RequestPacer | undefined;
  /** Starts the workers for ticks, ingest and the digests of `platforms` (the ones this process can post to). */
  startWorkers(handlers: ClusterHandlers, platforms: readonly Platform[]): Promise<void>;
  close(): Promise<void>;
}

/** @throws RedisUnavailableError when Redis does not answer (a clear message, not a reconnect loop). */
export async function createClusterEngine(options: ClusterEngineOptions): Promise<ClusterEngine> {
  await assertRedisReachable(options.redisUrl);
  const { prefix, logger } = options;
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const c = createBullConnection(options.redisUrl);
    c.on('error', (err) => logger.warn({ reason: err.message }, 'redis connection problem; retrying'));
    connections.push(c);
    return c;
  };
  const shared = connect();
  const queueOf = (name: string): Queue => {
    const q = new Queue(name, { connection: shared, prefix, defaultJobOptions: jobOptions(options.retry) });
    q.on('error', () => undefined); // the connection's own listener logs the problem once
    return q;
  };
  const scheduleQueue = queueOf(SCHEDULE_QUEUE);
  const ingestQueue = queueOf(INGEST_QUEUE);
  const digestQueues = new Map(PLATFORMS.map((p) => [p, queueOf(digestQueueName(p))]));
  const ingestEvents = new QueueEvents(INGEST_QUEUE, { connection: connect(), prefix });
  ingestEvents.on('error', () => undefined); // the connection's own listener logs
  const workers: Worker[] = [];
  const pacers = new Map<Platform, RequestPacer>();
  for (const [platform, perSecond] of Object.entries(options.pacing ?? {}) as [Platform, number][]) {
    pacers.set(platform, createRedisPacer(shared, `${prefix}:pace:${platform}`, perSecond));
  }

  async function enqueueDigest(channelKey: string, firedAt: Date, timezone: string): Promise<void> {
    const day = localParts(firedAt, timezone).day;
    const queue = digestQueues.get(channelFromKey(channelKey).platform)!;
    await queue.add('digest', { channel: channelKey, firedAt: firedAt.toISOString() }, { jobId: digestJobId(channelKey, day) });
  }

  const scheduler = createBullmqScheduler({ queue: scheduleQueue, enqueueDigest, retry: options.retry, clock: options.clock, logger });
  const ingest = createClusterIngest({
    queue: ingestQueue, events: ingestEvents, clock: options.clock, retry: options.retry,
    ...(options.ingestRefetchMs !== undefined ? { refetchAfterProblemsMs: options.ingestRefetchMs } : {}),
  });

  function worker(name: string, run: (job: Job) => Promise<unknown>, extra: Partial<WorkerOptions> = {}): Worker {
    const w = new Worker(name, run, { connection: connect(), prefix, concurrency: 1, ...extra });
    w.on('failed', (job, err) =>
      logger.error({ queue: name, job: job?.id, attempt: job?.attemptsMade, reason: err.message }, 'job failed; BullMQ retries it with backoff'),
    );
    w.on('error', (err) => logger.warn({ queue: name, reason: err.message }, 'worker problem'));
    workers.push(w);
    return w;
  }

  return {
    scheduler,
    ingest,
    enqueueDigest,
    pacer: (platform) => pacers.get(platform),
    async startWorkers(handlers, platforms) {
      await ingestQueue.setGlobalConcurrency(1);
      // BullMQ checks the limiter key only when the queue has a rate limit (`max`), so the queue gets one: one ingest
      // start per arXiv interval anywhere in the cluster. Without it the `rateLimit` below would delay nothing.
      if (options.arxivIntervalMs > 0) await ingestQueue.setGlobalRateLimit(1, options.arxivIntervalMs);
      worker(SCHEDULE_QUEUE, async (job) => {
        const { channel, timezone } = job.data as { channel: string; timezone: string };
        await enqueueDigest(channel, new Date(job.opts.prevMillis ?? job.timestamp), timezone);
      }, { concurrency: 5 });
      worker(INGEST_QUEUE, async () => {
        try {
          return await handlers.ingest();
        } finally {
          // The next ingest attempt anywhere in the cluster (a retry of this one included) waits arXiv's interval
          // after this one's last request, not only after its start.
          if (options.arxivIntervalMs > 0) await ingestQueue.rateLimit(options.arxivIntervalMs);
        }
      });
      for (const platform of platforms) {
        worker(digestQueueName(platform), async (job) => {
          const { channel, firedAt } = job.data as { channel: string; firedAt: string };
          return handlers.digest(channel, new Date(firedAt));
        }, { concurrency: options.concurrency ?? 20 });
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },
    async close() {
      await Promise.allSettled(workers.map((w) => w.close()));
      await Promise.allSettled([ingestEvents.close(), scheduleQueue.close(), ingestQueue.close(), ...[...digestQueues.values()].map((q) => q.close())]);
      for (const c of connections) c.disconnect();
    },
  };
}
