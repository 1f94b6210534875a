/**
 * TeX accent and special-letter macros → Unicode, for text outside `$…$` math (arXiv author names and
 * titles are often typed in TeX: `Przemys{\l}aw`, `Jos\'e`, `\.Zygierewicz`, `Kad{\i}o\u{g}lu`).
 * Unknown macros are left as written: a reader can still make sense of `\b{eta}`, not of a mangled guess.
 */

/** Accents that take one (possibly braced) argument, as combining marks. */
const ACCENTS: Readonly<Record<string, string>> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030C',
  H: '\u030B',
  c: '\u0327',
  k: '\u0328',
  r: '\u030A',
  d: '\u0323',
};

/** Control words that stand for a letter or symbol. */
const LETTERS: Readonly<Record<string, string>> = {
  l: 'ł',
  L: 'Ł',
  o: 'ø',
  O: 'Ø',
  ss: 'ß',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  i: 'ı',
  j: 'ȷ',
  dh: 'ð',
  DH: 'Ð',
  th: 'þ',
  TH: 'Þ',
  ng: 'ŋ',
  NG: 'Ŋ',
};

/** Escaped punctuation: `\&` → `&` and friends. `\$` is handled by the math splitter. */
const ESCAPES: Readonly<Record<string, string>> = { '&': '&', '%': '%', '#': '#', _: '_', '{': '{', '}': '}' };

const LETTER_WORDS = Object.keys(LETTERS)
  .sort((a, b) => b.length - a.length)
  .join('|');
// A base for an accent: a plain letter, or a dotless-i/j macro.
const BASE = String.raw`(?:\\[ij](?![A-Za-z])|[A-Za-z])`;
const SYMBOL_ACCENT = String.raw`['\x60^"~=.]`;
const WORD_ACCENT = String.raw`[uvHckrd]`;

// {\'e} / {\'{e}} / \'{e} / \'e / \u{g} / \u g / \'{\i}
const ACCENT_RE = new RegExp(
  String.raw`\{\\(${SYMBOL_ACCENT}|${WORD_ACCENT})\s*\{?\s*(${BASE})\s*\}?\}` + // braced group
    String.raw`|\\(${SYMBOL_ACCENT})\s*\{\s*(${BASE})\s*\}` +
    String.raw`|\\(${SYMBOL_ACCENT})(${BASE})` +
    String.raw`|\\(${WORD_ACCENT})\{\s*(${BASE})\s*\}` +
    String.raw`|\\(${WORD_ACCENT})\s+([A-Za-z])`,
  'g',
);
// {\l} / \l / \ss followed by a non-letter (TeX eats the spaces after a control word).
const LETTER_RE = new RegExp(String.raw`\{\\(${LETTER_WORDS})\}|\\(${LETTER_WORDS})(?![A-Za-z])(?:\{\}| +(?=[A-Za-z]))?`, 'g');
const ESCAPE_RE = /\\([&%#_{}])/g;

function baseChar(base: string): string {
  if (base === '\\i') return 'i';
  if (base === '\\j') return 'j';
  return base;
}

/** Resolve TeX accents, special letters and escapes in a string that contains no math. */
export function resolveTexAccents(text: string): string {
  if (!text.includes('\\')) return text;
  let out = text.replace(ACCENT_RE, (whole, ...groups: (string | undefined)[]) => {
    for (let g = 0; g < 10; g += 2) {
      const accent = groups[g];
      const base = groups[g + 1];
      if (accent !== undefined && base !== undefined) {
        const mark = ACCENTS[accent];
        return mark ? (baseChar(base) + mark).normalize('NFC') : whole;
      }
    }
    return whole;
  });
  out = out.replace(LETTER_RE, (whole, braced: string | undefined, bare: string | undefined) => {
    const word = braced ?? bare;
    return (word && LETTERS[word]) || whole;
  });
  out = out.replace(ESCAPE_RE, (_w, ch: string) => ESCAPES[ch] ?? ch);
  // Braces that only grouped a resolved letter (`{ł}`, `{ö}`) are noise in plain text.
  out = out.replace(/\{(\p{L}\p{M}*)\}/gu, '$1');
  return out;
}
