/**
 * A loopback journal publisher: serves table-of-contents feeds (the recorded Nature RDF by default, or any
 * RSS 2.0 / Atom string) and the faults a hostile or broken feed can produce: oversize (streamed, no
 * Content-Length), malformed XML, an entity bomb, a redirect (e.g. to a private address), 404 and 429.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startLoopbackServer, type Canned, type LoopbackServer } from './loopback-server.js';

export const NATURE_FIXTURE = fileURLToPath(
  new URL('../../fixtures/journal-feeds/nature_current_rss1_rdf_2024-08-20.xml', import.meta.url),
);

export type JournalFault = 'oversize' | 'malformed' | 'entity-bomb' | '404' | '429';

export interface JournalEmulator {
  readonly origin: string;
  /** `host:port`, for `RADAR_FEED_ALLOW_HOSTS`. */
  readonly host: string;
  readonly server: LoopbackServer;
  /** URL of a feed path on the emulator, e.g. `feedUrl('/nature.rss')`. */
  feedUrl(path: string): string;
  /** Serve `body` (RSS/Atom/RDF text) at `path` from now on. */
  setFeed(path: string, body: string, contentType?: string): void;
  /** `path` answers with a fault from now on. */
  setFault(path: string, fault: JournalFault, options?: { bytes?: number }): void;
  /** `path` redirects (302) to `location` from now on. */
  setRedirect(path: string, location: string): void;
  close(): Promise<void>;
}

/** The billion-laughs document a feed must never expand. */
export function entityBomb(): string {
  const lines = ['<?xml version="1.0"?>', '<!DOCTYPE rss [', '<!ENTITY a "lollollollollollollollollollol">'];
  for (let i = 1; i <= 9; i++) {
    const prev = String.fromCharCode(96 + i);
    lines.push(`<!ENTITY ${String.fromCharCode(97 + i)} "${`&${prev};`.repeat(10)}">`);
  }
  lines.push(']>', '<rss version="2.0"><channel><title>Bomb</title><item><title>&j;</title><link>https://x.example/1</link></item></channel></rss>');
  return lines.join('\n');
}

export const MALFORMED_FEED =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Unclosed<link>https://x.example/1</link></item></channel>';

/** A small RSS 2.0 table of contents with dc:/prism: fields. */
export function buildRss2Toc(
  journal: string,
  items: readonly { title: string; doi: string; link?: string; authors?: readonly string[]; date?: string; volume?: string; abstract?: string }[],
): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = items
    .map(
      (i) => `<item>
  <title>${esc(i.title)}</title>
  <link>${esc(i.link ?? `https://journal.example/articles/${i.doi}`)}</link>
  <guid isPermaLink="false">doi:${esc(i.doi)}</guid>
  ${i.abstract ? `<description>${esc(i.abstract)}</description>` : ''}
  ${(i.authors ?? []).map((a) => `<dc:creator>${esc(a)}</dc:creator>`).join('')}
  <prism:doi>${esc(i.doi)}</prism:doi>
  <prism:publicationName>${esc(journal)}</prism:publicationName>
  ${i.volume ? `<prism:volume>${esc(i.volume)}</prism:volume>` : ''}
  ${i.date ? `<dc:date>${i.date}</dc:date>` : ''}
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
<channel><title>${esc(journal)}</title><link>https://journal.example/</link><description>Table of contents</description>
${body}
</channel></rss>`;
}

export async function startJournalEmulator(): Promise<JournalEmulator> {
  const routes = new Map<string, Canned>();
  routes.set('/nature.rss', { body: readFileSync(NATURE_FIXTURE), headers: { 'content-type': 'application/rdf+xml' } });
  const server = await startLoopbackServer((req) => routes.get(req.path) ?? { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } });
  const host = `127.0.0.1:${server.port}`;
  return {
    origin: server.origin,
    host,
    server,
    feedUrl: (path) => `${server.origin}${path}`,
    setFeed(path, body, contentType = 'application/rss+xml') {
      routes.set(path, { body, headers: { 'content-type': contentType } });
    },
    setFault(path, fault, options = {}) {
      const xml = { 'content-type': 'application/rss+xml' };
      const answers: Record<JournalFault, Canned> = {
        oversize: {
          bigBytes: options.bytes ?? 10 * 1024 * 1024,
          prefix: '<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><description>',
          suffix: '</description></channel></rss>',
        },
        malformed: { body: MALFORMED_FEED, headers: xml },
        'entity-bomb': { body: entityBomb(), headers: xml },
        '404': { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } },
        '429': { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '0' } },
      };
      routes.set(path, answers[fault]);
    },
    setRedirect(path, location) {
      routes.set(path, { status: 302, headers: { location }, body: '' });
    },
    close: () => server.close(),
  };
}
