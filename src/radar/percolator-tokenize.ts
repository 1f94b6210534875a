/**
 * The percolator's tokeniser: a text's tokens as dictionary ids, exactly `analyze(text).map(dict.lookup)`
 * (-1 for a token no query uses), without making a string of every token. ASCII text — nearly all of
 * arXiv — is walked once by char code, hashing each word as it goes (lower-cased); the stemmed form's hash
 * is one of the last few prefixes' hashes (stem() only cuts up to three letters, or cuts three and adds a
 * `y`), and the dictionary compares the stretch in place. Anything else goes through analyze() itself.
 * test/unit/radar-tokenize.test.ts checks the equality on the recorded fixtures and on random text.
 */
import { analyze, isAscii, stem } from './normalize.js';
import { FNV_SEED, fnv, type TokenDictionary } from './percolator-dictionary.js';

let scratch = new Int32Array(4096);

/** Per ASCII code: 0 a separator, 1 a lower-case letter or digit, 2 an upper-case letter, 3 an apostrophe. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  CLASS[c] = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? 1 : c >= 65 && c <= 90 ? 2 : c === 39 || c === 96 ? 3 : 0;
}
const isWordClass = (cls: number): boolean => cls === 1 || cls === 2;
const S = 115;
const Y = 121;

/** The dictionary ids of `analyze(text)`, -1 where a token is not in the dictionary. */
export function tokenIds(dict: TokenDictionary, text: string): Int32Array {
  if (!isAscii(text)) return Int32Array.from(analyze(text), (t) => dict.lookup(t));
  if (scratch.length < text.length) scratch = new Int32Array(text.length * 2);
  const out = scratch;
  const len = text.length;
  let n = 0;
  for (let i = 0; i < len; ) {
    let cls = CLASS[text.charCodeAt(i)]!;
    if (!isWordClass(cls)) {
      i++;
      continue;
    }
    const start = i;
    // h: the hash of the word so far; h1…h3 of the word one, two, three letters shorter; c1…c4 its last letters
    let h = FNV_SEED;
    let h1 = 0;
    let h2 = 0;
    let h3 = 0;
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    let c4 = 0;
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      cls = CLASS[c]!;
      if (!isWordClass(cls)) break;
      const lower = cls === 2 ? c | 32 : c;
      h3 = h2;
      h2 = h1;
      h1 = h;
      h = fnv(h, lower);
      c4 = c3;
      c3 = c2;
      c2 = c1;
      c1 = lower;
    }
    if (cls === 3 && i < len) {
      const word = joinedWord(text, start, i);
      i = word.end;
      out[n++] = dict.lookup(stem(word.text));
      continue;
    }
    const w = i - start;
    // stem(): short words and words not ending in s stay; -ies → -y; -sses, -xes, -ches, -shes, -zzes drop
    // the es; -ss, -is and (past four letters) -us stay; any other final s goes
    let id: number;
    if (w <= 3 || c1 !== S) id = dict.spanHashed(text, start, w, false, h);
    else if (c3 === 105 && c2 === 101) id = w > 4 ? dict.spanHashed(text, start, w - 3, true, fnv(h3, Y)) : dict.spanHashed(text, start, w, false, h);
    else if (c2 === 101 && (c3 === 120 || (c3 === S && c4 === S) || (c3 === 104 && (c4 === 99 || c4 === S)) || (c3 === 122 && c4 === 122))) {
      id = dict.spanHashed(text, start, w - 2, false, h2);
    } else if (c2 === S || c2 === 105 || (w > 4 && c2 === 117)) id = dict.spanHashed(text, start, w, false, h);
    else id = dict.spanHashed(text, start, w - 1, false, h1);
    out[n++] = id;
  }
  return out.slice(0, n);
}

/** A word with apostrophes in it, from `start` (its first run ends at `end`): the runs joined, lower-cased. */
function joinedWord(text: string, start: number, end: number): { text: string; end: number } {
  let word = text.slice(start, end);
  let i = end;
  while (i < text.length) {
    const cls = CLASS[text.charCodeAt(i)]!;
    if (cls === 3) {
      i++;
      continue;
    }
    if (cls === 0) break;
    const run = i;
    while (i < text.length && isWordClass(CLASS[text.charCodeAt(i)]!)) i++;
    word += text.slice(run, i);
  }
  return { text: word.toLowerCase(), end: i };
}
