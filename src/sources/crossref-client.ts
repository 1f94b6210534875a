/**
 * Crossref REST client: `GET {CROSSREF_API_URL}/works/{doi}?mailto=…` (the polite pool; `RADAR_CONTACT_EMAIL`).
 * One request at a time, spaced by what Crossref announces in `x-rate-limit-limit` / `x-rate-limit-interval`
 * (e.g. 50 per `1s` → ≥ 20 ms apart); a 429 waits `Retry-After` (or one interval) and retries a few times.
 * A 404 (plain-text `Resource not found.`) means "no record": cached as a negative result so a batch of
 * unknown DOIs costs one request each per TTL, not an error storm. The base URL is operator config: trusted.
 */
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Paper } from '../papers/paper.js';
import type { KeyValueStore } from '../store/ports.js';
import { SourceError } from '../errors.js';
import { mergePapers } from '../papers/merge.js';
import { parseCrossrefResponse } from './crossref-work.js';
import { defaultSleep, retryAfterMs, type FetchLike } from './hf-source.js';
import { normaliseDoi } from './journal-feed.js';

export interface CrossrefClientOptions {
  /** `CROSSREF_API_URL`, e.g. `https://api.crossref.org`. */
  readonly baseUrl: string;
  /** `RADAR_CONTACT_EMAIL`: sent as `mailto=` to use the polite pool. */
  readonly mailto?: string;
  readonly fetch?: FetchLike;
  /** Persistent cache (e.g. `store.namespace('crossref')`); an in-memory map when absent. */
  readonly cache?: KeyValueStore;
  readonly clock?: Clock;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly logger?: Pick<Logger, 'warn' | 'debug'>;
  readonly userAgent?: string;
  /** Retries after 429/5xx. Default 3. */
  readonly retries?: number;
  readonly positiveTtlMs?: number;
  readonly negativeTtlMs?: number;
}

export interface CrossrefClient {
  /** The work for a DOI, or undefined when Crossref has no record (404, cached). Throws SourceError otherwise. */
  lookup(doi: string, signal?: AbortSignal): Promise<Paper | undefined>;
  /**
   * Enrich every paper that carries a DOI with its Crossref record (authors with ORCID, venue, published
   * date, abstract when missing), merged into one record per work. Failures are logged, never thrown;
   * after `maxFailures` consecutive failures the rest is skipped (Crossref is down; try next ingest).
   */
  enrich(papers: readonly Paper[], options?: { signal?: AbortSignal; maxLookups?: number; maxFailures?: number }): Promise<Paper[]>;
}

type CacheEntry = { found: false } | { found: true; paper: Paper };

function memoryCache(): KeyValueStore {
  const map = new Map<string, unknown>();
  return {
    get: async <T>(k: string) => map.get(k) as T | undefined,
    set: async <T>(k: string, v: T) => void map.set(k, v),
    delete: async (k) => map.delete(k),
  };
}

/** `1s`, `500ms`, `2m` → ms. */
function intervalMs(text: string | null): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}

export function createCrossrefClient(options: CrossrefClientOptions): CrossrefClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const http = options.fetch ?? ((url, init) => fetch(url, init));
  const cache = options.cache ?? memoryCache();
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? defaultSleep;
  const retries = options.retries ?? 3;
  const positiveTtl = options.positiveTtlMs ?? 7 * 24 * 3600_000;
  const negativeTtl = options.negativeTtlMs ?? 24 * 3600_000;
  const ua = options.userAgent
    ? `${options.userAgent}${options.mailto ? ` (mailto:${options.mailto})` : ''}`
    : undefined;
  let minGapMs = 0;
  let lastAt = 0;
  let chain: Promise<unknown> = Promise.resolve();

  /** Serialises requests and spaces them by the announced rate limit. */
  function throttled<T>(work: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const wait = lastAt + minGapMs - clock.now().getTime();
      if (wait > 0) await sleep(wait);
      try {
        return await work();
      } finally {
        lastAt = clock.now().getTime();
      }
    };
    const next = chain.then(run, run);
    chain = next.catch(() => undefined);
    return next;
  }

  function learnLimits(res: Response): number | undefined {
    const limit = Number(res.headers.get('x-rate-limit-limit'));
    const interval = intervalMs(res.headers.get('x-rate-limit-interval'));
    if (limit > 0 && interval !== undefined) minGapMs = Math.ceil(interval / limit);
    return interval;
  }

  async function request(doi: string, signal?: AbortSignal): Promise<Paper | undefined> {
    const params = options.mailto ? `?${new URLSearchParams({ mailto: options.mailto })}` : '';
    const url = `${base}/works/${encodeURIComponent(doi)}${params}`;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await throttled(() =>
          http(url, { headers: { accept: 'application/json', ...(ua ? { 'user-agent': ua } : {}) }, signal }),
        );
      } catch (cause) {
        // Not retried: enrich() stops after a few failures and the next ingest tries again.
        throw new SourceError('crossref_network', `Crossref request failed for ${doi}: ${String(cause)}`, true, { cause });
      }
      const interval = learnLimits(res);
      if (res.status === 404) {
        await res.body?.cancel().catch(() => undefined);
        return undefined;
      }
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel().catch(() => undefined);
        const wait = retryAfterMs(res.headers.get('retry-after'), clock.now()) ?? interval ?? 1000 * 2 ** attempt;
        if (attempt >= retries) {
          throw new SourceError(res.status === 429 ? 'crossref_rate_limited' : 'crossref_unavailable', `Crossref answered HTTP ${res.status} for ${doi}`, true, {
            retryAfterMs: wait,
          });
        }
        await sleep(wait, signal);
        continue;
      }
      const body = await res.text();
      if (res.status !== 200) throw new SourceError('crossref_http', `Crossref answered HTTP ${res.status} for ${doi}`, false);
      return parseCrossrefResponse(body)[0];
    }
  }

  async function lookup(raw: string, signal?: AbortSignal): Promise<Paper | undefined> {
    const doi = normaliseDoi(raw);
    if (!doi) return undefined;
    const key = `work:${doi.toLowerCase()}`;
    const cached = await cache.get<CacheEntry>(key);
    if (cached) return cached.found ? cached.paper : undefined;
    const paper = await request(doi, signal);
    await cache.set<CacheEntry>(key, paper ? { found: true, paper } : { found: false }, paper ? positiveTtl : negativeTtl);
    return paper;
  }

  return {
    lookup,
    async enrich(papers, enrichOptions = {}) {
      const maxLookups = enrichOptions.maxLookups ?? 200;
      const maxFailures = enrichOptions.maxFailures ?? 3;
      const extra: Paper[] = [];
      let lookups = 0;
      let failures = 0;
      for (const paper of papers) {
        // arXiv's own DataCite DOIs (10.48550/arXiv.*) have no Crossref record worth a request.
        if (!paper.doi || /^10\.48550\//.test(paper.doi) || paper.sources.some((s) => s.kind === 'crossref')) continue;
        if (lookups >= maxLookups || failures >= maxFailures) break;
        lookups++;
        try {
          const work = await lookup(paper.doi, enrichOptions.signal);
          failures = 0;
          if (work) extra.push(work);
        } catch (error) {
          failures++;
          options.logger?.warn({ doi: paper.doi, err: (error as Error).message }, 'crossref lookup failed');
        }
      }
      return extra.length ? mergePapers([...papers, ...extra]) : [...papers];
    },
  };
}
