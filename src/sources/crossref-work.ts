/**
 * Crossref `works` JSON → Paper. `GET /works/{doi}` answers `{ status: 'ok', message-type: 'work', message }`;
 * `GET /works?query=` answers `message-type: 'work-list'` with `message.items`. A 404 comes back as the
 * plain text `Resource not found.` (not JSON): that is "no record", handled by the client. Titles may hold
 * inline markup and hard wraps; abstracts are JATS (or plain HTML `<p>` for some members).
 */
import type { Author, Paper } from '../papers/paper.js';
import { cleanAuthorName } from '../papers/clean-text.js';
import { SourceError } from '../errors.js';
import { jatsToText, markupTitleToText } from './jats.js';
import { doiPaperId } from './journal-feed.js';
import { convertEach, type OnSkippedItem } from './item-guard.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const firstStr = (v: unknown): string | undefined => (Array.isArray(v) ? v.map(str).find(Boolean) : str(v));

/** `{ 'date-parts': [[2020, 8, 17]] }` → `2020-08-17` (or `2021-05`, `2021`). */
export function crossrefDate(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const parts = value['date-parts'];
  const first = Array.isArray(parts) && Array.isArray(parts[0]) ? (parts[0] as unknown[]) : undefined;
  if (!first || typeof first[0] !== 'number') return undefined;
  return first
    .filter((n): n is number => typeof n === 'number')
    .slice(0, 3)
    .map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0')))
    .join('-');
}

/** Normalise an ORCID (`http://orcid.org/0000-…` or bare) to the `https://orcid.org/…` URL form. */
export function orcidUrl(value: unknown): string | undefined {
  const m = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/i.exec(str(value) ?? '');
  return m ? `https://orcid.org/${m[1]!.toUpperCase()}` : undefined;
}

function author(a: unknown): Author | undefined {
  if (!isObject(a)) return undefined;
  const given = str(a['given']);
  const family = str(a['family']);
  const name = cleanAuthorName(given && family ? `${given} ${family}` : family ?? str(a['name']) ?? given ?? '');
  if (!name) return undefined;
  const affiliations = (Array.isArray(a['affiliation']) ? a['affiliation'] : [])
    .map((x) => (isObject(x) ? str(x['name']) : undefined))
    .filter((x): x is string => !!x);
  const orcid = orcidUrl(a['ORCID']);
  return { name, ...(affiliations.length ? { affiliations } : {}), ...(orcid ? { orcid } : {}) };
}

/** One Crossref work `message` → Paper, or undefined when it has no DOI or title. */
export function crossrefWorkToPaper(message: unknown): Paper | undefined {
  if (!isObject(message)) return undefined;
  const doi = str(message['DOI']);
  const title = markupTitleToText(firstStr(message['title']));
  if (!doi || !title) return undefined;
  const venue = markupTitleToText(firstStr(message['container-title'])) || undefined;
  const published =
    crossrefDate(message['published']) ??
    crossrefDate(message['published-online']) ??
    crossrefDate(message['published-print']) ??
    crossrefDate(message['issued']);
  const volume = str(message['volume']);
  const issue = str(message['issue']);
  const page = str(message['page']);
  const journalRef =
    venue && volume
      ? `${venue} ${volume}${issue ? `(${issue})` : ''}${page ? `, ${page}` : ''}${published ? ` (${published.slice(0, 4)})` : ''}`
      : undefined;
  const url = str(message['URL']) ?? `https://doi.org/${doi}`;
  const authors = (Array.isArray(message['author']) ? message['author'] : []).map(author).filter((a): a is Author => !!a);
  return {
    id: doiPaperId(doi),
    title,
    abstract: jatsToText(str(message['abstract'])),
    authors,
    categories: [],
    ...(published ? { published } : {}),
    absUrl: url,
    doi,
    ...(journalRef ? { journalRef } : {}),
    ...(venue ? { venue } : {}),
    sources: [{ kind: 'crossref', label: venue ?? 'Crossref', url }],
  };
}

/**
 * Parse a Crossref response body: a single work (`message-type: work`) → [paper], a list → papers.
 * @throws SourceError `crossref_bad_json` when the body is not Crossref JSON (e.g. the plain-text 404).
 */
export function parseCrossrefResponse(body: string, onSkip?: OnSkippedItem): Paper[] {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (cause) {
    throw new SourceError('crossref_bad_json', `Crossref: body is not JSON ("${body.slice(0, 60).trim()}")`, false, { cause });
  }
  if (!isObject(data) || !isObject(data['message'])) {
    throw new SourceError('crossref_bad_json', 'Crossref: no `message` object in the response', false);
  }
  const message = data['message'];
  if (data['message-type'] === 'work-list' || Array.isArray(message['items'])) {
    return convertEach(Array.isArray(message['items']) ? (message['items'] as unknown[]) : [], crossrefWorkToPaper, onSkip);
  }
  const one = crossrefWorkToPaper(message);
  return one ? [one] : [];
}
