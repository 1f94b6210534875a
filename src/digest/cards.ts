/** Paper → PaperCard: the compact form every adapter renders (authors shortened, abstract trimmed). */
import type { PaperCard } from '../chat/message.js';
import type { Paper } from '../papers/paper.js';
import type { MatchReason } from '../radar/subscription.js';
import { sourceLabelOf } from '../papers/source-label.js';

const SUMMARY_CHARS = 320;

/** `A, B, C, … +7` — the first three names, then a count. */
export function shortenAuthors(names: readonly string[], keep = 3): string {
  if (names.length === 0) return 'Unknown authors';
  if (names.length <= keep + 1) return names.join(', ');
  return `${names.slice(0, keep).join(', ')}, … +${names.length - keep}`;
}

/** Cuts at a sentence or word boundary near `max` characters. */
export function shortenText(text: string, max = SUMMARY_CHARS): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const sentence = cut.lastIndexOf('. ');
  if (sentence > max * 0.6) return cut.slice(0, sentence + 1);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max * 0.6 ? space : max).trimEnd()}…`;
}

/** Why-matched chips: `title: mixture of experts`, `author: Yinmin Zhong`, de-duplicated, stable order. */
export function reasonChips(reasons: readonly MatchReason[]): string[] {
  const label: Record<MatchReason['field'], string> = {
    title: 'title',
    abstract: 'abstract',
    authors: 'author',
    categories: 'cat',
  };
  return [...new Set(reasons.map((r) => `${label[r.field]}: ${r.term}`))];
}

export function paperDate(paper: Paper): string {
  return (paper.announced ?? paper.updated ?? paper.published ?? '').slice(0, 10);
}

export function toCard(paper: Paper, index: number, chips: readonly string[]): PaperCard {
  return {
    index,
    paperId: paper.id,
    title: paper.title,
    url: paper.absUrl ?? paper.sources.find((s) => s.url)?.url ?? '',
    sourceLabel: sourceLabelOf(paper),
    date: paperDate(paper),
    authors: shortenAuthors(paper.authors.map((a) => a.name)),
    summary: shortenText(paper.abstract),
    reasons: chips,
  };
}
