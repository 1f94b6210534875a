/**
 * Builders for synthetic arXiv documents in the real formats (RSS 2.0 listing as served by
 * rss.arxiv.org since 2024, and the current API Atom output), for emulators and e2e tests.
 */

export interface SyntheticPaper {
  /** Versionless id, e.g. `2606.04101` or `hep-ex/0307015`. */
  readonly id: string;
  readonly version?: number;
  readonly title: string;
  readonly abstract: string;
  /** Names as they appear in `dc:creator`, optionally with affiliations. */
  readonly authors: readonly (string | { name: string; affiliations?: readonly string[] })[];
  /** Primary first. */
  readonly categories: readonly string[];
  readonly announceType?: 'new' | 'cross' | 'replace' | 'replace-cross';
  readonly doi?: string;
  readonly journalRef?: string;
  readonly comment?: string;
  /** ISO; API `published`/`updated`. */
  readonly published?: string;
  readonly updated?: string;
}

export const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function authorText(a: SyntheticPaper['authors'][number]): string {
  if (typeof a === 'string') return a;
  return a.affiliations?.length ? `${a.name} (${a.affiliations.join(', ')})` : a.name;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-04-27` → `Mon, 27 Apr 2026 00:00:00 -0400` (offset given by the caller; default EDT). */
export function rssPubDate(day: string, offset = '-0400'): string {
  const d = new Date(`${day}T12:00:00Z`);
  return `${DAYS[d.getUTCDay()]}, ${String(d.getUTCDate()).padStart(2, '0')} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} 00:00:00 ${offset}`;
}

export interface RssListingOptions {
  /** Categories path, e.g. `cs.LG+cs.AI` (channel title and links). */
  readonly categories?: string;
  /** Listing day YYYY-MM-DD (pubDate). Default 2026-04-27. */
  readonly day?: string;
  readonly offset?: string;
}

/** A synthetic RSS 2.0 listing in arXiv's current format. */
export function buildRssListing(items: readonly SyntheticPaper[], options: RssListingOptions = {}): string {
  const cats = options.categories ?? 'cs.LG';
  const pub = rssPubDate(options.day ?? '2026-04-27', options.offset);
  const title = cats.split('+').join(', ');
  const body = items
    .map((p) => {
      const v = p.version ?? 1;
      const type = p.announceType ?? 'new';
      return [
        '    <item>',
        `      <title>${xmlEscape(p.title)}</title>`,
        `      <link>https://arxiv.org/abs/${p.id}</link>`,
        `      <description>arXiv:${p.id}v${v} Announce Type: ${type} \nAbstract: ${xmlEscape(p.abstract)}</description>`,
        `      <guid isPermaLink="false">oai:arXiv.org:${p.id}v${v}</guid>`,
        ...p.categories.map((c) => `      <category>${xmlEscape(c)}</category>`),
        `      <pubDate>${pub}</pubDate>`,
        `      <arxiv:announce_type>${type}</arxiv:announce_type>`,
        '      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>',
        ...(p.doi ? [`      <arxiv:DOI>${xmlEscape(p.doi)}</arxiv:DOI>`] : []),
        ...(p.journalRef ? [`      <arxiv:journal_reference>${xmlEscape(p.journalRef)}</arxiv:journal_reference>`] : []),
        `      <dc:creator>${xmlEscape(p.authors.map(authorText).join(', '))}</dc:creator>`,
        '    </item>',
      ].join('\n');
    })
    .join('\n');
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>${xmlEscape(title)} updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/${xmlEscape(cats)}</link>
    <description>${xmlEscape(title)} updates on the arXiv.org e-print archive.</description>
    <atom:link href="http://rss.arxiv.org/rss/${xmlEscape(cats)}" rel="self" type="application/rss+xml"/>
    <docs>http://www.rssboard.org/rss-specification</docs>
    <language>en-us</language>
    <lastBuildDate>${pub}</lastBuildDate>
    <managingEditor>rss-help@arxiv.org</managingEditor>
    <pubDate>${pub}</pubDate>
    <skipDays>
      <day>Saturday</day>
      <day>Sunday</day>
    </skipDays>
${body}
  </channel>
</rss>
`;
}

/** arXiv's error feed for a bad archive name. */
export function buildRssErrorFeed(cats: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title>Feed error for query: http://rss.arxiv.org/rss/${xmlEscape(cats)}</title>
    <link>http://rss.arxiv.org/rss/${xmlEscape(cats)}</link>
    <description>Bad archive '${xmlEscape(cats)}'. Valid archive names are: astro-ph, cond-mat, cs, econ, eess, gr-qc, hep-ex, hep-lat, hep-ph, hep-th, math, math-ph, nlin, nucl-ex, nucl-th, physics, q-bio, q-fin, quant-ph, stat, test.</description>
    <pubDate>${rssPubDate('2026-04-27')}</pubDate>
  </channel>
</rss>
`;
}

