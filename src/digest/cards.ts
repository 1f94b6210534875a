/** Paper → PaperCard: the compact form every adapter renders (authors shortened, abstract trimmed). */
import { formatReason, type CardMarks, type CardReason, type PaperCard } from '../chat/message.js';
import { authorsLine, isSpace, matchedAuthors, summaryWithContext } from './card-marks.js';
import { phrasesOf, type MarkReason } from './text-marks.js';
import type { Paper } from '../papers/paper.js';
import type { MatchReason } from '../radar/subscription.js';
import { sourceLabelOf } from '../papers/source-label.js';

const SUMMARY_CHARS = 320;

/** `A, B, C, … +7` — the first three names, then a count. */
export function shortenAuthors(names: readonly string[], keep = 3): string {
  return authorsLine(names, new Set(), keep).text;
}

/** Cuts at a sentence or word boundary near `max` characters (a run of whitespace reads as one space). */
export function shortenText(text: string, max = SUMMARY_CHARS): string {
  const t = collapsedPrefix(text, max + 1);
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const sentence = cut.lastIndexOf('. ');
  if (sentence > max * 0.6) return cut.slice(0, sentence + 1);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max * 0.6 ? space : max).trimEnd()}…`;
}

/**
 * `text.replace(/\s+/g, ' ').trim()`, but only its first `limit` characters (all of it when shorter): built
 * from the words up to there. Every card of every digest shortens an abstract, so a regular-expression
 * pass over the whole of it cost ~130 KB of garbage per channel's digest.
 */
function collapsedPrefix(text: string, limit: number): string {
  const words: string[] = [];
  let length = -1; // of the words so far joined by spaces
  for (let i = 0; i < text.length && length < limit; ) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i === text.length) break;
    const start = i;
    while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
    words.push(text.slice(start, i));
    length += 1 + i - start;
  }
  const joined = words.join(' ');
  return joined.length > limit ? joined.slice(0, limit) : joined;
}


const LABEL: Record<MatchReason['field'], string> = {
  title: 'title',
  abstract: 'abstract',
  authors: 'author',
  categories: 'cat',
  topic: 'topic',
  like: 'like',
};

/**
 * Structured why-matched reasons for a card, de-duplicated (same label and term: the best score wins),
 * stable order. `lexicalLabel` is the translated word shown for lexical topic hits.
 */
export function cardReasons(reasons: readonly MatchReason[], lexicalLabel = 'lexical'): CardReason[] {
  const out = new Map<string, CardReason>();
  for (const r of reasons) {
    const label = LABEL[r.field];
    const term = r.field === 'like' ? r.term.replace(/^arxiv:/, '') : r.term;
    const key = `${label}\u0000${term}`;
    const prev = out.get(key);
    const card: CardReason =
      r.mode === 'lexical' ? { label, term, lexical: lexicalLabel } : r.score !== undefined ? { label, term, score: r.score } : { label, term };
    if (!prev || (card.score ?? -Infinity) > (prev.score ?? -Infinity)) out.set(key, card);
  }
  return [...out.values()];
}

/** Why-matched chips as text: `title: mixture of experts`, `topic: sparse expert routing (0.83)`. */
export function reasonChips(reasons: readonly MatchReason[], lexicalLabel?: string): string[] {
  return cardReasons(reasons, lexicalLabel).map(formatReason);
}

export function paperDate(paper: Paper): string {
  return (paper.announced ?? paper.updated ?? paper.published ?? '').slice(0, 10);
}

/** The part of the paper a card reason's label names, for the marks (card-marks.ts). */
const FIELD_OF_LABEL: Readonly<Record<string, string>> = { title: 'title', abstract: 'abstract', author: 'authors' };

export function toCard(paper: Paper, index: number, reasons: readonly CardReason[]): PaperCard {
  const why: MarkReason[] = reasons.flatMap((r) => (FIELD_OF_LABEL[r.label] ? [{ field: FIELD_OF_LABEL[r.label]!, term: r.term }] : []));
  const names = paper.authors.map((a) => a.name);
  const authors = authorsLine(names, matchedAuthors(names, why));
  const summary = summaryWithContext(paper.abstract, phrasesOf(why, 'abstract'), shortenText, SUMMARY_CHARS);
  const marks: CardMarks = {
    ...(summary.marks.length ? { summary: summary.marks } : {}),
    ...(authors.marks.length ? { authors: authors.marks } : {}),
  };
  return {
    index,
    paperId: paper.id,
    title: paper.title,
    url: paper.absUrl ?? paper.sources.find((s) => s.url)?.url ?? '',
    sourceLabel: sourceLabelOf(paper),
    date: paperDate(paper),
    authors: authors.text,
    summary: summary.text,
    reasons,
    ...(Object.keys(marks).length ? { marks } : {}),
  };
}
