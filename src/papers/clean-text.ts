/**
 * Cleaning of feed text into display text: entities left over after XML decoding (`&lt;`, the legacy
 * RDF's double-escaped `&amp;lt;`), HTML tags from RDF descriptions, TeX accents outside `$…$` math,
 * whitespace, and control and invisible characters. Math is kept as written (`$H^3$Fusion`, `$\ln\ln T$`)
 * because it stays readable; a lone `$` (`$35,000`, `$800`) is a currency sign, not math.
 */
import { cleanUserText } from '../chat/edge-text.js';
import { resolveTexAccents } from './tex-accents.js';

export interface CleanOptions {
  /** The text is HTML (legacy RDF descriptions and creators): strip tags before decoding entities. */
  readonly html?: boolean;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  shy: '',
};

const ENTITY_RE = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,8});/g;
// Only well-formed tags: `<p>`, `</a>`, `<a href="…">`, `<br/>`. A `<` from math (`$a<b$`) is left alone.
const TAG_RE = /<\/?[a-zA-Z][a-zA-Z0-9]*(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?)*\s*\/?>/g;

function decodeOnce(text: string): string {
  return text.replace(ENTITY_RE, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/** Decode HTML entities, including double-escaped ones (`&amp;lt;` → `<`), at most three levels deep. */
export function decodeEntities(text: string): string {
  let current = text;
  for (let i = 0; i < 3 && current.includes('&'); i++) {
    const next = decodeOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

export function stripTags(text: string): string {
  return text.replace(TAG_RE, ' ');
}

/**
 * Split text into alternating prose and math runs. A `$…$` or `$$…$$` pair is math; an unpaired `$`
 * (or `\$`) is prose. Math runs are returned verbatim, delimiters included.
 */
export function splitMath(text: string): { text: string; math: boolean }[] {
  const parts: { text: string; math: boolean }[] = [];
  let prose = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && text[i + 1] === '$') {
      prose += '\\$';
      i += 2;
      continue;
    }
    if (ch === '$') {
      const delim = text[i + 1] === '$' ? '$$' : '$';
      const end = findClosing(text, i + delim.length, delim);
      if (end > i + delim.length) {
        if (prose) parts.push({ text: prose, math: false });
        prose = '';
        parts.push({ text: text.slice(i, end + delim.length), math: true });
        i = end + delim.length;
        continue;
      }
    }
    prose += ch;
    i++;
  }
  if (prose) parts.push({ text: prose, math: false });
  return parts;
}

function findClosing(text: string, from: number, delim: string): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text.startsWith(delim, j)) return j;
  }
  return -1;
}

/** Resolve TeX in prose runs only; math is kept as written. `\$` outside math becomes `$`. */
export function resolveTexOutsideMath(text: string): string {
  if (!text.includes('\\')) return text;
  return splitMath(text)
    .map((p) => (p.math ? p.text : resolveTexAccents(p.text).replace(/\\\$/g, '$')))
    .join('');
}

function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  // Parsers may hand over numbers (a title `0`); never lose them to a falsy check.
  return typeof value === 'string' ? value : String(value);
}

function baseClean(value: unknown, options: CleanOptions): string {
  let text = toText(value);
  if (options.html) text = stripTags(text);
  text = decodeEntities(text);
  // a feed's (or a decoded entity's) control characters and bidi overrides reach every card that shows the
  // text, and a soft hyphen splits a word for matching (`dif&shy;fusion` never matched `diffusion`)
  return cleanUserText(resolveTexOutsideMath(text));
}

const foldSpaces = (text: string): string => text.replace(/[\s\u00A0]+/g, ' ').trim();

/** A title on one line: whitespace and hard wraps folded, entities decoded, TeX accents resolved. */
export function cleanTitle(value: unknown, options: CleanOptions = {}): string {
  return foldSpaces(baseClean(value, options));
}

/**
 * An abstract: hard wraps folded into spaces, but a line break that follows the end of a sentence and
 * starts an indented line (arXiv's paragraph convention) or a blank line is kept as a paragraph break.
 */
export function cleanAbstract(value: unknown, options: CleanOptions = {}): string {
  const text = baseClean(value, options).replace(/\r\n?/g, '\n');
  return text
    .split(/(?<=[.!?:;])[ \t]*\n(?:[ \t]*\n)*[ \t]{2,}|\n[ \t]*\n/)
    .map(foldSpaces)
    .filter(Boolean)
    .join('\n\n');
}

/** An author name: entities decoded, tags stripped, TeX resolved, whitespace folded. */
export function cleanAuthorName(value: unknown, options: CleanOptions = {}): string {
  return foldSpaces(baseClean(value, options));
}
