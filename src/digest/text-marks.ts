/**
 * Where a text reason's words are in a text, found as the matcher finds them (normalize.ts: case, accents,
 * hyphens, apostrophes and plurals do not matter; whole words only): spans the adapters mark.
 */
import type { TextSpan } from '../chat/message.js';
import { analyze, fold, isAscii, stem } from '../radar/normalize.js';

/** A reason as the marks need it: which part of the paper it hit and the term as written. */
export interface MarkReason {
  /** `title`, `abstract`, `authors` (other fields are not marked). */
  readonly field: string;
  readonly term: string;
}

/** A run of letters and digits (apostrophes inside it join, as normalize.ts deletes them). */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’`]+[\p{L}\p{N}\p{M}]+)*/gu;

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
  if (phrases.length === 0) return [];
  if (PLAIN_TEXT.test(text)) return merge(asciiHits(text, phrases, false));
  if (!mayHold(text, phrases)) return [];
  const { tokens, starts, ends } = isAscii(text) ? asciiWordSpans(text) : unicodeWordSpans(text);
  const spans: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const phrase of phrases) {
      if (i + phrase.length > tokens.length || !phrase.every((t, k) => tokens[i + k] === t)) continue;
      spans.push([starts[i]!, ends[i + phrase.length - 1]!]);
    }
  }
  return merge(spans);
}

/**
 * The phrases' places in an ASCII text without apostrophes, where a word is a run of letters and digits:
 * every place its first token's letters start a word (indexOf) is checked, and no other word is analysed.
 * A stemmed token, less a final `y` (once `ies`), is how its word begins. `firstOnly`: the earliest place.
 */
function asciiHits(text: string, phrases: readonly (readonly string[])[], firstOnly: boolean): [number, number][] {
  const lower = text.toLowerCase();
  const out: [number, number][] = [];
  for (const phrase of phrases) {
    const probe = probeOf(phrase[0]!);
    for (let p = lower.indexOf(probe); p >= 0; p = lower.indexOf(probe, p + 1)) {
      if (firstOnly && out.length > 0 && p >= out[0]![0]) break;
      if (p > 0 && isAlnum(lower.charCodeAt(p - 1))) continue; // not where a word starts
      const words = asciiWordSpans(text, p, phrase.length);
      if (words.tokens.length !== phrase.length || !phrase.every((t, k) => words.tokens[k] === t)) continue;
      const hit: [number, number] = [p, words.ends[phrase.length - 1]!];
      if (firstOnly) {
        out[0] = hit;
        break;
      }
      out.push(hit);
    }
  }
  return out;
}

/**
 * Text asciiHits reads: ASCII without apostrophes, where besides the ellipsis our own summaries end with, a
 * few punctuation marks and no-break space (none of them a letter, digit or apostrophe to the analyser).
 */
const PLAIN_TEXT = /^[\x00-\x26\x28-\x5f\x61-\x7f\u00a0\u2013\u2014\u201c\u201d\u2026]*$/;

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
  return phrases.some((p) => p.every((t) => folded.includes(probeOf(t))));
}

const APOSTROPHES = /['’`]/g;
const PLAIN_WORD = /^[A-Za-z0-9]+$/;

/** The analysed tokens of a text and where each one's word is, by regular expression (any script). */
function unicodeWordSpans(text: string): WordSpans {
  const out: WordSpans = { tokens: [], starts: [], ends: [] };
  for (const m of text.matchAll(WORD)) {
    // a plain ASCII word is its own one token: only the others need the whole analyser
    const tokens = PLAIN_WORD.test(m[0]) ? [stem(m[0].toLowerCase())] : analyze(m[0]);
    for (const token of tokens) {
      out.tokens.push(token);
      out.starts.push(m.index);
      out.ends.push(m.index + m[0].length);
    }
  }
  return out;
}

/**
 * The same for ASCII text, by char code (what normalize.ts does there: apostrophes inside a word dropped),
 * from `from` on and at most `maxTokens` of them.
 */
function asciiWordSpans(text: string, from = 0, maxTokens = Infinity): WordSpans {
  const out: WordSpans = { tokens: [], starts: [], ends: [] };
  let start = -1;
  let end = -1;
  let word = '';
  let run = -1;
  for (let i = from; i <= text.length && out.tokens.length < maxTokens; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (isAlnum(c)) {
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
    if (isApostrophe(c) && start >= 0) continue;
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

const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
const isApostrophe = (c: number): boolean => c === 39 || c === 96;

/** What a stemmed token leaves in the text it came from: itself, less a `y` that was `ies`. */
const probeOf = (token: string): string => (token.endsWith('y') ? token.slice(0, -1) : token);

/** The first place in `text` where one of the phrases occurs (asciiHits spares a long ASCII abstract the analysis). */
export function firstHit(text: string, phrases: readonly (readonly string[])[]): TextSpan | undefined {
  if (PLAIN_TEXT.test(text)) return asciiHits(text, phrases, true)[0];
  return phraseSpans(text, phrases)[0];
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
