/**
 * A loopback Crossref REST API: `GET /works/{doi}` answers the recorded works (or any added message) as
 * `{ status, message-type: 'work', message }` with `x-rate-limit-limit` / `x-rate-limit-interval` headers,
 * and an unknown DOI with the real plain-text 404 body `Resource not found.`. Faults: queue 429s.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startLoopbackServer, type LoopbackServer } from '../journal/loopback-server.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/crossref/${name}`, import.meta.url));

export const CROSSREF_FIXTURES = {
  jclinpath: fixture('works_10.1136_jclinpath-2020-206745_jats_abstract_orcid.json'),
  plosone: fixture('works_10.1371_journal.pone.0033693.json'),
  notFound: fixture('works_404_notarealdoi.txt'),
} as const;

export interface CrossrefEmulator {
  /** The `CROSSREF_API_URL` to configure. */
  readonly apiUrl: string;
  readonly server: LoopbackServer;
  /** Serve `message` (a Crossref work object) for its DOI. */
  addWork(message: Record<string, unknown> & { DOI: string }): void;
  /** The next `n` requests answer 429 with `Retry-After`. */
  rateLimitNext(n?: number, retryAfter?: string): void;
  /** DOIs requested so far (decoded, in order). */
  requestedDois(): string[];
  close(): Promise<void>;
}

export async function startCrossrefEmulator(options: { limit?: string; interval?: string } = {}): Promise<CrossrefEmulator> {
  const works = new Map<string, string>();
  for (const file of [CROSSREF_FIXTURES.jclinpath, CROSSREF_FIXTURES.plosone]) {
    const text = readFileSync(file, 'utf8');
    const doi = (JSON.parse(text) as { message: { DOI: string } }).message.DOI;
    works.set(doi.toLowerCase(), text);
  }
  const notFound = readFileSync(CROSSREF_FIXTURES.notFound, 'utf8');
  const limits = { 'x-rate-limit-limit': options.limit ?? '50', 'x-rate-limit-interval': options.interval ?? '1s' };
  const server = await startLoopbackServer((req) => {
    const m = /^\/works\/(.+)$/.exec(req.path);
    const body = m ? works.get(decodeURIComponent(m[1]!).toLowerCase()) : undefined;
    if (!body) return { status: 404, body: notFound, headers: { 'content-type': 'text/plain', ...limits } };
    return { body, headers: { 'content-type': 'application/json', ...limits } };
  });
  return {
    apiUrl: server.origin,
    server,
    addWork(message) {
      works.set(message.DOI.toLowerCase(), JSON.stringify({ status: 'ok', 'message-type': 'work', 'message-version': '1.0.0', message }));
    },
    rateLimitNext(n = 1, retryAfter = '0') {
      server.queue({ status: 429, body: 'Too Many Requests', headers: { 'retry-after': retryAfter, ...limits } }, n);
    },
    requestedDois: () =>
      server.requests.map((r) => /^\/works\/(.+)$/.exec(r.path)?.[1]).filter((d): d is string => !!d).map(decodeURIComponent),
    close: () => server.close(),
  };
}
