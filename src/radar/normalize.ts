/**
 * Text normalisation shared by the query parser, the reference matcher and the percolator. The SAME
 * functions run on query terms and on paper text, so every rule here is symmetric by construction:
 *
 * - case- and accent-insensitive: NFKD, combining marks stripped, a few letters that do not decompose
 *   mapped by hand (ß→ss, ł→l, ø→o, æ→ae, œ→oe, đ/ð→d, þ→th, ı→i, ħ→h);
 * - tokens are maximal runs of letters/digits; everything else (spaces, hyphens, underscores, `$`, `\`,
 *   brackets, dots) separates tokens, so `mixture-of-experts` ≡ `mixture of experts` ≡ `mixture_of_experts`
 *   and a term never matches inside a longer word (`MoE` does not hit `shoe`). Apostrophes are deleted,
 *   not separators (`teacher's` → `teachers` → `teacher`). TeX math is tokenised like text: `$\ln\ln T$`
 *   yields `ln ln t`;
 * - a light, conservative English plural stemmer ({@link stem}).
 */

const SPECIAL: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'ss', ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe',
  đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h',
};
const SPECIAL_RE = /[ßẞłŁøØæÆœŒđĐðÐþÞıħĦ]/g;
const MARKS_RE = /\p{M}+/gu;
const APOSTROPHES_RE = /['’`]/g;
const WORD_RE = /[\p{L}\p{N}]+/gu;
// eslint-disable-next-line no-control-regex
const ASCII_RE = /^[\x00-\x7f]*$/;

/** Is the text plain ASCII (where fold() is just toLowerCase)? */
export const isAscii = (text: string): boolean => ASCII_RE.test(text);

/** Lower-case, accent-free form of `text` (the characters kept are otherwise unchanged). */
export function fold(text: string): string {
  if (ASCII_RE.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(MARKS_RE, '')
    .replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c)
    .toLowerCase();
}

/** Folded word tokens, without stemming (used for person names). */
export function words(text: string): string[] {
  const folded = fold(text);
  if (ASCII_RE.test(folded)) return asciiWords(folded);
  return folded.replace(APOSTROPHES_RE, '').match(WORD_RE) ?? [];
}

/** Hot path for ASCII text: one pass over char codes, no regex allocation per token. */
function asciiWords(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  let buf = '';
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    if (alnum) {
      if (start < 0) start = i;
    } else if (c === 39 || c === 96) {
      // apostrophe inside a word: keep the word going, drop the character
      if (start >= 0) {
        buf += s.slice(start, i);
        start = i + 1;
      }
    } else if (start >= 0 || buf !== '') {
      const w = buf + (start >= 0 ? s.slice(start, i) : '');
      if (w !== '') out.push(w);
      buf = '';
      start = -1;
    }
  }
  return out;
}

/**
 * Conservative plural → singular. Short tokens (≤ 3 chars: `gas`, `has`, `its`) are left alone;
 * `-ies`→`-y` (`policies`→`policy`); `-sses/-xes/-ches/-shes/-zzes` drop `es` (`classes`→`class`,
 * `boxes`→`box`); words ending in `ss`, `is` and (when longer than 4 chars) `us` are kept (`class`,
 * `analysis`, `corpus`) while `GPUs`→`gpu`; any other final `s` is dropped (`models`→`model`, `LLMs`→`llm`).
 * It is not a full stemmer (`analyses` ≠ `analysis`), but it is the same function on both sides.
 */
export function stem(t: string): string {
  const n = t.length;
  if (n <= 3 || t.charCodeAt(n - 1) !== 115) return t;
  if (t.endsWith('ies')) return n > 4 ? `${t.slice(0, -3)}y` : t;
  if (t.endsWith('sses') || t.endsWith('xes') || t.endsWith('ches') || t.endsWith('shes') || t.endsWith('zzes')) {
    return t.slice(0, -2);
  }
  if (t.endsWith('ss') || t.endsWith('is') || (n > 4 && t.endsWith('us'))) return t;
  return t.slice(0, -1);
}

/** The analysed token stream used for matching: folded words, stemmed. */
export function analyze(text: string): string[] {
  const ws = words(text);
  for (let i = 0; i < ws.length; i++) ws[i] = stem(ws[i]!);
  return ws;
}
