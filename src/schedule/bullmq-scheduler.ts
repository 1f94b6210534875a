/**
 * The Scheduler port over BullMQ job schedulers (cluster mode). `scheduleDaily` upserts the channel's job
 * scheduler (its cron pattern and time zone; the same id from every process, so N processes still make one
 * schedule); `cancel` removes it. The job closure of the port is not used: the tick runs in whichever worker
 * takes it, and that worker's digest handler does the work. `runDue` is the start-up catch-up: it enqueues
 * today's digest job for each channel whose time has passed (its id makes a second enqueue a no-op).
 */
import type { Queue } from 'bullmq';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { localParts } from './local-time.js';
import { dailyPattern, jobOptions, schedulerId, type RetryPolicy } from './bullmq-queues.js';
import type { Scheduler } from './scheduler.js';

/** Enqueues the digest of `channelKey` for the local day of `firedAt` in `timezone`. */
export type EnqueueDigest = (channelKey: string, firedAt: Date, timezone: string) => Promise<void>;

export interface BullmqSchedulerOptions {
  readonly queue: Queue;
  readonly enqueueDigest: EnqueueDigest;
  readonly retry: RetryPolicy;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface BullmqScheduler extends Scheduler {
  /** Removes the job schedulers of channels not in `keep` (their last subscription went while we were away). */
  prune(keep: ReadonlySet<string>): Promise<number>;
}

export function createBullmqScheduler(options: BullmqSchedulerOptions): BullmqScheduler {
  const { queue, clock, logger } = options;
  const entries = new Map<string, { time: string; timezone: string }>();
  return {
    async scheduleDaily(key, time, timezone) {
      entries.set(key, { time, timezone });
      await queue.upsertJobScheduler(
        schedulerId(key),
        { pattern: dailyPattern(time), tz: timezone },
        { name: 'tick', data: { channel: key, timezone }, opts: jobOptions(options.retry) },
      );
    },
    async cancel(key) {
      entries.delete(key);
      await queue.removeJobScheduler(schedulerId(key));
    },
    async runDue() {
      const now = clock.now();
      for (const [key, entry] of entries) {
        if (localParts(now, entry.timezone).time < entry.time) continue;
        try {
          await options.enqueueDigest(key, now, entry.timezone);
        } catch (err) {
          logger.error({ err, channel: key }, 'catch-up digest could not be enqueued');
        }
      }
    },
    async prune(keep) {
      let removed = 0;
      for (const s of await queue.getJobSchedulers()) {
        const key = s.key.startsWith('digest:') ? s.key.slice('digest:'.length) : undefined;
        if (key === undefined || keep.has(key)) continue;
        await queue.removeJobScheduler(s.key);
        removed += 1;
      }
      return removed;
    },
    stop() {},
  };
}
