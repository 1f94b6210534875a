/**
 * The percolator's tokeniser: a text's tokens as dictionary ids, exactly `analyze(text).map(dict.lookup)`
 * (-1 for a token no query uses), without making a string of every token. ASCII text — nearly all of
 * arXiv — is walked once by char code, hashing each word as it goes (lower-cased); the stemmed form's hash
 * is one of the last few prefixes' hashes (stem() only cuts up to three letters, or cuts three and adds a
 * `y`), and the dictionary compares the stretch in place. A text with anything else in it goes through
 * analyze() itself (the walk gives up at the first such character: no separate pass to check the text).
 * test/unit/radar-tokenize.test.ts checks the equality on the recorded fixtures and on random text.
 */
import { analyze, stem, words } from './normalize.js';
import { FNV_PRIME, FNV_SEED, type TokenDictionary } from './percolator-dictionary.js';

/** A growable list of token ids: a batch writes the texts of all its papers back to back. */
export class IdList {
  data = new Int32Array(1 << 12);
  length = 0;

  /** Room for `extra` more ids. */
  ensure(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const bigger = new Int32Array(Math.max(this.data.length * 2, this.length + extra));
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}

/** Per ASCII code: the lower-cased code of a letter or digit, 0 for anything else. */
const LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  LOWER[c] = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? c : c >= 65 && c <= 90 ? c | 32 : 0;
}
const isApostrophe = (c: number): boolean => c === 39 || c === 96;
const S = 115;
const Y = 121;
const NOT_ASCII = -1;

/** Appends the dictionary ids of `analyze(text)` to `list` (-1 where a token is not in the dictionary). */
export function appendTokenIds(dict: TokenDictionary, text: string, list: IdList): void {
  // an ASCII text has at most one token per character
  list.ensure(text.length);
  const end = asciiIds(dict, text, list.data, list.length, null);
  if (end !== NOT_ASCII) {
    list.length = end;
    return;
  }
  const tokens = analyze(text);
  list.ensure(tokens.length);
  for (const t of tokens) list.data[list.length++] = dict.lookup(t);
}

/**
 * Calls `word` with each word of `words(text)` (folded, not stemmed: how person names are read): its
 * dictionary id (-1 when no query uses it) and its first character's code — without a string per word when
 * the text is ASCII.
 */
export function forEachWordId(dict: TokenDictionary, text: string, word: (id: number, first: number) => void): void {
  nameIds.ensure(text.length);
  nameFirsts.ensure(text.length);
  const count = asciiIds(dict, text, nameIds.data, 0, nameFirsts.data);
  if (count === NOT_ASCII) {
    for (const w of words(text)) word(dict.lookup(w), w.charCodeAt(0));
    return;
  }
  for (let k = 0; k < count; k++) word(nameIds.data[k]!, nameFirsts.data[k]!);
}

const nameIds = new IdList();
const nameFirsts = new IdList();

/**
 * Writes the ids of an ASCII text's words into out[at…] and returns the end, or NOT_ASCII at the first
 * character past ASCII (out must have room for text.length ids). Without `firsts`, the words are the
 * stemmed tokens of analyze(); with it, the unstemmed words of words() (person names), each one's first
 * character written at the same index of `firsts`.
 */
function asciiIds(dict: TokenDictionary, text: string, out: Int32Array, at: number, firsts: Int32Array | null): number {
  const len = text.length;
  let n = at;
  for (let i = 0; i < len; ) {
    let c = text.charCodeAt(i);
    if (c >= 128) return NOT_ASCII;
    let lower = LOWER[c]!;
    if (lower === 0) {
      i++;
      continue;
    }
    const start = i;
    if (firsts) firsts[n] = lower;
    // h: the hash of the word so far; h1…h3 of the word one, two, three letters shorter
    let h = FNV_SEED;
    let h1 = 0;
    let h2 = 0;
    let h3 = 0;
    for (;;) {
      h3 = h2;
      h2 = h1;
      h1 = h;
      h = Math.imul(h ^ lower, FNV_PRIME);
      if (++i === len) break;
      c = text.charCodeAt(i);
      if (c >= 128) return NOT_ASCII;
      lower = LOWER[c]!;
      if (lower === 0) break;
    }
    if (i < len && isApostrophe(c)) {
      const word = joinedWord(text, start, i);
      if (word === undefined) return NOT_ASCII;
      i = word.end;
      out[n++] = dict.lookup(firsts ? word.text : stem(word.text));
    } else if (firsts) out[n++] = dict.spanHashed(text, start, i - start, false, h);
    else out[n++] = stemmedId(dict, text, start, i - start, h, h1, h2, h3);
  }
  return n;
}

/**
 * The id of the stem of the word text[start, start + w), given the hashes of it and of its three shorter
 * prefixes. stem(): short words and words not ending in s stay; -ies → -y; -sses, -xes, -ches, -shes, -zzes
 * drop the es; -ss, -is and (past four letters) -us stay; any other final s goes.
 */
function stemmedId(dict: TokenDictionary, text: string, start: number, w: number, h: number, h1: number, h2: number, h3: number): number {
  const end = start + w;
  if (w <= 3 || LOWER[text.charCodeAt(end - 1)] !== S) return dict.spanHashed(text, start, w, false, h);
  const c2 = LOWER[text.charCodeAt(end - 2)]!;
  const c3 = LOWER[text.charCodeAt(end - 3)]!;
  const c4 = LOWER[text.charCodeAt(end - 4)]!;
  if (c3 === 105 && c2 === 101) {
    return w > 4 ? dict.spanHashed(text, start, w - 3, true, Math.imul(h3 ^ Y, FNV_PRIME)) : dict.spanHashed(text, start, w, false, h);
  }
  if (c2 === 101 && (c3 === 120 || (c3 === S && c4 === S) || (c3 === 104 && (c4 === 99 || c4 === S)) || (c3 === 122 && c4 === 122))) {
    return dict.spanHashed(text, start, w - 2, false, h2);
  }
  if (c2 === S || c2 === 105 || (w > 4 && c2 === 117)) return dict.spanHashed(text, start, w, false, h);
  return dict.spanHashed(text, start, w - 1, false, h1);
}

/**
 * A word with apostrophes in it, from `start` (its first run ends at `end`): the runs joined, lower-cased;
 * undefined when a character past ASCII comes first.
 */
function joinedWord(text: string, start: number, end: number): { text: string; end: number } | undefined {
  let word = text.slice(start, end);
  let i = end;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 128) return undefined;
    if (isApostrophe(c)) {
      i++;
      continue;
    }
    if (LOWER[c] === 0) break;
    const run = i;
    while (i < text.length && text.charCodeAt(i) < 128 && LOWER[text.charCodeAt(i)] !== 0) i++;
    word += text.slice(run, i);
  }
  return { text: word.toLowerCase(), end: i };
}
