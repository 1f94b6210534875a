/**
 * arXiv listing feeds → Paper[]. Two formats:
 * - the current RSS 2.0 (`rss.arxiv.org/rss/<cats>`, since 2024): `arxiv:announce_type`, a description
 *   `arXiv:2411.17709v1 Announce Type: new \nAbstract: …`, `dc:creator` as one comma-joined string with
 *   `(Affiliation)` parentheses, `<category>` elements (primary first), `arxiv:DOI`, `arxiv:journal_reference`;
 * - the legacy RDF / RSS 1.0 (`export.arxiv.org/rss/<cat>`): the id, primary category and announce type
 *   live in the title suffix `(arXiv:1805.09166v1 [hep-ex] CROSS LISTED)`, creators are escaped HTML links.
 * An error feed (`Feed error for query: …`) is reported in `error`, never as papers.
 */
import type { AnnounceType, Author, Paper } from '../papers/paper.js';
import { arxivAbsUrl, arxivPaperId, arxivPdfUrl, parseArxivId } from '../papers/arxiv-id.js';
import { cleanAbstract, cleanAuthorName, cleanTitle } from '../papers/clean-text.js';
import { SourceError } from '../errors.js';
import { asArray, parseXml, textOf, type ParseXmlOptions, type XmlNode } from './xml.js';
import { convertEach, type ItemOptions, type OnSkippedItem } from './item-guard.js';

export interface ArxivRssListing {
  readonly papers: Paper[];
  readonly channelTitle: string;
  /** The listing's pubDate as ISO, when present. */
  readonly pubDate?: string;
  /** The listing (mailing) day, YYYY-MM-DD in the feed's own offset (US Eastern). */
  readonly announced?: string;
  readonly skipDays: string[];
  /** Set for arXiv's error feed (bad archive name): the channel description, e.g. `Bad archive 'astroph'…`. */
  readonly error?: string;
}

const ANNOUNCE_TYPES: readonly AnnounceType[] = ['new', 'cross', 'replace', 'replace-cross'];

/** Parse an arXiv RSS 2.0 or RDF listing. Throws SourceError for non-XML, malformed or unknown documents. */
export function parseArxivRss(xml: string | Buffer, options: ParseXmlOptions & ItemOptions = {}): ArxivRssListing {
  const doc = parseXml(xml, options);
  const rss = doc['rss'] as XmlNode | undefined;
  if (rss && typeof rss === 'object') return parseRss2(rss, options.onSkip);
  const rdf = doc['rdf:RDF'] as XmlNode | undefined;
  if (rdf && typeof rdf === 'object') return parseRdf(rdf, options.onSkip);
  const root = Object.keys(doc).find((k) => !k.startsWith('?')) ?? '(none)';
  throw new SourceError('not_rss', `Expected an arXiv RSS feed (<rss> or <rdf:RDF>) but the root element is <${root}>`, false);
}

// ---------------------------------------------------------------- RSS 2.0

function parseRss2(rss: XmlNode, onSkip?: OnSkippedItem): ArxivRssListing {
  const channel = (rss['channel'] ?? {}) as XmlNode;
  const channelTitle = cleanTitle(textOf(channel['title']));
  const pubDateRaw = textOf(channel['pubDate']);
  const pubDate = toIso(pubDateRaw);
  const announced = listingDay(pubDateRaw);
  const skipDays = asArray(((channel['skipDays'] ?? {}) as XmlNode)['day']).map((d) => textOf(d) ?? '');
  if (/^feed error/i.test(channelTitle)) {
    const description = cleanTitle(textOf(channel['description']));
    return { papers: [], channelTitle, pubDate, announced, skipDays, error: `${channelTitle}: ${description}` };
  }
  const papers = convertEach(asArray<XmlNode>(channel['item']), (item) => rss2Item(item, announced), onSkip);
  return { papers, channelTitle, pubDate, announced, skipDays };
}

