/**
 * The journal source: reads every channel's journal feeds (`/radar source add …`) through the SSRF-safe
 * fetch, parses them with the hardened XML parser and returns their items as Papers. One bad feed (too
 * large, malformed, an entity bomb, unreachable, refused) is logged and noted, never fatal: the other
 * feeds and the other sources still get stored.
 */
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Paper } from '../papers/paper.js';
import type { RadarStore } from '../store/ports.js';
import type { FetchResult, PaperSource } from './source.js';
import type { SafeFetch } from './safe-fetch.js';
import { parseJournalFeed } from './journal-feed.js';
import { createJournalFeedsStore, type ChannelFeed, type JournalFeedsStore } from './journal-feeds-store.js';

export interface JournalSourceOptions {
  readonly store: Pick<RadarStore, 'namespace' | 'journalFeeds'>;
  readonly safeFetch: SafeFetch;
  readonly clock?: Clock;
  readonly logger?: Pick<Logger, 'warn' | 'info'>;
  /** Feeds fetched at once. Default 3 (polite to publishers, light on the 2 shared cores). */
  readonly concurrency?: number;
  /** XML size cap; keep equal to the safe fetch's byte cap (`RADAR_FEED_MAX_BYTES`). */
  readonly maxBytes?: number;
}

/** Journal PaperSource plus a per-URL reader used by `/radar source add` to probe a custom feed. */
export interface JournalSource extends PaperSource {
  readonly feeds: JournalFeedsStore;
  /** Fetch and parse one feed. Throws SourceError (unsafe_url, too_large, xml_*, feed_http, …). */
  readFeed(url: string, name?: string, signal?: AbortSignal): Promise<{ title: string; items: Paper[] }>;
}

export function createJournalSource(options: JournalSourceOptions): JournalSource {
  const feeds = createJournalFeedsStore(options.store);
  const clock = options.clock ?? systemClock;
  const concurrency = Math.max(1, options.concurrency ?? 3);

  async function readFeed(url: string, name?: string, signal?: AbortSignal): Promise<{ title: string; items: Paper[] }> {
    const res = await options.safeFetch(url, { signal });
    const feed = parseJournalFeed(res.body, {
      label: url,
      journal: name,
      maxBytes: options.maxBytes,
      today: clock.now().toISOString().slice(0, 10),
      onSkip: (skipped) => options.logger?.warn({ feed: url, ...skipped }, 'journal feed item skipped; the others are kept'),
    });
    return { title: feed.title, items: feed.items };
  }

  return {
    id: 'journal',
    feeds,
    readFeed,
    async fetchLatest(_categories, signal): Promise<FetchResult> {
      // One fetch per distinct URL, however many channels read it; the first name given wins.
      const byUrl = new Map<string, ChannelFeed>();
      for (const list of (await feeds.all()).values()) for (const f of list) if (!byUrl.has(f.url)) byUrl.set(f.url, f);
      const queue = [...byUrl.values()].sort((a, b) => a.url.localeCompare(b.url));
      const papers: Paper[] = [];
      const notes: string[] = [];
      const worker = async (): Promise<void> => {
        for (let feed = queue.shift(); feed; feed = queue.shift()) {
          const at = clock.now().toISOString();
          try {
            const { items } = await readFeed(feed.url, feed.name, signal);
            papers.push(...items);
            await feeds.setStatus(feed.url, { at, ok: true, items: items.length });
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            notes.push(`${feed.name}: ${message}`);
            options.logger?.warn({ feed: feed.url, err: message }, 'journal feed failed');
            await feeds.setStatus(feed.url, { at, ok: false, error: message });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
      // Deterministic order whatever finished first.
      papers.sort((a, b) => a.id.localeCompare(b.id));
      return { papers, status: 'ok', ...(notes.length ? { note: notes.join('; ') } : {}) };
    },
  };
}
