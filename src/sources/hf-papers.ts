/**
 * Hugging Face Papers JSON → Paper. Two shapes: a `daily_papers` item (`{ paper: {…}, numComments, … }`)
 * and the single-paper `papers/{arxivId}` object (the inner `paper` shape, comments optional). The HF
 * paper id is the arXiv id, so HF records merge with arXiv ones on `arxiv:<id>`. Validated at the edge:
 * an item without a usable arXiv id or title is skipped, never invented.
 */
import type { Author, HfSignals, Paper } from '../papers/paper.js';
import { arxivAbsUrl, arxivPaperId, parseArxivId } from '../papers/arxiv-id.js';
import { cleanAbstract, cleanAuthorName, cleanTitle } from '../papers/clean-text.js';
import { SourceError } from '../errors.js';
import { convertEach, type OnSkippedItem } from './item-guard.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `HF ▲57 💬4`: the HF part of a card's source label. */
export function hfLabel(hf: Pick<HfSignals, 'upvotes' | 'comments'>): string {
  return `HF ▲${hf.upvotes} 💬${hf.comments}`;
}

export const hfPaperUrl = (arxivBase: string): string => `https://huggingface.co/papers/${arxivBase}`;

/**
 * One HF paper object (the `paper` of a daily item, or a `papers/{id}` response) → Paper.
 * `outer` is the daily item around it (for `numComments`); `day` the daily list's date (YYYY-MM-DD).
 */
export function hfPaperToPaper(paper: unknown, outer?: unknown, day?: string): Paper | undefined {
  if (!isObject(paper)) return undefined;
  const id = parseArxivId(str(paper['id']) ?? '');
  const title = cleanTitle(paper['title'] ?? (isObject(outer) ? outer['title'] : undefined));
  if (!id || !title) return undefined;
  const comments = num(isObject(outer) ? outer['numComments'] : undefined) ?? num(paper['numComments']) ?? 0;
  const keywords = Array.isArray(paper['ai_keywords'])
    ? paper['ai_keywords'].map(str).filter((k): k is string => !!k)
    : undefined;
  const hf: HfSignals = {
    upvotes: num(paper['upvotes']) ?? 0,
    comments,
    ...optional('aiSummary', str(paper['ai_summary'])),
    ...(keywords && keywords.length ? { aiKeywords: keywords } : {}),
    ...optional('githubRepo', str(paper['githubRepo'])),
    ...optional('githubStars', num(paper['githubStars'])),
    ...optional('projectPage', str(paper['projectPage'])),
  };
  const authors: Author[] = (Array.isArray(paper['authors']) ? paper['authors'] : [])
    .map((a) => (isObject(a) ? cleanAuthorName(a['name']) : ''))
    .filter(Boolean)
    .map((name) => ({ name }));
  const published = isoOf(paper['publishedAt']);
  const submitted = str(paper['submittedOnDailyAt']);
  const announced = day ?? (submitted && /^\d{4}-\d{2}-\d{2}/.test(submitted) ? submitted.slice(0, 10) : undefined);
  return {
    id: arxivPaperId(id.base),
    title,
    abstract: cleanAbstract(paper['summary'] ?? (isObject(outer) ? outer['summary'] : undefined)),
    authors,
    categories: [],
    ...optional('published', published),
    ...optional('announced', announced),
    absUrl: arxivAbsUrl(id.base),
    sources: [{ kind: 'hf', label: hfLabel(hf), url: hfPaperUrl(id.base) }],
    hf,
  };
}

/**
 * Parse a `daily_papers` response body (a JSON array). `day` is the requested date, used as the
 * announcement day so HF-only papers are indexed under the day they were featured.
 * @throws SourceError `hf_bad_json` when the body is not a JSON array.
 */
export function parseHfDailyPapers(body: string, day?: string, onSkip?: OnSkippedItem): Paper[] {
  return parseHfDailyPage(body, day, onSkip).papers;
}

/** One page of `daily_papers`: its papers and how many items the page held (to know whether more follow). */
export function parseHfDailyPage(body: string, day?: string, onSkip?: OnSkippedItem): { papers: Paper[]; items: number } {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (cause) {
    throw new SourceError('hf_bad_json', `Hugging Face daily papers: body is not JSON ("${body.slice(0, 60)}")`, false, { cause });
  }
  if (!Array.isArray(data)) throw new SourceError('hf_bad_json', 'Hugging Face daily papers: expected a JSON array', false);
  const seen = new Set<string>();
  const papers = convertEach(data as unknown[], (item) => hfPaperToPaper(isObject(item) ? item['paper'] : undefined, item, day), onSkip);
  return { papers: papers.filter((p) => !seen.has(p.id) && !!seen.add(p.id)), items: data.length };
}

/** Parse a `papers/{arxivId}` response body. Undefined when it carries no usable paper. */
export function parseHfPaper(body: string): Paper | undefined {
  try {
    const data: unknown = JSON.parse(body);
    return hfPaperToPaper(isObject(data) && isObject(data['paper']) ? data['paper'] : data, data);
  } catch (cause) {
    throw new SourceError('hf_bad_json', `Hugging Face paper: body is not JSON ("${body.slice(0, 60)}")`, false, { cause });
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function isoOf(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
