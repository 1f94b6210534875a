/**
 * A polite HTTP GET client for arXiv (and other feeds with terms of use): one request at a time, each
 * starting at least `minIntervalMs` after the previous one started and after its answer came back (retries
 * included), a User-Agent, conditional GET with a small per-URL cache, a timeout combined with the caller's
 * signal, retries with exponential backoff + jitter on network errors, 5xx and 429 (Retry-After honoured),
 * and a body size cap enforced while streaming.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { SourceError } from '../errors.js';
import { sourceLabel } from '../log-terminal.js';

export interface HttpResponse {
  readonly status: number;
  /** UTF-8 decoded body; on a 304 the cached body of the previous 200. */
  readonly body: string;
  readonly headers: Headers;
  /** True when the server answered 304 and `body` is the cached copy. */
  readonly notModified: boolean;
  readonly url: string;
}

export interface HttpGetOptions {
  readonly signal?: AbortSignal;
  readonly headers?: Record<string, string>;
  /** Non-2xx statuses to return instead of throwing (arXiv's API sends its error entry with HTTP 400). */
  readonly acceptStatus?: readonly number[];
  /** Use and update the conditional-GET cache (default true). */
  readonly conditional?: boolean;
  readonly maxBytes?: number;
}

export interface HttpClient {
  /** @throws SourceError `http_status` | `rate_limited` | `http_unavailable` | `network` | `timeout` | `too_large` | `aborted` */
  get(url: string, options?: HttpGetOptions): Promise<HttpResponse>;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface PoliteHttpClientOptions {
  readonly minIntervalMs: number;
  readonly timeoutMs: number;
  /** Extra attempts after the first, on retryable failures. */
  readonly retries: number;
  readonly userAgent: string;
  readonly fetch?: FetchLike;
  /** Injectable so tests do not wait for real backoff. Must reject when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly clock?: Clock;
  readonly logger?: Pick<Logger, 'warn' | 'debug'>;
  /** Response body cap in bytes (default 10 MB). */
  readonly maxBytes?: number;
  /** First backoff step (default 1 s); doubles per attempt, capped at `maxBackoffMs` (default 60 s). */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** A Retry-After longer than this is not waited out: the call fails with `retryAfterMs` set. Default 5 min. */
  readonly maxRetryAfterMs?: number;
  /** Random source for jitter, [0, 1). */
  readonly random?: () => number;
  /** Number of URLs whose validators and body are kept for conditional GET (default 32). */
  readonly cacheEntries?: number;
  /** Observer called as each request starts (after the interval wait), for logs and tests. */
  readonly onRequestStart?: (url: string, at: number) => void;
}

interface CacheEntry {
  readonly etag?: string;
  readonly lastModified?: string;
  readonly body: string;
  readonly headers: Headers;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

const defaultSleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
  if (ms <= 0) return;
  await delay(ms, undefined, { signal });
};

/** Added to intervals of a second or more (see `spacing`). */
const SPACING_MARGIN_MS = 100;

export function createPoliteHttpClient(options: PoliteHttpClientOptions): HttpClient {
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const clock = options.clock ?? systemClock;
  const maxBytesDefault = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const baseBackoff = options.baseBackoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 300_000;
  const random = options.random ?? Math.random;
  const cacheLimit = options.cacheEntries ?? 32;
  const cache = new Map<string, CacheEntry>();
  let queue: Promise<unknown> = Promise.resolve();
  let lastStart = Number.NEGATIVE_INFINITY;
  let lastAnswer = Number.NEGATIVE_INFINITY;
  // arXiv counts arrivals, not our starts: a request that left late (connection set-up, a busy event loop
  // after its start was taken) arrives late, and the next one would then reach the server sooner than the
  // interval — a cluster test saw two arrivals 2,842 ms apart where starts are spaced 3,100 ms. So the next request
  // also waits the interval after the previous answer (or failure) came back: the previous request had
  // arrived by then, whatever delayed it. A small margin on real-world intervals (≥ 1 s) stays on the starts.
  const spacing = options.minIntervalMs >= 1000 ? options.minIntervalMs + SPACING_MARGIN_MS : options.minIntervalMs;

  async function waitForSlot(signal: AbortSignal | undefined): Promise<void> {
    // Loop because a real timer may fire a millisecond early; bounded so a frozen test clock cannot hang.
    for (let i = 0; i < 5; i++) {
      const wait = Math.max(lastStart + spacing, lastAnswer + options.minIntervalMs) - clock.now().getTime();
      if (wait <= 0) break;
      await sleep(wait, signal);
    }
    lastStart = clock.now().getTime();
  }

  function backoffMs(attempt: number): number {
    const exp = Math.min(maxBackoff, baseBackoff * 2 ** attempt);
    return Math.round(exp / 2 + (random() * exp) / 2); // "equal jitter": never less than half the step
  }

  async function attempt(url: string, opts: HttpGetOptions): Promise<HttpResponse> {
    const cached = opts.conditional === false ? undefined : cache.get(url);
    const headers: Record<string, string> = { 'user-agent': options.userAgent, ...opts.headers };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
    try {
      await waitForSlot(opts.signal);
    } catch (cause) {
      throw new SourceError('aborted', `GET ${url} aborted while waiting for its turn`, false, { cause });
    }
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    options.onRequestStart?.(url, lastStart);
    let response: Response;
    try {
      response = await fetchImpl(url, { method: 'GET', headers, signal, redirect: 'follow' });
    } catch (cause) {
      throw networkError(url, cause, opts.signal, timeout, options.timeoutMs);
    } finally {
      lastAnswer = clock.now().getTime();
    }
    if (response.status === 304 && cached) {
      await response.body?.cancel().catch(() => undefined);
      touch(url, cached);
      return { status: 304, body: cached.body, headers: response.headers, notModified: true, url };
    }
    const ok = response.status >= 200 && response.status < 300;
    if (!ok && !opts.acceptStatus?.includes(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      throw statusError(url, response);
    }
    let body: string;
    try {
      body = await readBody(response, url, opts.maxBytes ?? maxBytesDefault);
    } catch (cause) {
      if (cause instanceof SourceError) throw cause;
      throw networkError(url, cause, opts.signal, timeout, options.timeoutMs);
    }
    if (ok && opts.conditional !== false) {
      const etag = response.headers.get('etag') ?? undefined;
      const lastModified = response.headers.get('last-modified') ?? undefined;
      if (etag || lastModified) touch(url, { etag, lastModified, body, headers: response.headers });
    }
    return { status: response.status, body, headers: response.headers, notModified: false, url };
  }

  function touch(url: string, entry: CacheEntry): void {
    cache.delete(url);
    cache.set(url, entry);
    while (cache.size > cacheLimit) cache.delete(cache.keys().next().value as string);
  }

  async function getWithRetries(url: string, opts: HttpGetOptions): Promise<HttpResponse> {
    for (let n = 0; ; n++) {
      try {
        return await attempt(url, opts);
      } catch (error) {
        if (!(error instanceof SourceError) || !error.retryable || n >= options.retries) throw error;
        const wait = error.retryAfterMs !== undefined ? Math.max(error.retryAfterMs, 0) : backoffMs(n);
        if (wait > maxRetryAfter) throw error;
        const progress = { key: 'progress.retry', vars: { what: sourceLabel(url), attempt: n + 1, of: options.retries, seconds: Math.ceil(wait / 1000) } };
        options.logger?.warn({ url, attempt: n + 1, waitMs: wait, code: error.code, progress }, 'retrying HTTP GET');
        try {
          await sleep(wait, opts.signal);
        } catch (cause) {
          throw new SourceError('aborted', `GET ${url} aborted while waiting to retry`, false, { cause });
        }
      }
    }
  }

  return {
    get(url, opts = {}) {
      const run = queue.then(() => getWithRetries(url, opts));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

function networkError(
  url: string,
  cause: unknown,
  callerSignal: AbortSignal | undefined,
  timeout: AbortSignal,
  timeoutMs: number,
): SourceError {
  if (callerSignal?.aborted) return new SourceError('aborted', `GET ${url} aborted by the caller`, false, { cause });
  if (timeout.aborted) return new SourceError('timeout', `GET ${url} timed out after ${timeoutMs} ms`, true, { cause });
  const detail = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
  return new SourceError('network', `GET ${url} failed: ${detail}`, true, { cause });
}

function statusError(url: string, response: Response): SourceError {
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  if (status === 429) {
    return new SourceError('rate_limited', `GET ${url}: HTTP 429 Too Many Requests`, true, { retryAfterMs });
  }
  if (status >= 500) {
    return new SourceError('http_unavailable', `GET ${url}: HTTP ${status}`, true, { retryAfterMs });
  }
  return new SourceError('http_status', `GET ${url}: HTTP ${status}`, false);
}

/** Retry-After as delay-seconds or an HTTP date → milliseconds from now; undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const t = Date.parse(trimmed);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

async function readBody(response: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new SourceError('too_large', `GET ${url}: body of ${declared} bytes exceeds the limit of ${maxBytes}`, false);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new SourceError('too_large', `GET ${url}: body exceeds the limit of ${maxBytes} bytes`, false);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}
