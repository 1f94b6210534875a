/**
 * Ingest as a cluster job: one `ingest:arxiv:<mailing>` job per arXiv announcement cycle, whoever asks first
 * creates it and everyone waits for the same result. The cycle starts at 20:00 US Eastern (when arXiv
 * announces), so every digest between two announcements shares one fetch — unless that fetch could not read
 * a source: then whoever asks 10 minutes later or more runs it again.
 */
import { QueueEvents, type Job, type Queue } from 'bullmq';
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
  /**
   * A cycle's ingest that could not read a source (arXiv down at the first digest of the day) runs again for
   * whoever asks this long after it finished — as one process re-fetches 10 minutes after its last ingest —
   * instead of standing for the whole cycle: the announcement's papers are on the RSS feed only until the next.
   */
  readonly refetchAfterProblemsMs?: number;
}

const REFETCH_AFTER_PROBLEMS_MS = 10 * 60_000;

/**
 * Enqueue-or-join the cycle's ingest job and wait for its result. The callers of one process that ask at once
 * (a worker's concurrent digests) share one wait instead of each adding its listeners to the queue events.
 */
export function createClusterIngest(options: ClusterIngestOptions): { ingest(): Promise<IngestResult> } {
  const waiting = new Map<string, Promise<IngestResult>>();
  const refetchAfter = options.refetchAfterProblemsMs ?? REFETCH_AFTER_PROBLEMS_MS;
  /** The finished job's result reports a source it could not read, long enough ago to ask the source again. */
  function worthRefetching(job: Job): boolean {
    const result = job.returnvalue as IngestResult | null | undefined;
    const problems = result?.problems?.length ?? 0;
    return problems > 0 && job.finishedOn !== undefined && options.clock.now().getTime() - job.finishedOn >= refetchAfter;
  }
  async function enqueueAndWait(key: string): Promise<IngestResult> {
    const id = ingestJobId(key);
    // the cycle's stored job (with its result), or a new one: two processes adding it at once get the same job
    const job = (await options.queue.getJob(id)) ?? (await options.queue.add('ingest', { mailing: key }, { ...jobOptions(options.retry), jobId: id }));
    const state = await job.getState();
    // A job that used up its attempts earlier this cycle is given another round by whoever asks now; so is one
    // that finished without a source. Another process may have sent it round first (then retry throws).
    if (state === 'failed') await job.retry('failed').catch(() => undefined);
    else if (state === 'completed' && worthRefetching(job)) await job.retry('completed').catch(() => undefined);
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
