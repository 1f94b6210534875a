/**
 * The arXiv API (`export.arxiv.org/api/query`, Atom). All calls go through the polite HTTP client, which
 * enforces arXiv's "one request every 3 seconds, one connection at a time".
 */
import { SourceError } from '../errors.js';
import type { Paper } from '../papers/paper.js';
import { parseArxivId } from '../papers/arxiv-id.js';
import type { HttpClient } from './http-client.js';
import { parseArxivAtom, type ArxivAtomResult } from './arxiv-atom.js';

export type ArxivSortBy = 'relevance' | 'lastUpdatedDate' | 'submittedDate';

export interface ArxivSearchOptions {
  readonly start?: number;
  readonly maxResults?: number;
  readonly sortBy?: ArxivSortBy;
  readonly sortOrder?: 'ascending' | 'descending';
  readonly signal?: AbortSignal;
}

export interface ArxivApiClient {
  /** One page of `search_query` results. */
  search(query: string, options?: ArxivSearchOptions): Promise<ArxivAtomResult>;
  /** Look papers up by id (versioned or not), in chunks of ≤ 100 via `id_list`. Unknown ids are skipped. */
  byIds(ids: readonly string[], options?: { signal?: AbortSignal }): Promise<Paper[]>;
  /** Page through `start` until `totalResults` or `max` papers. */
  searchAll(
    query: string,
    options?: { max?: number; pageSize?: number; sortBy?: ArxivSortBy; sortOrder?: 'ascending' | 'descending'; signal?: AbortSignal },
  ): Promise<Paper[]>;
}

export interface ArxivApiClientOptions {
  /** e.g. `https://export.arxiv.org/api/query` (config ARXIV_API_URL). */
  readonly baseUrl: string;
  readonly http: HttpClient;
  readonly maxBytes?: number;
}

/** arXiv's documented ceiling per call. */
export const ARXIV_API_MAX_PER_CALL = 2000;
export const ARXIV_ID_LIST_CHUNK = 100;

export function createArxivApiClient(options: ArxivApiClientOptions): ArxivApiClient {
  async function query(params: Record<string, string>, signal?: AbortSignal): Promise<ArxivAtomResult> {
    const url = `${options.baseUrl}?${new URLSearchParams(params).toString()}`;
    // The API sends its error entry (malformed id, bad query) with HTTP 400: parse it for the message.
    const response = await options.http.get(url, { signal, acceptStatus: [400], conditional: false, maxBytes: options.maxBytes });
    try {
      return parseArxivAtom(response.body, { maxBytes: options.maxBytes, label: url });
    } catch (error) {
      if (response.status === 400 && !(error instanceof SourceError && error.code === 'arxiv_api_error')) {
        throw new SourceError('http_status', `GET ${url}: HTTP 400`, false, { cause: error });
      }
      throw error;
    }
  }

  const api: ArxivApiClient = {
    search(q, opts = {}) {
      const maxResults = Math.min(opts.maxResults ?? 100, ARXIV_API_MAX_PER_CALL);
      const params: Record<string, string> = {
        search_query: q,
        start: String(opts.start ?? 0),
        max_results: String(maxResults),
      };
      if (opts.sortBy) params['sortBy'] = opts.sortBy;
      if (opts.sortOrder) params['sortOrder'] = opts.sortOrder;
      return query(params, opts.signal);
    },

    async byIds(ids, opts = {}) {
      const clean = [...new Set(ids.map((id) => id.trim().replace(/^arxiv:/i, '')).filter(Boolean))];
      for (const id of clean) {
        if (!parseArxivId(id)) throw new SourceError('bad_arxiv_id', `Not an arXiv id: "${id}"`, false);
      }
      const out: Paper[] = [];
      for (let i = 0; i < clean.length; i += ARXIV_ID_LIST_CHUNK) {
        const chunk = clean.slice(i, i + ARXIV_ID_LIST_CHUNK);
        const result = await query(
          { id_list: chunk.join(','), start: '0', max_results: String(chunk.length) },
          opts.signal,
        );
        out.push(...result.papers);
      }
      return out;
    },

    async searchAll(q, opts = {}) {
      const max = opts.max ?? 1000;
      const pageSize = Math.min(opts.pageSize ?? 200, ARXIV_API_MAX_PER_CALL);
      const byId = new Map<string, Paper>();
      let start = 0;
      let emptyPages = 0;
      while (byId.size < max) {
        const page = await api.search(q, {
          start,
          maxResults: Math.min(pageSize, max - byId.size),
          sortBy: opts.sortBy,
          sortOrder: opts.sortOrder,
          signal: opts.signal,
        });
        if (page.papers.length === 0) {
          // A throttled API answers 200 with zero entries mid-way: retry the same page a couple of times.
          if (start < page.totalResults && ++emptyPages <= 2) continue;
          break;
        }
        emptyPages = 0;
        for (const p of page.papers) if (!byId.has(p.id) && byId.size < max) byId.set(p.id, p);
        start += page.papers.length;
        if (start >= page.totalResults) break;
      }
      return [...byId.values()];
    },
  };
  return api;
}
