import { describe, expect, it } from 'vitest';
import { createArxivRssSource, groupByUrlLength, normaliseCategories } from '../../src/sources/arxiv-source.js';
import type { HttpClient } from '../../src/sources/http-client.js';
import { buildRssErrorFeed, buildRssListing, syntheticPapers } from '../emulators/arxiv/feed-builders.js';
import { SourceError } from '../../src/errors.js';

const monday = { now: () => new Date('2026-04-27T12:00:00Z') };
const saturday = { now: () => new Date('2026-04-25T12:00:00Z') };

function fakeHttp(answer: (url: string) => string) {
  const urls: string[] = [];
  const http: HttpClient = {
    async get(url) {
      urls.push(url);
      return { status: 200, body: answer(url), headers: new Headers(), notModified: false, url };
    },
  };
  return { http, urls };
}

describe('arXiv RSS source', () => {
  it('builds one sorted, deduped URL and returns papers', async () => {
    const papers = syntheticPapers(5, ['cs.AI', 'cs.LG']);
    const { http, urls } = fakeHttp(() => buildRssListing(papers, { categories: 'cs.AI+cs.LG' }));
    const source = createArxivRssSource({ baseUrl: 'https://rss.arxiv.org/rss/', http, clock: monday });
    const result = await source.fetchLatest([' cs.LG', 'cs.AI', 'cs.LG']);
    expect(urls).toEqual(['https://rss.arxiv.org/rss/cs.AI+cs.LG']);
    expect(result.status).toBe('ok');
    expect(result.papers.map((p) => p.id)).toEqual(papers.map((p) => `arxiv:${p.id}`));
    expect(result.papers[0]!.announced).toBe('2026-04-27');
    expect(result.note).toBe('listing of 2026-04-27');
  });

  it('splits very long URLs and dedupes papers across requests by versionless id', async () => {
    const cats = Array.from({ length: 40 }, (_, i) => `cs.X${String.fromCharCode(65 + (i % 26))}${i}`.replace(/\d/g, (d) => String.fromCharCode(97 + Number(d))));
    const shared = syntheticPapers(3);
    const { http, urls } = fakeHttp(() => buildRssListing(shared));
    const source = createArxivRssSource({ baseUrl: 'https://rss.arxiv.org/rss', http, clock: monday, maxUrlLength: 120 });
    const result = await source.fetchLatest(cats);
    expect(urls.length).toBeGreaterThan(1);
    for (const u of urls) expect(u.length).toBeLessThanOrEqual(120);
    expect(result.papers).toHaveLength(3);
  });

  it('turns the bad-archive error feed into a clear feed_error', async () => {
    const { http } = fakeHttp(() => buildRssErrorFeed('astroph'));
    const source = createArxivRssSource({ baseUrl: 'http://x/rss', http, clock: monday });
    const error = await source.fetchLatest(['astroph']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ code: 'feed_error', retryable: false });
    expect((error as Error).message).toContain("Bad archive 'astroph'");
  });

  it('retries an empty announcement-day listing, then gives up with empty_listing', async () => {
    const { http, urls } = fakeHttp(() => buildRssListing([]));
    const sleeps: number[] = [];
    const source = createArxivRssSource({
      baseUrl: 'http://x/rss',
      http,
      clock: monday,
      emptyRetries: 2,
      emptyRetryDelayMs: 60_000,
      sleep: async (ms) => void sleeps.push(ms),
    });
    const error = await source.fetchLatest(['cs.LG']).catch((e: unknown) => e);
    expect(urls).toHaveLength(3);
    expect(sleeps).toEqual([60_000, 60_000]);
    expect(error).toMatchObject({ code: 'empty_listing', retryable: true, retryAfterMs: 60_000 });
    expect((error as Error).message).toMatch(/empty on announcement day 2026-04-27 after 3 attempts/);
  });

  it('an empty listing recovers when a retry brings papers', async () => {
    let n = 0;
    const { http } = fakeHttp(() => (n++ === 0 ? buildRssListing([]) : buildRssListing(syntheticPapers(2))));
    const source = createArxivRssSource({ baseUrl: 'http://x/rss', http, clock: monday, sleep: async () => undefined });
    const result = await source.fetchLatest(['cs.LG']);
    expect(result.papers).toHaveLength(2);
  });

  it('an empty weekend listing is status none with a note', async () => {
    const { http, urls } = fakeHttp(() => buildRssListing([]));
    const source = createArxivRssSource({ baseUrl: 'http://x/rss', http, clock: saturday });
    const result = await source.fetchLatest(['cs.LG']);
    expect(urls).toHaveLength(1);
    expect(result).toMatchObject({ papers: [], status: 'none' });
    expect(result.note).toMatch(/^no announcement today \(.*Saturday/);
  });

  it('validates categories', () => {
    expect(normaliseCategories(['cs.LG', 'math', 'hep-ex', 'cs.LG'])).toEqual(['cs.LG', 'hep-ex', 'math']);
    expect(() => normaliseCategories(['cs.LG/../x'])).toThrow(SourceError);
    expect(groupByUrlLength(['aa', 'bb', 'cc'], 'http://h', 15)).toEqual([['aa', 'bb'], ['cc']]);
  });
});
