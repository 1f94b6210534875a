/**
 * Which journal feeds each channel reads — the store's `journalFeeds` table — and the per-feed failure note
 * shown by `/radar source list` (`store.namespace('feeds')`, `status:<url>`: the ingest's last word on it).
 */
import type { ChannelFeed, KeyValueStore, RadarStore } from '../store/ports.js';
import { UserError } from '../errors.js';

export type { ChannelFeed } from '../store/ports.js';

export interface FeedStatus {
  readonly at: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly items?: number;
}

/** Most feeds a channel may hold (each is fetched at every ingest). */
export const MAX_FEEDS_PER_CHANNEL = 20;

export interface JournalFeedsStore {
  list(channelKey: string): Promise<ChannelFeed[]>;
  /** Adds (or replaces, by URL) a feed; resolves to the new list. UserError past MAX_FEEDS_PER_CHANNEL. */
  add(channelKey: string, feed: ChannelFeed): Promise<ChannelFeed[]>;
  /** Removes the feed whose URL, catalogue key or name equals `target`; resolves to it, or undefined. */
  remove(channelKey: string, target: string): Promise<ChannelFeed | undefined>;
  /** Every channel's feeds. */
  all(): Promise<Map<string, ChannelFeed[]>>;
  setStatus(url: string, status: FeedStatus): Promise<void>;
  status(url: string): Promise<FeedStatus | undefined>;
}

export function createJournalFeedsStore(store: Pick<RadarStore, 'namespace' | 'journalFeeds'>): JournalFeedsStore {
  const kv: KeyValueStore = store.namespace('feeds');
  const feeds = store.journalFeeds;
  return {
    list: (ch) => feeds.list(ch),
    async add(ch, feed) {
      const list = await feeds.add(ch, feed, MAX_FEEDS_PER_CHANNEL);
      if (!list) throw new UserError('too_many_sources', 'source.tooMany', { limit: MAX_FEEDS_PER_CHANNEL });
      return list;
    },
    async remove(ch, target) {
      const t = target.trim().toLowerCase();
      const found = (await feeds.list(ch)).find((f) => f.url.toLowerCase() === t || f.key === t || f.name.toLowerCase() === t);
      // removed by another at the same moment: the answer is the same (it is gone)
      if (found) await feeds.remove(ch, found.url);
      return found;
    },
    all: () => feeds.all(),
    setStatus: (url, status) => kv.set(`status:${url}`, status, 90 * 24 * 3600_000),
    status: (url) => kv.get<FeedStatus>(`status:${url}`),
  };
}
