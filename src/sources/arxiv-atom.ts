/**
 * arXiv API responses (Atom) → Paper[]. Handles both generations: the legacy output (namespaces redeclared on
 * every element, hard-wrapped text, `http://` links, `<link title="doi">`) and the current one (namespaces on
 * `<feed>`, `https://` links, `<id>` still `http://`). An error comes back as an `<entry>` whose id is an
 * `…/api/errors#…` URL and whose title is `Error`: that is a SourceError, never a paper.
 */
import type { Author, Paper } from '../papers/paper.js';
import { arxivAbsUrl, arxivPaperId, arxivPdfUrl, parseArxivId } from '../papers/arxiv-id.js';
import { cleanAbstract, cleanAuthorName, cleanTitle } from '../papers/clean-text.js';
import { SourceError } from '../errors.js';
import { asArray, attrOf, parseXml, textOf, type ParseXmlOptions, type XmlNode } from './xml.js';
import { convertEach, type ItemOptions } from './item-guard.js';

export interface ArxivAtomResult {
  readonly papers: Paper[];
  readonly totalResults: number;
  readonly startIndex: number;
  readonly itemsPerPage: number;
}

/**
 * Parse an arXiv API Atom response.
 * @throws SourceError `arxiv_api_error` (the API's error entry; not retryable), `not_atom`, or an XML error.
 */
export function parseArxivAtom(xml: string | Buffer, options: ParseXmlOptions & ItemOptions = {}): ArxivAtomResult {
  const doc = parseXml(xml, options);
  const feed = doc['feed'] as XmlNode | undefined;
  if (!feed || typeof feed !== 'object') {
    const root = Object.keys(doc)[0] ?? '(none)';
    throw new SourceError('not_atom', `Expected an arXiv API Atom <feed> but the root element is <${root}>`, false);
  }
  const entries = asArray<XmlNode>(feed['entry']);
  for (const entry of entries) {
    const id = textOf(entry['id']) ?? '';
    if (/\/api\/errors(#|$)/.test(id) || (cleanTitle(textOf(entry['title'])) === 'Error' && !parseArxivId(id))) {
      const summary = cleanTitle(textOf(entry['summary'])) || id;
      throw new SourceError('arxiv_api_error', `arXiv API error: ${summary}`, false);
    }
  }
  const papers = convertEach(entries, entryToPaper, options.onSkip);
  return {
    papers,
    totalResults: intOf(feed['opensearch:totalResults'], papers.length),
    startIndex: intOf(feed['opensearch:startIndex'], 0),
    itemsPerPage: intOf(feed['opensearch:itemsPerPage'], papers.length),
  };
}

function intOf(value: unknown, fallback: number): number {
  const n = Number.parseInt(textOf(value) ?? '', 10);
  return Number.isFinite(n) ? n : fallback;
}

function entryToPaper(entry: XmlNode): Paper | undefined {
  const links = asArray<XmlNode>(entry['link']);
  const idText = textOf(entry['id']) ?? '';
  const parsed = parseArxivId(idText.replace(/^https?:\/\/arxiv\.org\/abs\//, ''));
  if (!parsed) return undefined;
  // Legacy entries may carry no version in <id> (`hep-ex/0307015`) while the links do (`…v1`).
  let version = parsed.version;
  if (version === undefined) {
    for (const link of links) {
      const v = parseArxivId(attrOf(link, 'href') ?? '');
      if (v?.base === parsed.base && v.version !== undefined) {
        version = v.version;
        break;
      }
    }
  }
  const primaryAttr = attrOf(entry['arxiv:primary_category'], 'term');
  const terms = asArray(entry['category']).map((c) => (attrOf(c, 'term') ?? '').trim()).filter(Boolean);
  const categories = [...new Set([...(primaryAttr ? [primaryAttr] : []), ...terms])];
  const primary = categories[0];
  const doiLink = links.find((l) => attrOf(l, 'title') === 'doi');
  const doi =
    nonEmpty(textOf(entry['arxiv:doi'])) ??
    nonEmpty(attrOf(doiLink, 'href')?.replace(/^https?:\/\/(dx\.)?doi\.org\//, ''));
  const journalRef = nonEmpty(cleanTitle(textOf(entry['arxiv:journal_ref'])));
  const comments = nonEmpty(cleanTitle(textOf(entry['arxiv:comment'])));
  const published = iso(textOf(entry['published']));
  const updated = iso(textOf(entry['updated']));
  const absUrl = arxivAbsUrl(parsed.base);
  const withdrawn = comments !== undefined && /\bwithdrawn\b/i.test(comments) ? true : undefined;
  return {
    id: arxivPaperId(parsed.base),
    version,
    title: cleanTitle(textOf(entry['title'])),
    abstract: cleanAbstract(textOf(entry['summary'])),
    authors: asArray<XmlNode>(entry['author']).map(toAuthor).filter((a): a is Author => a !== undefined),
    primaryCategory: primary,
    categories,
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
    absUrl,
    pdfUrl: arxivPdfUrl(parsed.base, version),
    ...(doi ? { doi } : {}),
    ...(journalRef ? { journalRef } : {}),
    ...(comments ? { comments } : {}),
    ...(withdrawn ? { withdrawn } : {}),
    sources: [{ kind: 'arxiv', label: `arXiv (${primary ?? 'api'})`, url: absUrl }],
  };
}

function toAuthor(node: XmlNode): Author | undefined {
  const name = cleanAuthorName(textOf(node['name']));
  if (!name) return undefined;
  const affiliations = [
    ...new Set(asArray(node['arxiv:affiliation']).map((a) => cleanAuthorName(textOf(a))).filter(Boolean)),
  ];
  return affiliations.length ? { name, affiliations } : { name };
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function iso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
