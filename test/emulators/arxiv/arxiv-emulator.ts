/**
 * A loopback arXiv: RSS listings at `/rss/<cats>` and the API at `/api/query`, on node:http at
 * 127.0.0.1 with a random port. Records every request; injects faults (5xx, 429 + Retry-After, empty
 * listings, slow answers, huge bodies, arbitrary bodies); supports ETag / If-None-Match (304).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildAtomError,
  buildAtomFeed,
  buildRssErrorFeed,
  buildRssListing,
  type SyntheticPaper,
} from './feed-builders.js';

export * from './feed-builders.js';

/** A canned answer. `bigBytes` streams that many bytes of filler XML without holding them in memory. */
export interface ResponseLike {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly delayMs?: number;
  readonly bigBytes?: number;
}

export type RssEntry = string | (() => ResponseLike | string);

export interface ArxivEmulatorOptions {
  /** Listings by categories path (`cs.LG`, `cs.AI+cs.LG`). Unlisted valid paths get an empty listing. */
  readonly rss?: Record<string, RssEntry>;
  readonly api?: {
    /** The bank the API searches and looks ids up in. */
    readonly papers?: readonly SyntheticPaper[];
    /** Answer every API call yourself. */
    readonly handler?: (params: URLSearchParams) => ResponseLike | string;
  };
  /** Listing day for generated empty listings (YYYY-MM-DD). */
  readonly day?: string;
  /** Serve ETag headers and honour If-None-Match (default true). */
  readonly etags?: boolean;
}

export interface RecordedRequest {
  readonly path: string;
  readonly at: number;
  readonly headers: IncomingMessage['headers'];
}

export interface ArxivEmulator {
  readonly url: string;
  readonly rssUrl: string;
  readonly apiUrl: string;
  readonly requests: RecordedRequest[];
  /**
   * The next `n` requests (RSS or API; with `path`, only those whose path starts with it) answer `status`, e.g.
   * 503, or 429 with `retryAfter` seconds.
   */
  failNext(status: number, n?: number, options?: { retryAfter?: string; body?: string; path?: string }): void;
  /** The next `n` RSS requests get an empty (but well-formed) listing. */
  serveEmpty(n?: number): void;
  /** The next `n` requests get exactly this answer. */
  respondNext(response: ResponseLike | string, n?: number): void;
  /** Delay every answer by `ms` (slow server). */
  setDelay(ms: number): void;
  setListing(cats: string, xml: RssEntry): void;
  setApiPapers(papers: readonly SyntheticPaper[]): void;
  close(): Promise<void>;
}