export interface AtomFeedOptions {
  readonly totalResults?: number;
  readonly startIndex?: number;
  readonly itemsPerPage?: number;
  readonly query?: string;
}

/** A synthetic API response in the current (2025+) Atom format. */
export function buildAtomFeed(entries: readonly SyntheticPaper[], options: AtomFeedOptions = {}): string {
  const body = entries
    .map((p) => {
      const v = p.version ?? 1;
      const published = p.published ?? '2026-04-24T17:00:00Z';
      return [
        '  <entry>',
        `    <id>http://arxiv.org/abs/${p.id}v${v}</id>`,
        `    <title>${xmlEscape(p.title)}</title>`,
        `    <updated>${p.updated ?? published}</updated>`,
        `    <link href="https://arxiv.org/abs/${p.id}v${v}" rel="alternate" type="text/html"/>`,
        `    <link href="https://arxiv.org/pdf/${p.id}v${v}" rel="related" type="application/pdf" title="pdf"/>`,
        `    <summary>${xmlEscape(p.abstract)}</summary>`,
        ...p.categories.map((c) => `    <category term="${xmlEscape(c)}" scheme="http://arxiv.org/schemas/atom"/>`),
        `    <published>${published}</published>`,
        ...(p.comment ? [`    <arxiv:comment>${xmlEscape(p.comment)}</arxiv:comment>`] : []),
        `    <arxiv:primary_category term="${xmlEscape(p.categories[0] ?? 'cs.LG')}"/>`,
        ...(p.journalRef ? [`    <arxiv:journal_ref>${xmlEscape(p.journalRef)}</arxiv:journal_ref>`] : []),
        ...(p.doi ? [`    <arxiv:doi>${xmlEscape(p.doi)}</arxiv:doi>`] : []),
        ...p.authors.map((a) => {
          const name = typeof a === 'string' ? a : a.name;
          const affs = typeof a === 'string' ? [] : (a.affiliations ?? []);
          return [
            '    <author>',
            `      <name>${xmlEscape(name)}</name>`,
            ...affs.map((x) => `      <arxiv:affiliation>${xmlEscape(x)}</arxiv:affiliation>`),
            '    </author>',
          ].join('\n');
        }),
        '  </entry>',
      ].join('\n');
    })
    .join('\n');
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/emulated</id>
  <title>arXiv Query: ${xmlEscape(options.query ?? '')}</title>
  <updated>2026-04-27T00:00:00Z</updated>
  <opensearch:itemsPerPage>${options.itemsPerPage ?? entries.length}</opensearch:itemsPerPage>
  <opensearch:totalResults>${options.totalResults ?? entries.length}</opensearch:totalResults>
  <opensearch:startIndex>${options.startIndex ?? 0}</opensearch:startIndex>
${body}
</feed>
`;
}

/** The API's error answer (sent with HTTP 400), e.g. for `id_list=abc`. */
export function buildAtomError(message: string): string {
  const anchor = message.replace(/\s+/g, '_');
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/</id>
  <title>arXiv Search Results</title>
  <updated>2026-04-27T00:00:00Z</updated>
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry>
    <id>https://arxiv.org/api/errors#${xmlEscape(anchor)}</id>
    <title>Error</title>
    <updated>2026-04-27T00:00:00Z</updated>
    <link href="https://arxiv.org/api/errors#${xmlEscape(anchor)}" rel="alternate" type="text/html"/>
    <summary>${xmlEscape(message)}</summary>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
`;
}

/** N deterministic synthetic papers `2604.<20000+i>` across the given categories. */
export function syntheticPapers(n: number, categories: readonly string[] = ['cs.LG', 'cs.AI', 'cs.CL'], prefix = '2604'): SyntheticPaper[] {
  const topics = ['diffusion models', 'graph neural networks', 'retrieval augmentation', 'reinforcement learning', 'speech recognition', 'protein folding'];
  return Array.from({ length: n }, (_, i) => {
    const primary = categories[i % categories.length]!;
    const cross = categories[(i + 1) % categories.length]!;
    const topic = topics[i % topics.length]!;
    return {
      id: `${prefix}.${String(20000 + i).padStart(5, '0')}`,
      version: 1 + (i % 3 === 2 ? 1 : 0),
      title: `On ${topic}: study ${i}`,
      abstract: `We study ${topic} in setting ${i}. Results improve the state of the art by ${i % 17}%.`,
      authors: [`Author ${i} One`, { name: `Author ${i} Two`, affiliations: [`University ${i % 5}`] }],
      categories: primary === cross ? [primary] : [primary, cross],
      announceType: i % 3 === 2 ? 'replace' : i % 5 === 4 ? 'cross' : 'new',
    };
  });
}
