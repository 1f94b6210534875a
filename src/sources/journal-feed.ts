/**
 * Journal tables of contents → Paper[]. Three formats: RSS 1.0 / RDF (Nature), RSS 2.0 and Atom, each with
 * optional Dublin Core (`dc:creator`, `dc:identifier doi:…`, `dc:date`) and PRISM (`prism:doi`,
 * `prism:publicationName`, `prism:volume`, `prism:number`, `prism:publicationDate`/`coverDate`) fields.
 * Parsing goes through the hardened `parseXml` (no entity expansion, size cap, malformed XML refused).
 * A work's id is `doi:<lowercased DOI>` when the feed names one (merges with arXiv and Crossref on it),
 * else `url:<link>`.
 */
import type { Author, Paper } from '../papers/paper.js';
import { cleanAbstract, cleanAuthorName, cleanTitle } from '../papers/clean-text.js';
import { SourceError } from '../errors.js';
import { asArray, attrOf, parseXml, textOf, type ParseXmlOptions, type XmlNode } from './xml.js';
import { markupTitleToText } from './jats.js';
import { convertEach, type ItemOptions } from './item-guard.js';

export interface JournalFeed {
  readonly format: 'rss1' | 'rss2' | 'atom';
  /** The journal name: `prism:publicationName` of the channel, else the channel/feed title. */
  readonly title: string;
  readonly items: Paper[];
}

export interface JournalParseOptions extends ParseXmlOptions, ItemOptions {
  /** Label for cards; overrides the feed's own name (catalogue entries know the journal's proper name). */
  readonly journal?: string;
  /** Day (YYYY-MM-DD) used for items without any date. */
  readonly today?: string;
}

const DOI_RE = /\b(10\.\d{4,9}\/[^\s"'<>]+)/i;

/** A DOI from `doi:10.…`, `https://doi.org/10.…` or bare form, without trailing punctuation. */
export function normaliseDoi(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = DOI_RE.exec(percentDecoded(text.trim()));
  return m ? m[1]!.replace(/[.,;)\]]+$/, '') : undefined;
}

/** Percent-escapes decoded where they form valid UTF-8; a malformed escape (`%E0%A4`) is kept as written. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, '%25'));
  } catch {
    return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

export const doiPaperId = (doi: string): string => `doi:${doi.toLowerCase()}`;

/**
 * Parse a journal feed.
 * @throws SourceError from parseXml (`too_large`, `not_xml`, `xml_entities`, `xml_malformed`) or
 *   `not_feed` when the root is none of `rdf:RDF`, `rss`, `feed`.
 */
export function parseJournalFeed(xml: string | Buffer, options: JournalParseOptions = {}): JournalFeed {
  const doc = parseXml(xml, options);
  const rdf = doc['rdf:RDF'] as XmlNode | undefined;
  if (rdf && typeof rdf === 'object') {
    const channel = (rdf['channel'] ?? {}) as XmlNode;
    const title = feedTitle(channel, options);
    return { format: 'rss1', title, items: items(asArray<XmlNode>(rdf['item']), title, options) };
  }
  const rss = doc['rss'] as XmlNode | undefined;
  if (rss && typeof rss === 'object') {
    const channel = (rss['channel'] ?? {}) as XmlNode;
    const title = feedTitle(channel, options);
    return { format: 'rss2', title, items: items(asArray<XmlNode>(channel['item']), title, options) };
  }
  const feed = doc['feed'] as XmlNode | undefined;
  if (feed && typeof feed === 'object') {
    const title = feedTitle(feed, options);
    return { format: 'atom', title, items: items(asArray<XmlNode>(feed['entry']), title, options) };
  }
  const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '(none)';
  throw new SourceError('not_feed', `Expected an RSS or Atom feed but the root element is <${root}>`, false);
}

function feedTitle(channel: XmlNode, options: JournalParseOptions): string {
  return (
    options.journal ??
    (cleanTitle(textOf(channel['prism:publicationName'])) || cleanTitle(textOf(channel['title'])) || 'Journal')
  );
}

function items(nodes: XmlNode[], journal: string, options: JournalParseOptions): Paper[] {
  const seen = new Set<string>();
  return convertEach(nodes, (node) => item(node, journal, options), options.onSkip).filter((p) => !seen.has(p.id) && !!seen.add(p.id));
}