/** Archives rss.arxiv.org accepts; anything else gets arXiv's "Feed error … Bad archive" channel. */
const ARCHIVES = new Set(
  'astro-ph cond-mat cs econ eess gr-qc hep-ex hep-lat hep-ph hep-th math math-ph nlin nucl-ex nucl-th physics q-bio q-fin quant-ph stat test'.split(' '),
);
const validCats = (cats: string): boolean => cats.split('+').every((c) => ARCHIVES.has(c.split('.')[0]!));
const NEW_ID = /^\d{4}\.\d{4,5}(?:v\d+)?$/;
const OLD_ID = /^[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?$/;

export async function startArxivEmulator(options: ArxivEmulatorOptions = {}): Promise<ArxivEmulator> {
  const listings = new Map<string, RssEntry>(Object.entries(options.rss ?? {}));
  let bank: readonly SyntheticPaper[] = options.api?.papers ?? [];
  const requests: RecordedRequest[] = [];
  const queued: (ResponseLike & { readonly path?: string })[] = [];
  let emptyCount = 0;
  let delayMs = 0;
  const day = options.day ?? '2026-04-27';
  const etags = options.etags ?? true;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: `${url.pathname}${url.search}`, at: Date.now(), headers: req.headers });
    if (delayMs > 0) await sleep(delayMs);
    const at = queued.findIndex((q) => q.path === undefined || url.pathname.startsWith(q.path));
    const canned = at < 0 ? undefined : queued.splice(at, 1)[0];
    if (canned) return send(req, res, canned);

    if (url.pathname.startsWith('/rss/')) {
      const cats = decodeURIComponent(url.pathname.slice('/rss/'.length));
      if (emptyCount > 0) {
        emptyCount--;
        return send(req, res, xml(buildRssListing([], { categories: cats, day })));
      }
      const entry = listings.get(cats);
      if (entry !== undefined) {
        const r = typeof entry === 'string' ? entry : entry();
        return send(req, res, typeof r === 'string' ? xml(r) : r);
      }
      if (!validCats(cats)) return send(req, res, xml(buildRssErrorFeed(cats)));
      return send(req, res, xml(buildRssListing([], { categories: cats, day })));
    }
    if (url.pathname === '/api/query') {
      if (options.api?.handler) {
        const r = options.api.handler(url.searchParams);
        return send(req, res, typeof r === 'string' ? xml(r) : r);
      }
      return send(req, res, apiAnswer(url.searchParams));
    }
    return send(req, res, { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' });
  }

  function apiAnswer(params: URLSearchParams): ResponseLike {
    const start = Number(params.get('start') ?? '0');
    const max = Number(params.get('max_results') ?? '10');
    const idList = (params.get('id_list') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    let hits: SyntheticPaper[];
    if (idList.length) {
      const bad = idList.find((id) => !NEW_ID.test(id) && !OLD_ID.test(id));
      if (bad) return { status: 400, ...xml(buildAtomError(`incorrect id format for ${bad}`)) };
      hits = idList.flatMap((id) => bank.filter((p) => p.id === id.replace(/v\d+$/, '')));
    } else {
      hits = bank.filter(matcher(params.get('search_query') ?? ''));
    }
    const page = hits.slice(start, start + max);
    return xml(
      buildAtomFeed(page, { totalResults: hits.length, startIndex: start, itemsPerPage: page.length, query: params.toString() }),
    );
  }

  function send(req: IncomingMessage, res: ServerResponse, r: ResponseLike): Promise<void> {
    return (async () => {
      if (r.delayMs) await sleep(r.delayMs);
      const status = r.status ?? 200;
      const headers: Record<string, string> = { 'content-type': 'application/xml; charset=utf-8', ...r.headers };
      if (r.bigBytes !== undefined) return streamBig(res, status, headers, r.bigBytes);
      const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : (r.body ?? Buffer.alloc(0));
      if (etags && status === 200) {
        const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
        headers['etag'] = etag;
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { etag });
          res.end();
          return;
        }
      }
      headers['content-length'] = String(body.length);
      res.writeHead(status, headers);
      res.end(body);
    })();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    rssUrl: `${base}/rss`,
    apiUrl: `${base}/api/query`,
    requests,
    failNext(status, n = 1, opts = {}) {
      for (let i = 0; i < n; i++) {
        queued.push({
          status,
          headers: { 'content-type': 'text/plain', ...(opts.retryAfter !== undefined ? { 'retry-after': opts.retryAfter } : {}) },
          body: opts.body ?? `emulated ${status}`,
          ...(opts.path ? { path: opts.path } : {}),
        });
      }
    },
    serveEmpty(n = 1) {
      emptyCount += n;
    },
    respondNext(response, n = 1) {
      for (let i = 0; i < n; i++) queued.push(typeof response === 'string' ? xml(response) : response);
    },
    setDelay(ms) {
      delayMs = ms;
    },
    setListing(cats, entry) {
      listings.set(cats, entry);
    },
    setApiPapers(papers) {
      bank = papers;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function xml(body: string): ResponseLike {
  return { body };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function streamBig(res: ServerResponse, status: number, headers: Record<string, string>, total: number): Promise<void> {
  // No content-length: the client must enforce its cap while streaming.
  res.writeHead(status, headers);
  const chunk = Buffer.from(`<x>${'a'.repeat(64 * 1024 - 7)}</x>`.padEnd(64 * 1024, ' '));
  let sent = 0;
  res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
  return new Promise<void>((resolve) => {
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end('</channel></rss>', () => resolve());
    };
    res.on('close', () => resolve());
    pump();
  });
}

/** `all:x`, `ti:x`, `au:x`, `abs:x`, `cat:x` terms joined by AND / OR (left to right, no parentheses). */
type Match = (p: SyntheticPaper) => boolean;

/**
 * The API's search_query: terms (`ti:`, `au:`, `abs:`, `cat:`, `id:`, `all:`, quoted phrases, and
 * `submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]` and `lastUpdatedDate:[…]`, inclusive, GMT), AND / ANDNOT
 * binding tighter than OR,
 * parentheses.
 */
function matcher(query: string): Match {
  const tokens = query.trim().match(/\(|\)|[A-Za-z]+:\[[^\]]*\]|[A-Za-z]+:"[^"]*"|"[^"]*"|[^\s()]+/g) ?? [];
  if (tokens.length === 0) return () => false;
  let at = 0;
  const expr = (): Match => {
    const ors = [conj()];
    while (tokens[at] === 'OR') {
      at++;
      ors.push(conj());
    }
    return (p) => ors.some((m) => m(p));
  };
  const conj = (): Match => {
    let m = unary();
    while (tokens[at] === 'AND' || tokens[at] === 'ANDNOT') {
      const not = tokens[at++] === 'ANDNOT';
      const [left, right] = [m, unary()];
      m = not ? (p) => left(p) && !right(p) : (p) => left(p) && right(p);
    }
    return m;
  };
  const unary = (): Match => {
    if (tokens[at] === '(') {
      at++;
      const m = expr();
      at++; // ')'
      return m;
    }
    return term(tokens[at++] ?? '');
  };
  return expr();
}

function term(t: string): Match {
  const range = /^(submittedDate|lastUpdatedDate):\[(\d{12}) TO (\d{12})\]$/i.exec(t);
  if (range) {
    const updated = range[1]!.toLowerCase() === 'lastupdateddate';
    return (p) => {
      const published = p.published ?? '2026-04-24T17:00:00Z';
      const at = (updated ? (p.updated ?? published) : published).slice(0, 16).replace(/[-T:]/g, '');
      return at >= range[2]! && at <= range[3]!;
    };
  }
  const m = /^(all|ti|au|abs|cat|id):(.*)$/.exec(t.trim());
  const field = m ? m[1]! : 'all';
  const value = (m ? m[2]! : t).replace(/^"|"$/g, '').replace(/_/g, ' ').toLowerCase();
  return (p) => {
    const names = p.authors.map((a) => (typeof a === 'string' ? a : a.name).toLowerCase());
    switch (field) {
      case 'ti':
        return p.title.toLowerCase().includes(value);
      case 'au':
        return names.some((n) => n.includes(value));
      case 'abs':
        return p.abstract.toLowerCase().includes(value);
      case 'cat':
        return p.categories.some((c) => c.toLowerCase() === value || c.toLowerCase().startsWith(`${value}.`));
      case 'id':
        return p.id === value;
      default:
        return `${p.title} ${p.abstract} ${names.join(' ')}`.toLowerCase().includes(value);
    }
  };
}
