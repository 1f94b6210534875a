/**
 * The arXiv RSS listing as a PaperSource. One request per group of categories
 * (`<baseUrl>/cs.AI+cs.LG`), papers deduped on the versionless id across requests.
 *
 * An empty listing on an announcement day is a failure (arXiv's feed not rebuilt yet, or a throttled
 * answer), retried `emptyRetries` times and then reported as a retryable `empty_listing` SourceError.
 * On a weekend or holiday an empty listing is simply `status: 'none'`.
 */
import type { Logger } from 'pino';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import { createArxivCalendar, etDate, type ArxivCalendar } from '../digest/arxiv-calendar.js';
import { SourceError } from '../errors.js';
import type { Paper } from '../papers/paper.js';
import type { FetchResult, PaperSource } from './source.js';
import type { HttpClient } from './http-client.js';
import { parseArxivRss, type ArxivRssListing } from './arxiv-rss.js';
import type { ArxivBackfill } from './arxiv-backfill.js';

export interface ArxivRssSourceOptions {
  /** e.g. `https://rss.arxiv.org/rss` (config ARXIV_RSS_URL); no trailing slash needed. */
  readonly baseUrl: string;
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly calendar?: ArxivCalendar;
  /** Further attempts after an empty listing on an announcement day (default 3). */
  readonly emptyRetries?: number;
  /** Delay between those attempts (default 10 minutes). */
  readonly emptyRetryDelayMs?: number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Longest URL built before categories are split over several requests (default 1,500 chars). */
  readonly maxUrlLength?: number;
  readonly maxBytes?: number;
  readonly logger?: Pick<Logger, 'warn' | 'info' | 'debug'>;
  /** Fetches the listings missed before the one just read (arxiv-backfill.ts); best effort. */
  readonly backfill?: ArxivBackfill;
}

const CATEGORY_RE = /^[a-z][a-z-]*(?:\.[A-Za-z-]+)?$/;

export function createArxivRssSource(options: ArxivRssSourceOptions): PaperSource {
  const calendar = options.calendar ?? createArxivCalendar();
  const emptyRetries = options.emptyRetries ?? 3;
  const emptyRetryDelayMs = options.emptyRetryDelayMs ?? 10 * 60_000;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const base = options.baseUrl.replace(/\/+$/, '');
  const maxUrlLength = options.maxUrlLength ?? 1500;

  async function fetchOnce(groups: string[][], signal?: AbortSignal): Promise<{ papers: Paper[]; listings: ArxivRssListing[] }> {
    const byId = new Map<string, Paper>();
    const listings: ArxivRssListing[] = [];
    for (const group of groups) {
      const url = `${base}/${group.join('+')}`;
      const response = await options.http.get(url, { signal, maxBytes: options.maxBytes });
      const listing = parseArxivRss(response.body, {
        maxBytes: options.maxBytes,
        label: url,
        onSkip: (skipped) => options.logger?.warn({ feed: url, ...skipped }, 'arXiv listing item skipped; the others are kept'),
      });
      if (listing.error) throw new SourceError('feed_error', `arXiv RSS refused ${url}: ${listing.error}`, false);
      listings.push(listing);
      for (const paper of listing.papers) {
        const seen = byId.get(paper.id);
        if (!seen) byId.set(paper.id, paper);
        else if ((paper.version ?? 0) > (seen.version ?? 0)) byId.set(paper.id, paper);
      }
    }
    return { papers: [...byId.values()], listings };
  }

  /**
   * The papers of listings missed before `day`, not already among `papers`, and how to record them once stored;
   * a failure only costs them (logged; asked again at the next ingest).
   */
  async function backfilled(day: string, cats: readonly string[], papers: readonly Paper[], signal?: AbortSignal) {
    if (!options.backfill) return undefined;
    try {
      const seen = new Set(papers.map((p) => p.id));
      const missed = await options.backfill.afterListing(day, cats, signal);
      return { papers: missed.papers.filter((p) => !seen.has(p.id)), record: missed.record };
    } catch (err) {
      options.logger?.warn({ err, listing: day }, 'missed arXiv listings could not be fetched from the API; asked again at the next ingest');
      return undefined;
    }
  }

  return {
    id: 'arxiv-rss',
    async fetchLatest(categories, signal) {
      const cats = normaliseCategories(categories);
      if (cats.length === 0) return { papers: [], status: 'none', note: 'no categories subscribed' };
      const groups = groupByUrlLength(cats, base, maxUrlLength);
      const today = options.clock.now();
      for (let attempt = 0; ; attempt++) {
        const { papers, listings } = await fetchOnce(groups, signal);
        const day = listings.find((l) => l.announced)?.announced;
        const now = options.clock.now();
        if (papers.length > 0) {
          const missed = day ? await backfilled(day, cats, papers, signal) : undefined;
          const found = missed?.papers ?? [];
          const note = day ? listingNote(day, etDate(now)) + (found.length ? `; ${found.length} papers of missed listings from the API` : '') : undefined;
          return { papers: [...papers, ...found], status: 'ok', ...(note ? { note } : {}), ...(missed ? { stored: missed.record } : {}) };
        }
        if (!calendar.isAnnouncementDay(now)) {
          const reason = calendar.noAnnouncementReason(now) ?? etDate(now);
          return { papers: [], status: 'none', note: `no announcement today (${reason})` } satisfies FetchResult;
        }
        if (attempt >= emptyRetries) {
          throw new SourceError(
            'empty_listing',
            `arXiv RSS listing for ${cats.join('+')} was empty on announcement day ${etDate(today)} ` +
              `after ${attempt + 1} attempts; the feed may not be rebuilt yet or the request was throttled — try again later`,
            true,
            { retryAfterMs: emptyRetryDelayMs },
          );
        }
        options.logger?.warn(
          {
            categories: cats,
            attempt: attempt + 1,
            delayMs: emptyRetryDelayMs,
            progress: { key: 'progress.emptyListing', vars: { seconds: Math.ceil(emptyRetryDelayMs / 1000) } },
          },
          'empty arXiv listing on an announcement day; retrying',
        );
        try {
          await sleep(emptyRetryDelayMs, signal);
        } catch (cause) {
          throw new SourceError('aborted', 'arXiv RSS fetch aborted while waiting to retry an empty listing', false, { cause });
        }
      }
    },
  };
}

function listingNote(day: string, today: string): string {
  return day < today ? `listing of ${day} (today is ${today} US Eastern; the feed may not be rebuilt yet)` : `listing of ${day}`;
}

/** Trim, drop invalid names, dedupe and sort, so the same subscription set always maps to the same URL. */
export function normaliseCategories(categories: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of categories) {
    const c = raw.trim();
    if (!c) continue;
    if (!CATEGORY_RE.test(c)) throw new SourceError('bad_category', `Not an arXiv category or archive: "${c}"`, false);
    out.add(c);
  }
  return [...out].sort();
}

/** Split categories into groups whose `<base>/<a+b+…>` URL stays under `maxLength`. */
export function groupByUrlLength(categories: readonly string[], base: string, maxLength: number): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let length = base.length + 1;
  for (const c of categories) {
    const add = (current.length ? 1 : 0) + c.length;
    if (current.length && length + add > maxLength) {
      groups.push(current);
      current = [];
      length = base.length + 1;
    }
    current.push(c);
    length += (current.length > 1 ? 1 : 0) + c.length;
  }
  if (current.length) groups.push(current);
  return groups;
}
