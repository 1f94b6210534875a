/**
 * How scheduled digests are run: a few at a time, each retried when the store was busy or the platform failed
 * for now. Commands (`/radar digest`, `more`) do not come through here and never wait behind scheduled runs.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { channelKey, type ChannelRef, type Platform } from '../chat/ports.js';
import { DeliveryError, StoreError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * Scheduled digests in flight at once. Every channel keeps the default time unless told otherwise, so node-cron
 * fires thousands of jobs in the same second; all of them at once held every channel's candidates in memory
 * together and queued each command behind thousands of runs' continuations (5,000 channels: commands answered
 * after ~6 s, peak RSS 1.4 GB). A handful in flight already keeps the platforms busy: they, not we, set the pace.
 */
export const DEFAULT_SCHEDULED_CONCURRENCY = 16;
const DEFAULT_RETRY_DELAYS_MS = [2_000, 10_000, 60_000];

/** Failures worth another attempt: the store was busy or the platform failed for now. */
const retryable = (err: unknown): boolean => err instanceof StoreError || (err instanceof DeliveryError && !err.permanent);

export interface ScheduledRunOptions {
  /** Runs in flight at once per platform (default DEFAULT_SCHEDULED_CONCURRENCY); the rest wait, first come first served. */
  readonly concurrency?: number;
  /** Waits between the attempts of a run that failed on the store or a transient delivery error. */
  readonly retryDelaysMs?: readonly number[];
  readonly sleep?: (ms: number) => Promise<void>;
  readonly logger: Logger;
}

type ScheduledRun<T> = (channel: ChannelRef, firedAt: Date) => Promise<T>;

/**
 * Wraps `run` (one channel's scheduled digest) so that it runs gated and retried. Each platform has a gate of
 * its own: runs waiting on one platform's rate limits (Slack's message per second per channel) must not hold
 * back another platform's digests in the same process.
 */
export function scheduledRuns<T>(options: ScheduledRunOptions, run: ScheduledRun<T>): ScheduledRun<T> {
  const gates = new Map<Platform, LimitFunction>();
  const gateOf = (platform: Platform): LimitFunction => {
    let gate = gates.get(platform);
    if (!gate) gates.set(platform, (gate = pLimit(options.concurrency ?? DEFAULT_SCHEDULED_CONCURRENCY)));
    return gate;
  };
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return async (channel, firedAt) => {
    for (let attempt = 0; ; attempt++) {
      try {
        // a retry waits outside the gate: a run sleeping between attempts holds no place another could use
        return await gateOf(channel.platform)(() => run(channel, firedAt));
      } catch (err) {
        if (!retryable(err) || attempt >= delays.length) throw err;
        options.logger.warn({ err, channel: channelKey(channel), attempt: attempt + 1 }, 'scheduled digest failed; retrying');
        await sleep(delays[attempt]!);
      }
    }
  };
}