const DESCRIPTION_RE = /^\s*arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?/;

function rss2Item(item: XmlNode, announced: string | undefined): Paper | undefined {
  const rawDescription = textOf(item['description']) ?? '';
  const descMatch = DESCRIPTION_RE.exec(rawDescription);
  const idSource = textOf(item['guid']) ?? descMatch?.[1] ?? textOf(item['link']) ?? '';
  const id = parseArxivId(idSource.replace(/^oai:arXiv\.org:/, '')) ?? parseArxivId(textOf(item['link']) ?? '');
  if (!id) return undefined;
  const version = id.version ?? (descMatch ? parseArxivId(descMatch[1]!)?.version : undefined);
  const typeText = (textOf(item['arxiv:announce_type']) ?? descMatch?.[2] ?? '').trim();
  const announceType = ANNOUNCE_TYPES.find((t) => t === typeText);
  const categories = unique(asArray(item['category']).map((c) => (textOf(c) ?? '').trim()));
  const primary = categories[0];
  const abstract = cleanAbstract(descMatch ? rawDescription.slice(descMatch[0].length) : rawDescription);
  const doi = optional(textOf(item['arxiv:DOI']) ?? textOf(item['arxiv:doi']));
  const journalRef = optional(cleanTitle(textOf(item['arxiv:journal_reference'])));
  const absUrl = arxivAbsUrl(id.base);
  return {
    id: arxivPaperId(id.base),
    version,
    title: cleanTitle(textOf(item['title'])),
    abstract,
    authors: asArray(item['dc:creator']).flatMap((c) => splitCreators(textOf(c) ?? '')),
    primaryCategory: primary,
    categories,
    announceType,
    ...(announced ? { announced } : {}),
    absUrl,
    pdfUrl: arxivPdfUrl(id.base, version),
    ...(doi ? { doi } : {}),
    ...(journalRef ? { journalRef } : {}),
    sources: [{ kind: 'arxiv', label: `arXiv (${primary ?? 'listing'})`, url: absUrl }],
  };
}

/**
 * Split `A (Aff1), B, C (Aff2, Dept)` into authors with affiliations. Commas inside parentheses belong to
 * the affiliation; TeX braces are respected so `Jos{\'e}, B` splits in the right place.
 */
export function splitCreators(text: string): Author[] {
  const authors: Author[] = [];
  let depth = 0;
  let brace = 0;
  let current = '';
  const flush = (): void => {
    const author = parseCreator(current);
    if (author) authors.push(author);
    current = '';
  };
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === '{') brace++;
    else if (ch === '}') brace = Math.max(0, brace - 1);
    if (ch === ',' && depth === 0 && brace === 0) flush();
    else current += ch;
  }
  flush();
  return authors;
}

function parseCreator(raw: string): Author | undefined {
  const affiliations: string[] = [];
  // Top-level parenthesised groups at the end are affiliations: `Name (A) (B)`.
  let name = raw.trim();
  for (;;) {
    const m = /\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$/.exec(name);
    if (!m || m.index === 0) break;
    affiliations.unshift(cleanAuthorName(m[1]));
    name = name.slice(0, m.index).trim();
  }
  const cleaned = cleanAuthorName(name).replace(/^and\s+/, '');
  if (!cleaned) return undefined;
  const affs = affiliations.filter(Boolean);
  return affs.length ? { name: cleaned, affiliations: affs } : { name: cleaned };
}

// ---------------------------------------------------------------- RDF / RSS 1.0

const RDF_TITLE_RE = /^([\s\S]*?)\s*\(arXiv:(\S+?)\s*(?:\[([^\]]+)\])?\s*(CROSS LISTED|UPDATED)?\s*\)\s*$/;