function item(node: XmlNode, feedJournal: string, options: JournalParseOptions): Paper | undefined {
  const link = linkOf(node);
  const title = markupTitleToText(textOf(node['title']) ?? textOf(node['dc:title']));
  if (!title || (!link && !node['prism:doi'] && !node['dc:identifier'])) return undefined;
  const doi =
    normaliseDoi(textOf(node['prism:doi'])) ??
    normaliseDoi(asArray(node['dc:identifier']).map((v) => textOf(v) ?? '').find((v) => DOI_RE.test(v))) ??
    normaliseDoi(textOf(node['guid'])) ??
    normaliseDoi(textOf(node['id'])) ??
    (link && /doi\.org\//i.test(link) ? normaliseDoi(link) : undefined);
  const id = doi ? doiPaperId(doi) : link ? `url:${link}` : undefined;
  if (!id) return undefined;
  // Multi-journal feeds name the journal per item; a catalogue label still wins (it is the proper name).
  const journal = options.journal ?? (cleanTitle(textOf(node['prism:publicationName'])) || feedJournal);
  const date = dayOf(
    textOf(node['prism:publicationDate']) ??
      textOf(node['dc:date']) ??
      textOf(node['prism:coverDate']) ??
      textOf(node['pubDate']) ??
      textOf(node['published']) ??
      textOf(node['updated']),
  );
  const volume = cleanTitle(textOf(node['prism:volume']));
  const issue = cleanTitle(textOf(node['prism:number']));
  const page = cleanTitle(textOf(node['prism:startingPage']));
  const journalRef = volume ? [journal, volume + (issue ? `(${issue})` : ''), page].filter(Boolean).join(' ') : undefined;
  const url = link ?? (doi ? `https://doi.org/${doi}` : undefined);
  return {
    id,
    title,
    abstract: abstractOf(node, title),
    authors: authorsOf(node),
    categories: [],
    ...(date ? { published: date, announced: date } : options.today ? { announced: options.today } : {}),
    ...(url ? { absUrl: url } : {}),
    ...(doi ? { doi } : {}),
    ...(journalRef ? { journalRef } : {}),
    venue: journal,
    sources: [{ kind: 'journal', label: journal, ...(url ? { url } : {}) }],
  };
}

function linkOf(node: XmlNode): string | undefined {
  const links = asArray(node['link']);
  // Atom: `<link rel="alternate" href="…"/>` (rel defaults to alternate); RSS: `<link>…</link>`.
  const atom = links.find((l) => attrOf(l, 'href') && (attrOf(l, 'rel') ?? 'alternate') === 'alternate') ?? links.find((l) => attrOf(l, 'href'));
  const href = atom ? attrOf(atom, 'href') : textOf(links[0]);
  const value = (href ?? textOf(node['prism:url']) ?? attrOf(node, 'rdf:about'))?.trim();
  return value && /^https?:\/\//i.test(value) ? value : undefined;
}

function authorsOf(node: XmlNode): Author[] {
  const names: string[] = [];
  for (const c of asArray(node['dc:creator'])) names.push(textOf(c) ?? '');
  for (const a of asArray(node['author'])) {
    // Atom `<author><name>`; RSS 2.0 `<author>email (Name)</author>`.
    const text = a && typeof a === 'object' && (a as XmlNode)['name'] !== undefined ? textOf((a as XmlNode)['name']) : textOf(a);
    const m = /\(([^()]+)\)\s*$/.exec(text ?? '');
    names.push(m && /@/.test(text ?? '') ? m[1]! : text ?? '');
  }
  const authors: Author[] = [];
  const seen = new Set<string>();
  for (const raw of names) {
    const name = cleanAuthorName(raw, { html: true });
    if (!name || seen.has(name)) continue;
    seen.add(name);
    authors.push({ name });
  }
  return authors;
}

/**
 * The abstract, when the feed has one. Nature's `content:encoded` is only `<p>Nature, Published online: …;
 * doi:…</p>` followed by the title again: that boilerplate is not an abstract, so it yields ''.
 */
function abstractOf(node: XmlNode, title: string): string {
  const raw =
    textOf(node['description']) ?? textOf(node['summary']) ?? textOf(node['content']) ?? textOf(node['content:encoded']) ?? '';
  const withoutHeader = raw.replace(/^\s*<p>[^<]*(?:Published online|doi:)[\s\S]*?<\/p>/i, '');
  // Compare as titles are built (inline tags dropped, not spaced): `T<sub>reg</sub>` must equal `Treg`.
  if (markupTitleToText(withoutHeader) === title) return '';
  return cleanAbstract(withoutHeader, { html: true });
}

function dayOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(text.trim());
  if (iso) return iso[1];
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}
