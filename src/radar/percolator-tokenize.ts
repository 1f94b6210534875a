/**
 * The percolator's tokeniser: a text's tokens as dictionary ids, exactly `analyze(text).map(dict.lookup)`
 * (-1 for a token no query uses), without making a string of every token. ASCII text — nearly all of
 * arXiv — is walked once by char code; each word is looked up as a stretch of the text, lower-cased and
 * stemmed on the fly by the rules of stem() (normalize.ts). Anything else goes through analyze() itself.
 * test/unit/radar-tokenize.test.ts checks the equality on the recorded fixtures and on random text.
 */
import { analyze, isAscii, stem } from './normalize.js';
import type { TokenDictionary } from './percolator-dictionary.js';

let scratch = new Int32Array(4096);

/** The dictionary ids of `analyze(text)`, -1 where a token is not in the dictionary. */
export function tokenIds(dict: TokenDictionary, text: string): Int32Array {
  if (!isAscii(text)) return Int32Array.from(analyze(text), (t) => dict.lookup(t));
  if (scratch.length < text.length) scratch = new Int32Array(text.length * 2);
  const out = scratch;
  const len = text.length;
  let n = 0;
  for (let i = 0; i < len; ) {
    if (!isWordCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < len && isWordCode(text.charCodeAt(i))) i++;
    if (i < len && isApostrophe(text.charCodeAt(i))) {
      const word = joinedWord(text, start, i);
      i = word.end;
      out[n++] = dict.lookup(stem(word.text));
    } else out[n++] = stemmedId(dict, text, start, i - start);
  }
  return out.slice(0, n);
}

const isWordCode = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
/** Apostrophes inside a word are deleted, not separators (`teacher's` → `teachers`), as in words(). */
const isApostrophe = (c: number): boolean => c === 39 || c === 96;
const lowerCode = (c: number): number => (c >= 65 && c <= 90 ? c | 32 : c);

/** A word with apostrophes in it, from `start` (its first run ends at `end`): the runs joined, lower-cased. */
function joinedWord(text: string, start: number, end: number): { text: string; end: number } {
  let word = text.slice(start, end);
  let i = end;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isApostrophe(c)) {
      i++;
      continue;
    }
    if (!isWordCode(c)) break;
    const run = i;
    while (i < text.length && isWordCode(text.charCodeAt(i))) i++;
    word += text.slice(run, i);
  }
  return { text: word.toLowerCase(), end: i };
}

/** The id of stem(lower-cased text[start, start + n)), read off the char codes (same rules as stem()). */
function stemmedId(dict: TokenDictionary, text: string, start: number, n: number): number {
  if (n <= 3 || lowerCode(text.charCodeAt(start + n - 1)) !== 115) return dict.span(text, start, n, false);
  const c2 = lowerCode(text.charCodeAt(start + n - 2));
  const c3 = lowerCode(text.charCodeAt(start + n - 3));
  const c4 = lowerCode(text.charCodeAt(start + n - 4));
  // -ies → -y (not for a four-letter word like `ties`)
  if (c3 === 105 && c2 === 101) return n > 4 ? dict.span(text, start, n - 3, true) : dict.span(text, start, n, false);
  // -sses, -xes, -ches, -shes, -zzes drop the `es`
  if (c2 === 101 && (c3 === 120 || (c3 === 115 && c4 === 115) || (c3 === 104 && (c4 === 99 || c4 === 115)) || (c3 === 122 && c4 === 122))) {
    return dict.span(text, start, n - 2, false);
  }
  // -ss, -is and (past four letters) -us stay
  if (c2 === 115 || c2 === 105 || (n > 4 && c2 === 117)) return dict.span(text, start, n, false);
  return dict.span(text, start, n - 1, false);
}
