import { describe, expect, it } from 'vitest';
import { createPoliteHttpClient, parseRetryAfter, type FetchLike } from '../../src/sources/http-client.js';
import { SourceError } from '../../src/errors.js';

function fakeWorld() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    clock: { now: () => new Date(t) },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms: number) => (t += ms),
    now: () => t,
  };
}

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;
function scriptedFetch(...handlers: Handler[]) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, headers: { ...(init.headers as Record<string, string>) } });
    const h = handlers[Math.min(calls.length - 1, handlers.length - 1)]!;
    return h(url, init);
  };
  return { fetch, calls };
}

const ok = (body: string, headers: Record<string, string> = {}) => () => new Response(body, { status: 200, headers });
const status = (s: number, headers: Record<string, string> = {}) => () => new Response(`status ${s}`, { status: s, headers });

function client(fetch: FetchLike, world = fakeWorld(), extra: Partial<Parameters<typeof createPoliteHttpClient>[0]> = {}) {
  return createPoliteHttpClient({
    minIntervalMs: 3000,
    timeoutMs: 5000,
    retries: 3,
    userAgent: 'AcademicHub-test/1.0',
    fetch,
    sleep: world.sleep,
    clock: world.clock,
    random: () => 0.5,
    baseBackoffMs: 1000,
    ...extra,
  });
}

async function errorOf(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return e as SourceError;
  }
  throw new Error('expected a rejection');
}

