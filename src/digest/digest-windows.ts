/**
 * The windows of papers digests are made from: the stored announcement days of the last `span` days, read once
 * and shared by every channel until the papers change, with their topic hits. One window per span — the
 * deployment's look-back for most channels, longer for a channel whose digest skips days (weekly) or missed
 * some (see digest-days.ts) — each in its own slot of the match index.
 */
import type { Clock } from '../clock.js';
import { storedDaysKey, windowDayCounts } from '../papers/window.js';
import { localParts } from '../schedule/local-time.js';
import type { ChannelSettings, RadarStore } from '../store/ports.js';
import { topicLeavesOfSubscriptions } from '../topics/topic-matching.js';
import type { TopicService } from '../topics/topic-service.js';
import { digestSpanDays } from './digest-days.js';
import type { PaperWindow } from './match-cache.js';

/** A paper window with the announcement days it covers (the browse view shows them). */
export type DayWindow = PaperWindow & { readonly days: readonly string[] };

/** A scheduled digest's local day, and the day of the channel's last scheduled digest that went out. */
export interface ScheduledDay {
  readonly day: string;
  readonly lastDay?: string;
}

export interface DigestWindows {
  /** The window of the channel's digest: today's (its local day), or a scheduled one's. */
  forChannel(settings: ChannelSettings, scheduled?: ScheduledDay): Promise<DayWindow>;
}

export function createDigestWindows(deps: { store: RadarStore; clock: Clock; lookbackDays: number; topics?: TopicService }): DigestWindows {
  const { store, clock } = deps;
  const cache = new Map<number, { key: string; window: Promise<DayWindow> }>();

  /** How many days back the channel's digest looks (see digestSpanDays). */
  function spanOf(settings: ChannelSettings, scheduled?: ScheduledDay): number {
    const today = localParts(clock.now(), settings.timezone).day;
    return digestSpanDays(settings.days, scheduled?.day ?? today, deps.lookbackDays, today, scheduled?.lastDay);
  }

  /** The window with its topic hits: every subscription's topic leaves, one computation for all channels. */
  async function withTopics(span: number): Promise<DayWindow> {
    const base = await stored(span);
    if (!deps.topics) return base;
    const leaves = topicLeavesOfSubscriptions(await store.subscriptions.listAll());
    if (leaves.length === 0) return base;
    const topics = await deps.topics.hits(base.papers, leaves);
    return { ...base, key: `${base.key}|topics:${topics.key ?? ''}`, topics };
  }

  async function stored(span: number): Promise<DayWindow> {
    // Keyed by the papers per day too: in cluster mode another process's ingest adds to a day we cached.
    const { days, counts } = await windowDayCounts(store.papers, clock.now(), span);
    const key = storedDaysKey(counts, days, store.papers.changes());
    const slot = span === deps.lookbackDays ? undefined : `span:${span}`;
    let cached = cache.get(span);
    if (cached?.key !== key) {
      const window = store.papers.listByDays(days).then((papers) => ({ key, papers, days, ...(slot ? { slot } : {}) }));
      cached = { key, window };
      cache.set(span, cached);
      window.catch(() => {
        if (cache.get(span)?.window === window) cache.delete(span);
      });
    }
    return cached.window;
  }

  return { forChannel: (settings, scheduled) => withTopics(spanOf(settings, scheduled)) };
}
