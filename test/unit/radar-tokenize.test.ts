import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, words } from '../../src/radar/normalize.js';
import { TokenDictionary } from '../../src/radar/percolator-dictionary.js';
import { appendTokenIds, forEachWordId, IdList } from '../../src/radar/percolator-tokenize.js';
import { recordedArxivPapers } from './helpers/recorded-arxiv-papers.js';

const expected = (dict: TokenDictionary, text: string): number[] => analyze(text).map((t) => dict.lookup(t));

/** The tokeniser's ids of one text. */
function tokenIds(dict: TokenDictionary, text: string): Int32Array {
  const list = new IdList();
  appendTokenIds(dict, text, list);
  return list.data.subarray(0, list.length);
}

/** A dictionary holding every other distinct token of `texts`: both hits and misses occur. */
function dictionaryOf(texts: readonly string[]): TokenDictionary {
  const dict = new TokenDictionary();
  const tokens = [...new Set(texts.flatMap(analyze))];
  tokens.forEach((t, i) => i % 2 === 0 && dict.intern(t));
  return dict;
}

describe('tokenIds (the percolator tokeniser)', () => {
  it('gives analyze() then lookup on every recorded arXiv title and abstract', () => {
    const texts = recordedArxivPapers().flatMap((p) => [p.title, p.abstract]);
    expect(texts.length).toBeGreaterThan(40);
    const dict = dictionaryOf(texts);
    let hits = 0;
    for (const text of texts) {
      const ids = [...tokenIds(dict, text)];
      expect(ids).toEqual(expected(dict, text));
      hits += ids.filter((id) => id >= 0).length;
    }
    expect(hits).toBeGreaterThan(1000);
  });

  it('handles plurals, apostrophes, case, digits and non-ASCII text like analyze()', () => {
    const samples = [
      'Policies POLICIES ties classes Boxes churches wishes buzzes GPUs LLMs analysis corpus bus gas its',
      "teacher's TEACHER`S rock''n'roll 'quoted' it's end' 'start x'",
      'mixture-of-experts mixture_of_experts $\\ln\\ln T$ 3D-CNNs v2 A100s',
      'naïve Straße Łukasz caféS', '', '   ', "'", 'S', 'ss sss ies IES xies',
    ];
    const dict = dictionaryOf(samples);
    for (const s of samples) expect([...tokenIds(dict, s)]).toEqual(expected(dict, s));
  });

  it('agrees with analyze() on random text', () => {
    const pieces = ['ies', 'IES', 'sses', 'xes', 'ches', 'shes', 'zzes', 'ss', 'is', 'us', 's', 'S', "'", '`', ' ', '-', 'a', 'Z', 'q', '7', 'é', '.', 'model', 'policy'];
    const textArb = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(textArb, { minLength: 1, maxLength: 6 }), (texts) => {
        const dict = dictionaryOf(texts);
        for (const t of texts) expect([...tokenIds(dict, t)]).toEqual(expected(dict, t));
      }),
      { numRuns: 400 },
    );
  });

  it('finds interned strings that are not lower-case exactly, and only them', () => {
    const dict = new TokenDictionary();
    const upper = dict.intern('Key');
    expect(dict.lookup('Key')).toBe(upper);
    expect(dict.lookup('key')).toBe(-1);
    expect(dict.intern('key')).not.toBe(upper);
    for (let i = 0; i < 5000; i++) dict.intern(`w${i}`);
    expect(dict.lookup('w4999')).toBe(dict.intern('w4999'));
    expect(dict.size).toBe(5002);
  });

  it('appends after what a list holds, also when a text turns out not to be ASCII half-way', () => {
    const texts = ['Graph models', "Models of naïve graphs, the teacher's", 'policies é', 'end'];
    const dict = dictionaryOf(texts);
    const list = new IdList();
    list.data = new Int32Array(2); // grows as it goes
    for (const t of texts) appendTokenIds(dict, t, list);
    expect([...list.data.subarray(0, list.length)]).toEqual(texts.flatMap((t) => expected(dict, t)));
  });
});

describe('forEachWordId (person names)', () => {
  const wordsOf = (dict: TokenDictionary, name: string): [number, number][] => {
    const out: [number, number][] = [];
    forEachWordId(dict, name, (id, first) => out.push([id, first]));
    return out;
  };
  const expectedWords = (dict: TokenDictionary, name: string): [number, number][] => words(name).map((w) => [dict.lookup(w), w.charCodeAt(0)]);

  it('gives words() then lookup, with each word\'s first character', () => {
    const names = ["Conan O'Brien", "Luc Jean D'Amours", 'Williams, Mary', 'José Ángel Núñez', 'Łukasz Kaiser', 'J. R. R. Tolkien', 'van der Berg, Jan', "D'Angelo``x", 'Ng', "'", '  A1 b2  ', ''];
    const dict = new TokenDictionary();
    names.flatMap(words).forEach((w, i) => i % 3 !== 0 && dict.intern(w));
    for (const n of names) expect(wordsOf(dict, n)).toEqual(expectedWords(dict, n));
  });

  it('agrees with words() on random names', () => {
    const pieces = ["'", '`', ' ', '-', '.', ',', 'a', 'Z', 'q', '7', 'é', 'Ø', 'Li', 'van', 'DER'];
    const nameArb = fc.array(fc.constantFrom(...pieces), { maxLength: 20 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(nameArb, { minLength: 1, maxLength: 6 }), (names) => {
        const dict = new TokenDictionary();
        names.flatMap(words).forEach((w, i) => i % 2 === 0 && dict.intern(w));
        for (const n of names) expect(wordsOf(dict, n)).toEqual(expectedWords(dict, n));
      }),
      { numRuns: 300 },
    );
  });
});
