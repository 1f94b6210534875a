/**
 * The Hugging Face Papers source: `GET {HF_API_URL}/daily_papers?date=YYYY-MM-DD[&sort=trending]` and
 * `GET {HF_API_URL}/papers/{arxivId}`. No auth. HF rate-limits in 5-minute windows with 429: honour
 * `Retry-After` (capped) for a few attempts, then give up with a retryable SourceError so the rest of the
 * ingest goes on (network errors fail at once). The base URL is operator configuration and therefore trusted (no SSRF guard).
 */
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Paper } from '../papers/paper.js';
import { SourceError } from '../errors.js';
import type { FetchResult, PaperSource } from './source.js';
import { parseHfDailyPage, parseHfPaper } from './hf-papers.js';
import type { OnSkippedItem } from './item-guard.js';

import type { FetchLike } from './http-client.js';

export type { FetchLike };

export interface HfSourceOptions {
  /** `HF_API_URL`, e.g. `https://huggingface.co/api` (no trailing slash needed). */
  readonly baseUrl: string;
  /** fetch-compatible client (the polite HTTP client or global fetch). */
  readonly http?: FetchLike;
  readonly clock?: Clock;
  /** Attempts after a 429/5xx. Default 2. */
  readonly retries?: number;
  /** Longest honoured Retry-After. Default 30 s; longer waits give up instead of blocking the ingest. */
  readonly maxRetryAfterMs?: number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly userAgent?: string;
  /** Items per daily page (`limit`; HF's default is 50). Pages (`p`) are read until a short or empty one. */
  readonly limit?: number;
  /** Longest listing read, in pages (a server that ignores `p` cannot loop us forever). Default 40. */
  readonly maxPages?: number;
  /** Told about each daily item that could not be read (the rest are kept). */
  readonly onSkip?: OnSkippedItem;
}

export interface HfDailyOptions {
  readonly sort?: 'trending' | 'publishedAt';
  readonly signal?: AbortSignal;
}

/** The HF source: a PaperSource (today's daily papers) plus the two look-ups the commands need. */
export interface HfSource extends PaperSource {
  /** The daily list for a UTC day (YYYY-MM-DD; default today by the clock). */
  fetchDaily(date?: string, options?: HfDailyOptions): Promise<Paper[]>;
  /** One paper's HF record; undefined when HF does not know it (404). */
  fetchPaper(arxivId: string, signal?: AbortSignal): Promise<Paper | undefined>;
}

export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });

/** Parse `Retry-After` (seconds or HTTP date) into ms. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

export function createHfSource(options: HfSourceOptions): HfSource {
  const base = options.baseUrl.replace(/\/+$/, '');
  const http = options.http ?? ((url, init) => fetch(url, init));
  const clock = options.clock ?? systemClock;
  const retries = options.retries ?? 2;
  const maxWait = options.maxRetryAfterMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const headers = { accept: 'application/json', ...(options.userAgent ? { 'user-agent': options.userAgent } : {}) };

  async function get(url: string, signal?: AbortSignal): Promise<{ status: number; body: string }> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await http(url, { headers, signal });
      } catch (cause) {
        // Network failures are not retried here: the ingest runs again later, and offline runs stay fast.
        throw new SourceError('hf_network', `Hugging Face request failed: ${String(cause)}`, true, { cause });
      }
      if (res.status === 429 || res.status >= 500) {
        const wait = retryAfterMs(res.headers.get('retry-after'), clock.now()) ?? 1000 * 2 ** attempt;
        await res.body?.cancel().catch(() => undefined);
        if (attempt >= retries || wait > maxWait) {
          throw new SourceError(
            res.status === 429 ? 'hf_rate_limited' : 'hf_unavailable',
            `Hugging Face answered HTTP ${res.status} for ${url}`,
            true,
            { retryAfterMs: wait },
          );
        }
        await sleep(wait, signal);
        continue;
      }
      return { status: res.status, body: await res.text() };
    }
  }

  const today = (): string => clock.now().toISOString().slice(0, 10);

  const limit = options.limit ?? 50;
  const maxPages = options.maxPages ?? 40;

  /** The whole day, page by page (`p`, `limit`) until a page is short, empty or brings nothing new. */
  async function fetchDaily(date?: string, opts: HfDailyOptions = {}): Promise<Paper[]> {
    const day = date ?? today();
    const byId = new Map<string, Paper>();
    for (let p = 0; p < maxPages; p++) {
      const params = new URLSearchParams({ date: day, p: String(p), limit: String(limit) });
      if (opts.sort) params.set('sort', opts.sort);
      const { status, body } = await get(`${base}/daily_papers?${params}`, opts.signal);
      if (status !== 200) throw new SourceError('hf_http', `Hugging Face daily papers: HTTP ${status}`, false);
      const page = parseHfDailyPage(body, day, options.onSkip);
      const before = byId.size;
      for (const paper of page.papers) if (!byId.has(paper.id)) byId.set(paper.id, paper);
      if (page.items < limit || byId.size === before) break;
    }
    return [...byId.values()];
  }

  return {
    id: 'hf',
    fetchDaily,
    async fetchPaper(arxivId, signal) {
      const { status, body } = await get(`${base}/papers/${encodeURIComponent(arxivId)}`, signal);
      if (status === 404) return undefined;
      if (status !== 200) throw new SourceError('hf_http', `Hugging Face paper ${arxivId}: HTTP ${status}`, false);
      return parseHfPaper(body);
    },
    async fetchLatest(_categories, signal): Promise<FetchResult> {
      // HF features papers on its own calendar (weekdays, UTC); an empty day is not a failure.
      const day = today();
      const papers = await fetchDaily(day, { signal });
      return papers.length
        ? { papers, status: 'ok' }
        : { papers, status: 'ok', note: `Hugging Face has no daily papers for ${day} yet` };
    },
  };
}
