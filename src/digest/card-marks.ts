/**
 * Why a card matched, shown in place: the words of a text reason marked in the title and the summary (found
 * as the matcher finds them — case, accents, hyphens and plurals do not matter), the authors an author
 * reason matched kept in the shortened author line even when they are not among the first three, and a
 * summary that reaches for the sentence that matched when the abstract's opening does not hold it.
 * Each adapter renders the marks its own way (bold on Discord and Slack, <mark> on the web page).
 */
import type { TextSpan } from '../chat/message.js';
import { authorMatches, parsePersonName } from '../radar/author-match.js';
import { firstHit, phraseSpans, type MarkReason } from './text-marks.js';

/** Context around a match beyond the summary's opening: characters before and after it at most. */
const CONTEXT_BEFORE = 120;
const CONTEXT_AFTER = 160;

/** Which of `names` an author reason matched (as the matcher decides it). */
export function matchedAuthors(names: readonly string[], reasons: readonly MarkReason[]): Set<number> {
  const wanted = reasons.filter((r) => r.field === 'authors').map((r) => parsePersonName(r.term));
  const out = new Set<number>();
  if (wanted.length === 0) return out;
  names.forEach((name, i) => {
    const person = parsePersonName(name);
    if (wanted.some((q) => authorMatches(q, person))) out.add(i);
  });
  return out;
}

/** Matched authors past the first ones a shortened line still names. */
const EXTRA_MATCHED = 3;

/**
 * `A, B, C, … +7` — the first `keep` names, then a count — but with the matched names always in it
 * (`A, B, C, …, H, … +6`), and the spans of the matched names in the line.
 */
export function authorsLine(names: readonly string[], matched: ReadonlySet<number>, keep = 3): { text: string; marks: TextSpan[] } {
  // no line at all rather than words in one language: every adapter leaves an empty author line out
  if (names.length === 0) return { text: '', marks: [] };
  const shown = names.length <= keep + 1 ? names.map((_, i) => i) : [...Array(keep).keys(), ...[...matched].filter((i) => i >= keep).sort((a, b) => a - b).slice(0, EXTRA_MATCHED)];
  let text = '';
  const marks: TextSpan[] = [];
  shown.forEach((i, k) => {
    if (k > 0) text += i === shown[k - 1]! + 1 ? ', ' : ', …, ';
    if (matched.has(i)) marks.push([text.length, text.length + names[i]!.length]);
    text += names[i]!;
  });
  const unshown = names.length - shown.length;
  if (unshown > 0) text += shown[shown.length - 1] === names.length - 1 ? ` +${unshown}` : `, … +${unshown}`;
  return { text, marks };
}

/**
 * The card's summary of `abstract` (`shorten` cuts its opening) with the phrases marked; when the opening
 * holds none of them but the abstract does, the summary is a shorter opening, then `…` and the passage
 * around the first match, so that the card shows why it matched.
 */
export function summaryWithContext(abstract: string, phrases: readonly (readonly string[])[], shorten: (text: string, max?: number) => string, max: number): { text: string; marks: TextSpan[] } {
  const opening = shorten(abstract, max);
  const marks = phraseSpans(opening, phrases);
  if (marks.length > 0 || phrases.length === 0 || opening.length === abstract.length) return { text: opening, marks };
  // the hit is looked for in the abstract as it is: collapsing a long abstract's whitespace first cost more
  const first = firstHit(abstract, phrases);
  if (!first) return { text: opening, marks };
  const lead = shorten(abstract, Math.round(max * 0.6)).replace(/…$/, '').trimEnd();
  const text = `${lead} … ${passage(abstract, first, rawEndOf(abstract, lead.length))}`;
  return { text, marks: phraseSpans(text, phrases) };
}

/**
 * The sentence around `span` of `text` (not before `from`), cut to CONTEXT_BEFORE / CONTEXT_AFTER characters
 * at word boundaries, its whitespace collapsed.
 */
function passage(text: string, span: TextSpan, from: number): string {
  const sentence = sentenceStart(text, span[0]);
  let start = Math.max(from, sentence, span[0] - CONTEXT_BEFORE);
  if (start > sentence && start > from) start = nextWordStart(text, start, span[0]);
  if (start > span[0]) start = span[0];
  const limit = span[1] + CONTEXT_AFTER;
  let end = sentenceEnd(text, span[1], limit);
  let cut = false;
  if (end < 0 && limit < text.length) {
    const space = text.lastIndexOf(' ', limit);
    end = space > span[1] ? space : span[1];
    cut = true;
  }
  return `${text.slice(start, end < 0 ? text.length : end).replace(/\s+/g, ' ').trim()}${cut ? '…' : ''}`;
}

const isWhite = (c: string | undefined): boolean => c !== undefined && isSpace(c.charCodeAt(0));

/** Is `c` a character of the regular-expression class `\s` (what trim() removes too)? */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Where the sentence holding position `at` starts: past the `.` and whitespace before it (0 for the first). */
function sentenceStart(text: string, at: number): number {
  for (let i = at - 1; i > 0; i--) if (isWhite(text[i]) && text[i - 1] === '.') return i + 1;
  return 0;
}

/** Where the sentence holding position `at` ends (past its `.`), if that is before `limit`; else -1. */
function sentenceEnd(text: string, at: number, limit: number): number {
  for (let i = at; i < Math.min(limit, text.length); i++) if (text[i] === '.' && (i + 1 === text.length || isWhite(text[i + 1]))) return i + 1;
  return -1;
}

/** The first word start of `text` at or after `at` (not past `limit`). */
function nextWordStart(text: string, at: number, limit: number): number {
  let i = at;
  while (i < limit && !isWhite(text[i - 1])) i++;
  while (i < limit && isWhite(text[i])) i++;
  return i;
}

/** The index of `text` at which the first `collapsedLength` characters of its collapsed, trimmed form end. */
function rawEndOf(text: string, collapsedLength: number): number {
  let seen = 0;
  let i = 0;
  while (i < text.length && isWhite(text[i])) i++;
  for (; i < text.length && seen < collapsedLength; i++) {
    if (isWhite(text[i])) while (isWhite(text[i + 1])) i++;
    seen++;
  }
  return i;
}
