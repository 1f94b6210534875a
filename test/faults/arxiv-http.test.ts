/**
 * arXiv faults over real HTTP against the loopback emulator: politeness, retries, empty listings,
 * conditional GET and hostile bodies. Timing assertions are lower bounds only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPoliteHttpClient, type PoliteHttpClientOptions } from '../../src/sources/http-client.js';
import { createArxivRssSource } from '../../src/sources/arxiv-source.js';
import { SourceError } from '../../src/errors.js';
import {
  buildRssListing,
  startArxivEmulator,
  syntheticPapers,
  type ArxivEmulator,
} from '../emulators/arxiv/arxiv-emulator.js';

const monday = { now: () => new Date('2026-04-27T12:00:00Z') };
const saturday = { now: () => new Date('2026-04-25T12:00:00Z') };

let emu: ArxivEmulator;
beforeEach(async () => {
  emu = await startArxivEmulator({ rss: { 'cs.LG': buildRssListing(syntheticPapers(4, ['cs.LG'])) } });
});
afterEach(async () => {
  await emu.close();
});

function http(extra: Partial<PoliteHttpClientOptions> = {}) {
  return createPoliteHttpClient({
    minIntervalMs: 0,
    timeoutMs: 5000,
    retries: 3,
    userAgent: 'AcademicHub-faults/1.0',
    baseBackoffMs: 10,
    ...extra,
  });
}

function source(extra: Partial<PoliteHttpClientOptions> = {}, clock = monday) {
  return createArxivRssSource({ baseUrl: emu.rssUrl, http: http(extra), clock, emptyRetries: 3, emptyRetryDelayMs: 5 });
}

async function failure(p: Promise<unknown>): Promise<SourceError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SourceError);
  return e as SourceError;
}

describe('politeness', () => {
  it('each request starts at least minIntervalMs after the previous one started', async () => {
    const starts: number[] = [];
    const client = http({ minIntervalMs: 200, onRequestStart: (_u, at) => starts.push(at) });
    await Promise.all([1, 2, 3, 4].map(() => client.get(`${emu.rssUrl}/cs.LG`, { conditional: false })));
    expect(starts).toHaveLength(4);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(200);
    expect(emu.requests).toHaveLength(4);
    expect(emu.requests[0]!.headers['user-agent']).toBe('AcademicHub-faults/1.0');
  });
});

describe('retries', () => {
  it('a 503 then 200 is retried', async () => {
    emu.failNext(503, 1);
    const result = await source().fetchLatest(['cs.LG']);
    expect(result.papers).toHaveLength(4);
    expect(emu.requests).toHaveLength(2);
  });

  it('a 429 with Retry-After is waited out', async () => {
    emu.failNext(429, 1, { retryAfter: '1' });
    const started = Date.now();
    const result = await source().fetchLatest(['cs.LG']);
    expect(result.papers).toHaveLength(4);
    expect(emu.requests).toHaveLength(2);
    expect(emu.requests[1]!.at - emu.requests[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('persistent 503s end in a retryable error', async () => {
    emu.failNext(503, 10);
    const e = await failure(source({ retries: 2 }).fetchLatest(['cs.LG']));
    expect(e).toMatchObject({ code: 'http_unavailable', retryable: true });
    expect(emu.requests).toHaveLength(3);
  });

  it('a slow server times out (retryable)', async () => {
    emu.setDelay(500);
    const e = await failure(source({ timeoutMs: 100, retries: 0 }).fetchLatest(['cs.LG']));
    expect(e).toMatchObject({ code: 'timeout', retryable: true });
  });
});

describe('empty listings', () => {
  it('an empty announcement-day listing is retried, then the source gives up clearly', async () => {
    emu.serveEmpty(10);
    const e = await failure(source().fetchLatest(['cs.LG']));
    expect(e.code).toBe('empty_listing');
    expect(e.retryable).toBe(true);
    expect(e.message).toContain('empty on announcement day 2026-04-27');
    expect(emu.requests).toHaveLength(4);
  });

  it('an empty listing that fills up on retry succeeds', async () => {
    emu.serveEmpty(2);
    const result = await source().fetchLatest(['cs.LG']);
    expect(result.papers).toHaveLength(4);
    expect(emu.requests).toHaveLength(3);
  });

  it('a weekend empty listing is none', async () => {
    emu.serveEmpty(1);
    const result = await source({}, saturday).fetchLatest(['cs.LG']);
    expect(result.status).toBe('none');
    expect(result.note).toContain('no announcement today');
    expect(emu.requests).toHaveLength(1);
  });
});

describe('conditional GET', () => {
  it('the second fetch gets a 304 and reuses the body', async () => {
    const client = http();
    const first = await client.get(`${emu.rssUrl}/cs.LG`);
    const second = await client.get(`${emu.rssUrl}/cs.LG`);
    expect(first.notModified).toBe(false);
    expect(emu.requests[1]!.headers['if-none-match']).toBe(first.headers.get('etag'));
    expect(second).toMatchObject({ status: 304, notModified: true, body: first.body });

    const src = createArxivRssSource({ baseUrl: emu.rssUrl, http: client, clock: monday });
    const result = await src.fetchLatest(['cs.LG']);
    expect(result.papers).toHaveLength(4);
  });
});

describe('hostile bodies give clear SourceErrors and the process lives', () => {
  const cases: [string, () => void, string][] = [
    ['malformed XML', () => emu.respondNext('<rss><channel><item></channel></rss>'), 'xml_malformed'],
    [
      'a billion-laughs entity bomb',
      () =>
        emu.respondNext(
          `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><rss><channel><title>&lol2;</title></channel></rss>`,
        ),
      'xml_entities',
    ],
    [
      'an HTML error page',
      () =>
        emu.respondNext({
          headers: { 'content-type': 'text/html' },
          body: '<!DOCTYPE html><html><head><title>502</title></head><body>Bad gateway</body></html>',
        }),
      'not_xml',
    ],
    ['JSON', () => emu.respondNext({ headers: { 'content-type': 'application/json' }, body: '{"status":"error"}' }), 'not_xml'],
    ['an empty body', () => emu.respondNext({ body: '' }), 'not_xml'],
    ['a 20 MB body', () => emu.respondNext({ bigBytes: 20 * 1024 * 1024 }), 'too_large'],
  ];

  it.each(cases)('%s', async (_name, arrange, code) => {
    arrange();
    const e = await failure(source({ maxBytes: 10 * 1024 * 1024 }).fetchLatest(['cs.LG']));
    expect(e.code).toBe(code);
    expect(e.retryable).toBe(false);
    expect(e.message.length).toBeGreaterThan(10);
    // the emulator and the client still work afterwards
    const again = await source().fetchLatest(['cs.LG']);
    expect(again.papers).toHaveLength(4);
  });

  it('a bad archive name is a feed_error', async () => {
    const e = await failure(source().fetchLatest(['astroph']));
    expect(e).toMatchObject({ code: 'feed_error', retryable: false });
    expect(e.message).toContain("Bad archive 'astroph'");
  });
});
