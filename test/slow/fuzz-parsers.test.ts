/**
 * Property-based fuzzing (fast-check) of everything that reads untrusted text: the query parser, the
 * command-text parser and every feed parser. Whatever the input, the only exceptions allowed are the typed
 * ones (`UserError` for what users type, `SourceError` for what sources send) — never a TypeError, a
 * URIError or a RangeError escaping from one bad character. 10,000 runs each.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { parseCommandText } from '../../src/chat/parse-command-text.js';
import { SourceError, UserError } from '../../src/errors.js';
import { parseQuery } from '../../src/radar/query-parser.js';
import { parseArxivAtom } from '../../src/sources/arxiv-atom.js';
import { parseArxivRss } from '../../src/sources/arxiv-rss.js';
import { parseCrossrefResponse } from '../../src/sources/crossref-work.js';
import { parseHfDailyPapers } from '../../src/sources/hf-papers.js';
import { parseJournalFeed } from '../../src/sources/journal-feed.js';

const RUNS = 10_000;
const CHUNKS = 20;

/**
 * `fc.assert` over RUNS runs, in chunks with a yield between them (one long synchronous loop starves the
 * test runner's worker channel on a loaded machine). Each chunk has its own seed; a failure names it.
 */
async function assertInChunks<T>(arb: fc.Arbitrary<T>, check: (value: T) => void): Promise<void> {
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    fc.assert(fc.property(arb, check), { numRuns: RUNS / CHUNKS, seed: 0x5eed + chunk });
    await new Promise((resolve) => setImmediate(resolve));
  }
}
const fixture = (p: string) => readFileSync(resolve(import.meta.dirname, '../fixtures', p), 'utf8');

/** Runs `parse` and fails on any exception that is not one of the typed ones. */
function typedOnly(parse: () => unknown): void {
  try {
    parse();
  } catch (err) {
    if (err instanceof UserError || err instanceof SourceError) return;
    throw err;
  }
}

const pieces = (list: readonly string[]) => fc.array(fc.oneof(fc.constantFrom(...list), fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 30 }).map((a) => a.join(''));

/** Text for inside XML elements: markup look-alikes, entities, percent escapes, CDATA, control characters. */
const xmlText = pieces(['&amp;', '&lt;', '&#0;', '&#x1F600;', '&bogus;', '<![CDATA[', ']]>', '<b>', '</b>', '%E0%A4', '%2F', '%', '10.1038/', 'doi:', 'arXiv:', '2604.26951v2', 'Announce Type: new', 'Abstract:', ' ', '\n', '\u0000', '\uFFFF', '"', "'", '(', ')', ',', '[cs.LG]', 'CROSS LISTED', 'https://x.org/a', 'Mon, 27 Apr 2026 00:00:00 -0400', '2026-13-45']);

/** A fixture with random cuts and insertions (truncated feeds, stray markup, broken escapes). */
const mutated = (text: string) =>
  fc.array(fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 200 }), xmlText), { minLength: 1, maxLength: 4 }).map((edits) => {
    let out = text;
    for (const [at, cut, insert] of edits) out = out.slice(0, at % (out.length + 1)) + insert + out.slice((at % (out.length + 1)) + cut);
    return out;
  });