describe('polite HTTP client', () => {
  it('sends the User-Agent and returns the body', async () => {
    const { fetch, calls } = scriptedFetch(ok('<rss/>'));
    const res = await client(fetch).get('http://x/rss/cs.LG');
    expect(res).toMatchObject({ status: 200, body: '<rss/>', notModified: false });
    expect(calls[0]!.headers['user-agent']).toBe('AcademicHub-test/1.0');
  });

  it('serialises requests and spaces their starts by minIntervalMs', async () => {
    const world = fakeWorld();
    const starts: number[] = [];
    const { fetch } = scriptedFetch(ok('a'));
    const http = client(fetch, world, { onRequestStart: (_u, at) => starts.push(at) });
    await Promise.all([http.get('http://x/1'), http.get('http://x/2'), http.get('http://x/3')]);
    expect(starts).toHaveLength(3);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(3000);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(3000);
  });

  it('waits minIntervalMs after the previous answer too, so a slow request cannot bring the next arrival closer', async () => {
    const world = fakeWorld();
    const starts: number[] = [];
    // the first request takes 1.5 s to be answered (it left late, or the server was slow): the server saw it
    // arrive somewhere in those 1.5 s, so the next may start only 3 s after the answer
    const { fetch } = scriptedFetch(
      () => {
        world.advance(1500);
        return new Response('slow');
      },
      ok('fast'),
    );
    const http = client(fetch, world, { onRequestStart: (_u, at) => starts.push(at) });
    await Promise.all([http.get('http://x/1'), http.get('http://x/2')]);
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(1500 + 3000);
  });

  it('retries a 503 with exponential backoff and jitter, then succeeds', async () => {
    const world = fakeWorld();
    const { fetch, calls } = scriptedFetch(status(503), status(502), ok('fine'));
    const res = await client(fetch, world, { minIntervalMs: 0 }).get('http://x/');
    expect(res.body).toBe('fine');
    expect(calls).toHaveLength(3);
    // equal jitter with random 0.5: 750 for step 1000, 1500 for step 2000
    expect(world.sleeps).toEqual([750, 1500]);
  });

  it('honours Retry-After seconds on 429', async () => {
    const world = fakeWorld();
    const { fetch, calls } = scriptedFetch(status(429, { 'retry-after': '7' }), ok('done'));
    await client(fetch, world, { minIntervalMs: 0 }).get('http://x/');
    expect(calls).toHaveLength(2);
    expect(world.sleeps).toEqual([7000]);
  });

  it('parses Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-04-27T00:00:00Z');
    expect(parseRetryAfter('Mon, 27 Apr 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('gives up after the retries with a retryable error carrying retryAfterMs', async () => {
    const { fetch, calls } = scriptedFetch(status(503, { 'retry-after': '2' }));
    const error = await errorOf(client(fetch, fakeWorld(), { retries: 2, minIntervalMs: 0 }).get('http://x/'));
    expect(calls).toHaveLength(3);
    expect(error).toMatchObject({ code: 'http_unavailable', retryable: true, retryAfterMs: 2000 });
  });

  it('does not wait out an absurd Retry-After', async () => {
    const world = fakeWorld();
    const { fetch, calls } = scriptedFetch(status(429, { 'retry-after': '86400' }));
    const error = await errorOf(client(fetch, world, { minIntervalMs: 0 }).get('http://x/'));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 86_400_000 });
    expect(world.sleeps).toEqual([]);
  });

  it('does not retry other 4xx', async () => {
    const { fetch, calls } = scriptedFetch(status(404));
    const error = await errorOf(client(fetch).get('http://x/missing'));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ code: 'http_status', retryable: false });
    expect(error.message).toContain('404');
  });

  it('returns an accepted 400 body (arXiv API error entry) for the caller to parse', async () => {
    const { fetch } = scriptedFetch(() => new Response('<feed/>', { status: 400 }));
    const res = await client(fetch).get('http://x/api', { acceptStatus: [400] });
    expect(res).toMatchObject({ status: 400, body: '<feed/>' });
  });

  it('retries network errors and reports them clearly', async () => {
    const { fetch, calls } = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    });
    const error = await errorOf(client(fetch, fakeWorld(), { retries: 1, minIntervalMs: 0 }).get('http://x/'));
    expect(calls).toHaveLength(2);
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('conditional GET: sends validators and reuses the body on 304', async () => {
    const { fetch, calls } = scriptedFetch(
      ok('<rss>v1</rss>', { etag: '"abc"', 'last-modified': 'Mon, 27 Apr 2026 04:00:01 GMT' }),
      () => new Response(null, { status: 304 }),
    );
    const http = client(fetch);
    await http.get('http://x/rss/cs.LG');
    const second = await http.get('http://x/rss/cs.LG');
    expect(calls[1]!.headers['if-none-match']).toBe('"abc"');
    expect(calls[1]!.headers['if-modified-since']).toBe('Mon, 27 Apr 2026 04:00:01 GMT');
    expect(second).toMatchObject({ status: 304, notModified: true, body: '<rss>v1</rss>' });
  });

  it('caps the body while streaming and stops reading', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 10_000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const { fetch } = scriptedFetch(() => new Response(stream, { status: 200 }));
    const error = await errorOf(client(fetch, fakeWorld(), { maxBytes: 1024 * 1024 }).get('http://x/big'));
    expect(error).toMatchObject({ code: 'too_large', retryable: false });
    expect(pulled).toBeLessThan(40);
  });

  it('rejects a declared Content-Length over the cap without reading', async () => {
    const { fetch } = scriptedFetch(() => new Response('small', { status: 200, headers: { 'content-length': '999999999' } }));
    const error = await errorOf(client(fetch, fakeWorld(), { maxBytes: 1000 }).get('http://x/'));
    expect(error.code).toBe('too_large');
  });

  it('times out a hanging request (retryable) and honours the caller signal (not retried)', async () => {
    const hanging: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const timeout = await errorOf(
      createPoliteHttpClient({ minIntervalMs: 0, timeoutMs: 30, retries: 0, userAgent: 'ua', fetch: hanging }).get('http://x/'),
    );
    expect(timeout).toMatchObject({ code: 'timeout', retryable: true });

    const controller = new AbortController();
    let calls = 0;
    const counting: FetchLike = (url, init) => {
      calls++;
      return hanging(url, init);
    };
    const http = createPoliteHttpClient({ minIntervalMs: 0, timeoutMs: 10_000, retries: 3, userAgent: 'ua', fetch: counting });
    const pending = http.get('http://x/', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const aborted = await errorOf(pending);
    expect(aborted).toMatchObject({ code: 'aborted', retryable: false });
    expect(calls).toBe(1);
  });

  it('a failed request does not block the queue', async () => {
    const { fetch } = scriptedFetch(status(404), ok('next'));
    const http = client(fetch);
    const [a, b] = await Promise.allSettled([http.get('http://x/a'), http.get('http://x/b')]);
    expect(a.status).toBe('rejected');
    expect(b).toMatchObject({ status: 'fulfilled', value: { body: 'next' } });
  });
});