function parseRdf(rdf: XmlNode, onSkip?: OnSkippedItem): ArxivRssListing {
  const channel = (rdf['channel'] ?? {}) as XmlNode;
  const channelTitle = cleanTitle(textOf(channel['title']));
  const dateRaw = textOf(channel['dc:date']);
  const pubDate = toIso(dateRaw);
  const announced = rdfListingDay(dateRaw);
  const feedCategory = /^(\S+) updates on arXiv/i.exec(channelTitle)?.[1];
  // Items are siblings of <channel>; do not rely on the <items> Seq (some copies omit it).
  const papers = convertEach(asArray<XmlNode>(rdf['item']), (item) => rdfItem(item, feedCategory, announced), onSkip);
  return { papers, channelTitle, pubDate, announced, skipDays: [] };
}

function rdfItem(item: XmlNode, feedCategory: string | undefined, announced: string | undefined): Paper | undefined {
  const rawTitle = textOf(item['title']) ?? '';
  const m = RDF_TITLE_RE.exec(rawTitle);
  const id = parseArxivId(m?.[2] ?? '') ?? parseArxivId(textOf(item['link']) ?? '') ?? parseArxivId(String(item['@_rdf:about'] ?? ''));
  if (!id) return undefined;
  const primary = m?.[3]?.trim();
  const flag = m?.[4];
  const announceType: AnnounceType = flag === 'CROSS LISTED' ? 'cross' : flag === 'UPDATED' ? 'replace' : 'new';
  const categories = unique([primary, feedCategory].filter((c): c is string => !!c));
  const absUrl = arxivAbsUrl(id.base);
  const creators = asArray(item['dc:creator']).map((c) => textOf(c) ?? '');
  return {
    id: arxivPaperId(id.base),
    version: id.version,
    title: cleanTitle(m ? m[1]!.replace(/\.$/, '') : rawTitle),
    abstract: cleanAbstract(textOf(item['description']), { html: true }),
    authors: creators.flatMap(rdfCreators),
    primaryCategory: categories[0],
    categories,
    announceType,
    ...(announced ? { announced } : {}),
    absUrl,
    pdfUrl: arxivPdfUrl(id.base, id.version),
    sources: [{ kind: 'arxiv', label: `arXiv (${categories[0] ?? 'listing'})`, url: absUrl }],
  };
}

/** `<a href="…">Name</a> (Collab), <a …>B</a>, et al. (909 additional authors not shown)` → authors. */
function rdfCreators(html: string): Author[] {
  const authors: Author[] = [];
  const re = /<a\b[^>]*>([\s\S]*?)<\/a>\s*(?:\(([^()]*)\))?/g;
  let found = false;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    found = true;
    const name = cleanAuthorName(m[1], { html: true });
    const aff = m[2] ? cleanAuthorName(m[2]) : undefined;
    if (name) authors.push(aff ? { name, affiliations: [aff] } : { name });
  }
  return found ? authors : splitCreators(cleanAuthorName(html, { html: true }));
}

// ---------------------------------------------------------------- helpers

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

function optional(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function toIso(date: string | undefined): string | undefined {
  if (!date) return undefined;
  const t = Date.parse(date);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * The legacy RDF `dc:date` is the announcement instant (`2018-05-23T20:30:00-05:00`); the mailing it carries
 * is the next day's (2018-05-24), matching the RSS 2.0 pubDate convention.
 */
function rdfListingDay(date: string | undefined): string | undefined {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}))?/.exec(date) : null;
  if (!m) return undefined;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (m[4] !== undefined && Number(m[4]) >= 20) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** `Thu, 28 Nov 2024 00:00:00 -0500` → `2024-11-28` (the date as written, in the feed's own offset). */
export function listingDay(pubDate: string | undefined): string | undefined {
  if (!pubDate) return undefined;
  const m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(pubDate);
  if (m) {
    const month = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(
      m[2]!.toLowerCase(),
    );
    if (month >= 0) return `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  }
  return /^\d{4}-\d{2}-\d{2}/.test(pubDate) ? pubDate.slice(0, 10) : undefined;
}
