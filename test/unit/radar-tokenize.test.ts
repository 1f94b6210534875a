import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/radar/normalize.js';
import { TokenDictionary } from '../../src/radar/percolator-dictionary.js';
import { tokenIds } from '../../src/radar/percolator-tokenize.js';
import { parseArxivAtom } from '../../src/sources/arxiv-atom.js';

const expected = (dict: TokenDictionary, text: string): number[] => analyze(text).map((t) => dict.lookup(t));

/** A dictionary holding every other distinct token of `texts`: both hits and misses occur. */
function dictionaryOf(texts: readonly string[]): TokenDictionary {
  const dict = new TokenDictionary();
  const tokens = [...new Set(texts.flatMap(analyze))];
  tokens.forEach((t, i) => i % 2 === 0 && dict.intern(t));
  return dict;
}

describe('tokenIds (the percolator tokeniser)', () => {
  it('gives analyze() then lookup on every recorded arXiv title and abstract', () => {
    const dir = new URL('../fixtures/arxiv-api/', import.meta.url);
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.xml'))
      .flatMap((f) => {
        try {
          return parseArxivAtom(readFileSync(new URL(f, dir))).papers.flatMap((p) => [p.title, p.abstract]);
        } catch {
          return []; // the error fixtures
        }
      });
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
});
