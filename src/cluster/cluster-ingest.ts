/**
 * Ingest as a cluster job: one `ingest:arxiv:<mailing>` job per arXiv announcement cycle, whoever asks first
 * creates it and everyone waits for the same result. The cycle starts at 20:00 US Eastern (when arXiv
 * announces), so every digest between two announcements shares one fetch.
 */
import { QueueEvents, type Queue } from 'bullmq';
import type { Clock } from '../clock.js';
import { etDate } from '../digest/arxiv-calendar.js';
import { ingestJobId, jobOptions, type RetryPolicy } from '../schedule/bullmq-queues.js';
import type { IngestService } from '../services.js';

/** What an ingest run reports (the core's IngestService result, carried as the job's JSON result). */
export type IngestResult = Awaited<ReturnType<IngestService['ingest']>>;

/** `YYYY-MM-DD` of the announcement cycle `now` belongs to (20:00 ET starts the next one). */
export function mailingKey(now: Date): string {
  return etDate(new Date(now.getTime() + 4 * 3_600_000));
}

export interface ClusterIngestOptions {
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly clock: Clock;
  readonly retry: RetryPolicy;
}

/**
 * Enqueue-or-join the cycle's ingest job and wait for its result. The callers of one process that ask at once
 * (a worker's concurrent digests) share one wait instead of each adding its listeners to the queue events.
 */
export function createClusterIngest(options: ClusterIngestOptions): { ingest(): Promise<IngestResult> } {
  const waiting = new Map<string, Promise<IngestResult>>();
  async function enqueueAndWait(key: string): Promise<IngestResult> {
    const job = await options.queue.add('ingest', { mailing: key }, { ...jobOptions(options.retry), jobId: ingestJobId(key) });
    // A job that used up its attempts earlier this cycle is given another round by whoever asks now.
    if ((await job.getState()) === 'failed') await job.retry('failed').catch(() => undefined);
    const result = (await job.waitUntilFinished(options.events)) as IngestResult;
    // a worker of the previous release reports no problems
    return { ...result, problems: result.problems ?? [] };
  }
  return {
    ingest() {
      const key = mailingKey(options.clock.now());
      let wait = waiting.get(key);
      if (!wait) {
        wait = enqueueAndWait(key).finally(() => waiting.delete(key));
        waiting.set(key, wait);
      }
      return wait;
    },
  };
}
