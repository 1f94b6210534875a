/**
 * Why a card matched, shown in place: the words of a text reason marked in the title and the summary (found
 * as the matcher finds them — case, accents, hyphens and plurals do not matter), the authors an author
 * reason matched kept in the shortened author line even when they are not among the first three, and a
 * summary that reaches for the sentence that matched when the abstract's opening does not hold it.
 * Each adapter renders the marks its own way (bold on Discord and Slack, <mark> on the web page).
 */
import type { TextSpan } from '../chat/message.js';
import { analyze, fold, isAscii, stem } from '../radar/normalize.js';
import { authorMatches, parsePersonName } from '../radar/author-match.js';

/** A reason as the marks need it: which part of the paper it hit and the term as written. */
export interface MarkReason {
  /** `title`, `abstract`, `authors` (other fields are not marked). */
  readonly field: string;
  readonly term: string;
}

/** A run of letters and digits (apostrophes inside it join, as normalize.ts deletes them). */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’`]+[\p{L}\p{N}\p{M}]+)*/gu;
/** Context around a match beyond the summary's opening: characters before and after it at most. */
const CONTEXT_BEFORE = 120;
const CONTEXT_AFTER = 160;

/** The analysed token sequences of the text reasons that hit `field`. */
export function phrasesOf(reasons: readonly MarkReason[], field: 'title' | 'abstract'): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const r of reasons) {
    if (r.field !== field) continue;
    const tokens = analyze(r.term);
    const key = tokens.join(' ');
    if (tokens.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(tokens);
  }
  return out;
}

/**
 * Where in `text` one of `phrases` occurs, token for token as the matcher reads it: ascending spans from
 * the first character of the first word to the last of the last, overlapping ones merged.
 */
export function phraseSpans(text: string, phrases: readonly (readonly string[])[]): TextSpan[] {
  if (phrases.length === 0 || !mayHold(text, phrases)) return [];
  const words = isAscii(text) ? asciiWordSpans(text) : unicodeWordSpans(text);
  const spans: [number, number][] = [];
  const { tokens, starts, ends } = words;
  for (let i = 0; i < tokens.length; i++) {
    for (const phrase of phrases) {
      if (i + phrase.length > tokens.length || !phrase.every((t, k) => tokens[i + k] === t)) continue;
      spans.push([starts[i]!, ends[i + phrase.length - 1]!]);
    }
  }
  return merge(spans);
}

interface WordSpans {
  readonly tokens: string[];
  readonly starts: number[];
  readonly ends: number[];
}

/**
 * Could `text` hold one of the phrases? Every token of a phrase is, before stemming took at most a final
 * `s`/`es` or turned `ies` into `y`, a piece of the folded text without apostrophes: a cheap test that spares
 * most cards (a summary that does not hold the hit) the word-by-word analysis.
 */
function mayHold(text: string, phrases: readonly (readonly string[])[]): boolean {
  const folded = fold(text).replace(APOSTROPHES, '');
  return phrases.some((p) => p.every((t) => folded.includes(t.endsWith('y') ? t.slice(0, -1) : t)));
}

const APOSTROPHES = /['’`]/g;

/** The analysed tokens of a text and where each one's word is, by regular expression (any script). */
function unicodeWordSpans(text: string): WordSpans {
  const out: WordSpans = { tokens: [], starts: [], ends: [] };
  for (const m of text.matchAll(WORD)) {
    for (const token of analyze(m[0])) {
      out.tokens.push(token);
      out.starts.push(m.index);
      out.ends.push(m.index + m[0].length);
    }
  }
  return out;
}

/** The same for ASCII text, by char code (what normalize.ts does there: apostrophes inside a word dropped). */
function asciiWordSpans(text: string): WordSpans {
  const out: WordSpans = { tokens: [], starts: [], ends: [] };
  let start = -1;
  let end = -1;
  let word = '';
  let run = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    if (alnum) {
      if (run < 0) run = i;
      if (start < 0) start = i;
      continue;
    }
    if (run >= 0) {
      word += text.slice(run, i);
      end = i;
      run = -1;
    }
    // an apostrophe keeps the word going; anything else ends it
    if ((c === 39 || c === 96) && start >= 0) continue;
    if (start >= 0) {
      out.tokens.push(stem(word.toLowerCase()));
      out.starts.push(start);
      out.ends.push(end);
      start = -1;
      word = '';
    }
  }
  return out;
}

function merge(spans: [number, number][]): TextSpan[] {
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

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
  if (names.length === 0) return { text: 'Unknown authors', marks: [] };
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
  if (phrases.length === 0 || !mayHold(abstract, phrases)) return { text: opening, marks: [] };
  const marks = phraseSpans(opening, phrases);
  if (marks.length > 0) return { text: opening, marks };
  const whole = shorten(abstract, Number.MAX_SAFE_INTEGER);
  const first = phraseSpans(whole, phrases)[0];
  if (!first) return { text: opening, marks };
  const lead = shorten(abstract, Math.round(max * 0.6)).replace(/…$/, '').trimEnd();
  const text = `${lead} … ${passage(whole, first, lead.length)}`;
  return { text, marks: phraseSpans(text, phrases) };
}

/** The sentence around `span` of `text` (not before `from`), cut to CONTEXT_BEFORE / CONTEXT_AFTER characters at word boundaries. */
function passage(text: string, span: TextSpan, from: number): string {
  const sentenceStart = text.lastIndexOf('. ', span[0]) + 2;
  let start = Math.max(from, sentenceStart, span[0] - CONTEXT_BEFORE);
  if (start > sentenceStart && start > from) start = text.indexOf(' ', start) + 1 || span[0];
  if (start > span[0]) start = span[0];
  const sentenceEnd = text.indexOf('. ', span[1]);
  let end = sentenceEnd < 0 ? text.length : sentenceEnd + 1;
  let cut = false;
  if (end > span[1] + CONTEXT_AFTER) {
    const space = text.lastIndexOf(' ', span[1] + CONTEXT_AFTER);
    end = space > span[1] ? space : span[1];
    cut = true;
  }
  return `${text.slice(start, end).trim()}${cut ? '…' : ''}`;
}
