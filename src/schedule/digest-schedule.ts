/** Keeps each channel's daily digest job in step with its subscriptions and its time and timezone. */
import { channelFromKey, type Platform } from '../chat/ports.js';
import type { DigestService } from '../services.js';
import type { RadarStore } from '../store/ports.js';
import type { Scheduler } from './scheduler.js';

export interface DigestSchedule {
  /** (Re)schedules the channel's digest at its time, or cancels it when it has no subscriptions left. */
  reschedule(channelKey: string): Promise<void>;
  /**
   * After one of the channel's subscriptions was added or removed: schedules its digest when it got its first,
   * cancels it when the last went. With the in-process census (one process) a change in between touches
   * nothing — the job exists already at the same time — which saves every further `/radar add` a settings
   * read; without it (cluster mode: other processes change subscriptions too) the channel is rescheduled.
   */
  subscriptionsChanged(channelKey: string): Promise<void>;
  /** Schedules every channel that has subscriptions (at start). */
  scheduleAll(): Promise<void>;
}

export function createDigestSchedule(deps: {
  store: RadarStore;
  scheduler: Scheduler;
  digests: DigestService;
  /** Subscriptions per channel, kept in memory (no store read per reschedule, no scan of every channel). */
  census?: { countOf(channelKey: string): number; channels(): string[] };
  /** Digests of a platform without a running adapter are skipped (a Slack channel in a Discord-only process). */
  servesPlatform: (platform: Platform) => boolean;
}): DigestSchedule {
  const { store, scheduler, digests } = deps;
  async function reschedule(key: string): Promise<void> {
    const count = deps.census ? deps.census.countOf(key) : (await store.subscriptions.list(key)).length;
    if (count === 0) {
      await scheduler.cancel(key);
      return;
    }
    const settings = await store.channels.getSettings(key);
    const channel = channelFromKey(key);
    await scheduler.scheduleDaily(key, settings.time, settings.timezone, async (firedAt) => {
      if (!deps.servesPlatform(channel.platform)) return;
      await digests.runScheduled(channel, firedAt);
    });
  }
  return {
    reschedule,
    async subscriptionsChanged(key) {
      const count = deps.census?.countOf(key);
      if (count === undefined || count <= 1) await reschedule(key);
    },
    async scheduleAll() {
      for (const key of deps.census ? deps.census.channels() : await store.subscriptions.channels()) await reschedule(key);
    },
  };
}
