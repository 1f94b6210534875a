/**
 * The cluster's BullMQ queues and their job options, in one place so every process (gateway, worker,
 * scheduler, `npm run ops`) names them the same way.
 *
 * - `schedule`: one job scheduler per channel (`digest:<channel>`, cron `MM HH * * *` in its time zone)
 *   emits a `tick`; the tick turns into that day's digest job.
 * - `digest-<platform>`: one job per channel and local day, id `digest:<channel>:<day>`, so a day's digest
 *   exists once however many processes fire; the platforms' requests are paced at send time (cluster/request-pacer.ts).
 * - `ingest`: one job per arXiv announcement (`ingest:arxiv:<mailing>`), one at a time cluster-wide, the queue
 *   rate-limited to arXiv's one request per interval after every job.
 */
import type { JobsOptions } from 'bullmq';
import type { Platform } from '../chat/ports.js';

export const SCHEDULE_QUEUE = 'schedule';
export const INGEST_QUEUE = 'ingest';
export const PLATFORMS: readonly Platform[] = ['discord', 'slack', 'shell'];
export const digestQueueName = (platform: Platform): string => `digest-${platform}`;
export const allQueueNames = (): string[] => [SCHEDULE_QUEUE, INGEST_QUEUE, ...PLATFORMS.map(digestQueueName)];

/** Job scheduler id of a channel's daily digest. */
export const schedulerId = (channelKey: string): string => `digest:${channelKey}`;
/**
 * The id that makes a channel's digest happen once per local day: `digest:<channel>:<local-day>`, the
 * channel written `discord-123` (BullMQ accepts a custom id with exactly two colons).
 */
export const digestJobId = (channelKey: string, localDay: string): string => `digest:${channelKey.replace(':', '-')}:${localDay}`;
/** The id of one announcement cycle's ingest. */
export const ingestJobId = (mailing: string): string => `ingest:arxiv:${mailing}`;

export interface RetryPolicy {
  /** Attempts before a job lands in the failed set (`npm run ops -- jobs`). */
  readonly attempts: number;
  /** First backoff; doubles per attempt. */
  readonly backoffMs: number;
}

/**
 * Finished digest jobs are kept for three days: while a job id exists BullMQ refuses a second job with it,
 * which is what makes the day's digest unique even when a late tick or a catch-up fires again.
 */
export function jobOptions(retry: RetryPolicy): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    removeOnComplete: { age: 3 * 86_400 },
    removeOnFail: { age: 14 * 86_400 },
  };
}

/** `cron` pattern of a daily HH:MM. */
export function dailyPattern(time: string): string {
  const [hh, mm] = time.split(':').map(Number);
  return `${mm} ${hh} * * *`;
}
