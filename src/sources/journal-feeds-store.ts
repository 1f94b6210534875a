/**
 * Which journal feeds each channel reads, kept in `store.namespace('feeds')`: `channel:<channelKey>` → the
 * channel's feed list, `channels` → every channel key with at least one feed (so the journal source can
 * read them all without scanning). Also the per-feed failure note shown by `/radar source list`.
 */
import type { KeyValueStore, RadarStore } from '../store/ports.js';
import { UserError } from '../errors.js';

export interface ChannelFeed {
  /** The feed URL (catalogue or user-supplied). */
  readonly url: string;
  /** The journal name: the card's source label. */
  readonly name: string;
  /** Catalogue short name, when added by name. */
  readonly key?: string;
  readonly addedAt: string;
  readonly addedBy?: string;
}

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

export function createJournalFeedsStore(store: Pick<RadarStore, 'namespace'>): JournalFeedsStore {
  const kv: KeyValueStore = store.namespace('feeds');
  // One writer at a time inside this process: list updates are read-modify-write.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };
  const list = async (ch: string): Promise<ChannelFeed[]> => (await kv.get<ChannelFeed[]>(`channel:${ch}`)) ?? [];
  const save = async (ch: string, feeds: ChannelFeed[]): Promise<void> => {
    const channels = new Set((await kv.get<string[]>('channels')) ?? []);
    if (feeds.length) {
      await kv.set(`channel:${ch}`, feeds);
      channels.add(ch);
    } else {
      await kv.delete(`channel:${ch}`);
      channels.delete(ch);
    }
    await kv.set('channels', [...channels].sort());
  };
  return {
    list,
    add: (ch, feed) =>
      serial(async () => {
        const current = await list(ch);
        const feeds = current.filter((f) => f.url !== feed.url);
        // checked inside the serial section: two concurrent adds cannot both pass a check made before
        if (feeds.length >= MAX_FEEDS_PER_CHANNEL) throw new UserError('too_many_sources', 'source.tooMany', { limit: MAX_FEEDS_PER_CHANNEL });
        feeds.push(feed);
        await save(ch, feeds);
        return feeds;
      }),
    remove: (ch, target) =>
      serial(async () => {
        const t = target.trim().toLowerCase();
        const feeds = await list(ch);
        const found = feeds.find((f) => f.url.toLowerCase() === t || f.key === t || f.name.toLowerCase() === t);
        if (!found) return undefined;
        await save(ch, feeds.filter((f) => f !== found));
        return found;
      }),
    async all() {
      const out = new Map<string, ChannelFeed[]>();
      for (const ch of (await kv.get<string[]>('channels')) ?? []) {
        const feeds = await list(ch);
        if (feeds.length) out.set(ch, feeds);
      }
      return out;
    },
    setStatus: (url, status) => kv.set(`status:${url}`, status, 90 * 24 * 3600_000),
    status: (url) => kv.get<FeedStatus>(`status:${url}`),
  };
}