const rssItem = fc.record({ title: xmlText, link: xmlText, description: xmlText, guid: xmlText, creator: xmlText, category: xmlText, doi: xmlText, date: xmlText });
const rss2 = fc.array(rssItem, { maxLength: 5 }).map(
  (items) =>
    `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"><channel><title>cs.LG updates on arXiv.org</title><pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>` +
    items
      .map((i) => `<item><title>${i.title}</title><link>${i.link}</link><description>${i.description}</description><guid>${i.guid}</guid><dc:creator>${i.creator}</dc:creator><category>${i.category}</category><arxiv:DOI>${i.doi}</arxiv:DOI><prism:doi>${i.doi}</prism:doi><dc:date>${i.date}</dc:date></item>`)
      .join('') +
    '</channel></rss>',
);
const atom = fc.array(rssItem, { maxLength: 5 }).map(
  (items) =>
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>${items.length}</opensearch:totalResults>` +
    items
      .map((i) => `<entry><id>${i.guid}</id><title>${i.title}</title><summary>${i.description}</summary><published>${i.date}</published><author><name>${i.creator}</name><arxiv:affiliation>${i.category}</arxiv:affiliation></author><link href="${i.link.replace(/"/g, '')}" rel="alternate"/><category term="${i.category.replace(/"/g, '')}"/><arxiv:doi>${i.doi}</arxiv:doi></entry>`)
      .join('') +
    '</feed>',
);

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const hfItem = fc.record({
  paper: fc.record({ id: fc.oneof(fc.string(), fc.constant('2604.26951'), jsonValue), title: fc.oneof(fc.string(), jsonValue), summary: fc.oneof(fc.string(), jsonValue), upvotes: jsonValue, authors: fc.oneof(fc.array(fc.record({ name: fc.oneof(fc.string(), jsonValue) })), jsonValue), publishedAt: fc.oneof(fc.string(), jsonValue), ai_keywords: jsonValue, githubRepo: jsonValue }, { requiredKeys: [] }),
  numComments: jsonValue,
}, { requiredKeys: [] });

describe('fuzzing: only typed errors escape', () => {
  it('the query parser', async () => {
    const query = pieces(['(', ')', '"', '-', ' OR ', ' AND ', ' NOT ', 'cat:', 'au:', 'author:', 'title:', 'abs:', 'topic:', 'like:', '*', ' ', 'cs.LG', 'cs.*', 'transformer', '\\', ':', '"mixture of experts"']);
    await assertInChunks(fc.oneof(query, fc.string({ unit: 'grapheme', maxLength: 600 })), (text) => typedOnly(() => parseQuery(text)));
  });

  it('the command-text parser', async () => {
    const specs = allCommands.map((c) => c.spec);
    const names = specs.map((s) => `${s.name} `);
    const text = pieces([...names, '"', "'", '“', '”', '--', '=', ' ', 'on', 'off', '08:00', 'Europe/Berlin', '2604.26951', 'language', 'zh', '\t', '\n']);
    await assertInChunks(fc.oneof(text, fc.string({ unit: 'grapheme', maxLength: 300 })), (t) => typedOnly(() => parseCommandText(t, specs)));
  });

  it('the arXiv RSS / RDF parser', async () => {
    const rdf = fixture('arxiv-rss/rss1_rdf_legacy_hep-ex_2021-07-08.xml');
    const cur = fixture('arxiv-rss/rss2_new_format_cs.LG_2026-04-27_3items.xml');
    await assertInChunks(fc.oneof(rss2, mutated(rdf), mutated(cur), fc.string({ maxLength: 200 })), (xml) => typedOnly(() => parseArxivRss(xml)));
  });

  it('the arXiv API (Atom) parser', async () => {
    const sample = fixture('arxiv-api/current_id_2104.12255v1_title_0.xml');
    await assertInChunks(fc.oneof(atom, mutated(sample), fc.string({ maxLength: 200 })), (xml) => typedOnly(() => parseArxivAtom(xml)));
  });

  it('the journal feed parser (RSS 1.0, RSS 2.0, Atom)', async () => {
    // the head of Nature's feed: the channel and its first items (the whole feed is slow to mutate 10,000 times)
    const full = fixture('journal-feeds/nature_current_rss1_rdf_2024-08-20.xml');
    const cut = full.indexOf('<item', full.indexOf('<item', full.indexOf('<item', full.indexOf('<item') + 1) + 1) + 1);
    const nature = `${full.slice(0, cut)}</rdf:RDF>`;
    await assertInChunks(fc.oneof(rss2, atom, mutated(nature)), (xml) => typedOnly(() => parseJournalFeed(xml)));
  });

  it('the Hugging Face daily-papers parser', async () => {
    const sample = fixture('huggingface/daily_papers_2026-08-03_3_items_no_ai_summary.json');
    const bodies = fc.oneof(
      fc.array(fc.oneof(hfItem, jsonValue), { maxLength: 6 }).map((a) => JSON.stringify(a)),
      mutated(sample),
      fc.string({ maxLength: 100 }),
    );
    await assertInChunks(bodies, (body) => typedOnly(() => parseHfDailyPapers(body, '2026-06-12')));
  });

  it('the Crossref works parser', async () => {
    const sample = fixture('crossref/works_query_ecology_rows2.json');
    const bodies = fc.oneof(
      fc.record({ 'message-type': fc.constantFrom('work', 'work-list'), message: fc.oneof(jsonValue, fc.record({ items: fc.array(jsonValue, { maxLength: 4 }) })) }).map((o) => JSON.stringify(o)),
      mutated(sample),
    );
    await assertInChunks(bodies, (body) => typedOnly(() => parseCrossrefResponse(body)));
  });

  it('typedOnly itself lets a plain error through (the property can fail)', () => {
    expect(() => typedOnly(() => decodeURIComponent('%E0%A4'))).toThrow(URIError);
  });
});
