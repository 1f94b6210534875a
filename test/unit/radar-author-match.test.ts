import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import { authorMatches, parseAnyPersonName, parsePersonName } from '../../src/radar/author-match.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';
import { recordedArxivPapers } from './helpers/recorded-arxiv-papers.js';

const m = (query: string, author: string) => authorMatches(parsePersonName(query), parsePersonName(author));

describe('parsePersonName', () => {
  it('splits given names and surname', () => {
    expect(parsePersonName('Yinmin Zhong')).toMatchObject({ given: ['yinmin'], surname: ['zhong'] });
    expect(parsePersonName('Zhong, Yinmin')).toMatchObject({ given: ['yinmin'], surname: ['zhong'], comma: true });
    expect(parsePersonName('Y.Zhong')).toMatchObject({ given: ['y'], surname: ['zhong'], hasInitials: true });
    expect(parsePersonName('Adrian Del Maestro')).toMatchObject({ given: ['adrian'], surname: ['del', 'maestro'] });
    expect(parsePersonName('Da Li')).toMatchObject({ given: ['da'], surname: ['li'] });
    expect(parsePersonName('Johannes Schmidt-Hieber')).toMatchObject({ surname: ['schmidt', 'hieber'] });
    expect(parsePersonName('Martin Luther King Jr.')).toMatchObject({ given: ['martin', 'luther'], surname: ['king'] });
    expect(parsePersonName('J.-P. Sartre')).toMatchObject({ given: ['j', 'p'], surname: ['sartre'] });
  });
});

describe('parsePersonName on plain names (its short path)', () => {
  it('gives what the general parser gives on every recorded arXiv author', () => {
    const names = recordedArxivPapers().flatMap((p) => p.authors.map((a) => a.name));
    expect(names.filter((n) => /^[A-Za-z]+( [A-Za-z]+)+$/.test(n)).length).toBeGreaterThan(100); // the short path is taken
    for (const name of names) expect(parsePersonName(name), name).toEqual(parseAnyPersonName(name));
  });

  it('gives what the general parser gives on random names with particles, suffixes, initials and odd spacing', () => {
    const word = fc.constantFrom(
      'Yinmin', 'ZHONG', 'da', 'Li', 'van', 'Der', 'de', 'la', 'Del', 'Maestro', 'Jr', 'jr', 'II', 'iii', 'IV', 'Sr',
      'x', 'Q', '3', 'A100', 'Al', 'Bin', 'st', 'J.', 'P.', 'Schmidt-Hieber', "O'Neil", 'Łukasz', 'Müller', 'von',
    );
    const gap = fc.constantFrom(' ', ' ', ' ', '  ', '\t', ', ', ',');
    const name = fc
      .tuple(fc.constantFrom('', ' '), fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 6 }), fc.constantFrom('', ' '))
      .map(([lead, parts, trail]) => lead + parts.map(([w, g], i) => (i === parts.length - 1 ? w : w + g)).join('') + trail);
    fc.assert(
      fc.property(name, (n) => {
        expect(parsePersonName(n), n).toEqual(parseAnyPersonName(n));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('authorMatches', () => {
  it.each([
    ['Yinmin Zhong', 'Yinmin Zhong', true],
    ['Yinmin Zhong', 'Zhong, Yinmin', true],
    ['Yinmin Zhong', 'Y. Zhong', true],
    ['Yinmin Zhong', 'Y Zhong', true],
    ['Yinmin Zhong', 'Zhong Yinmin', true], // reversed: unambiguous (full tokens on both sides)
    ['Y. Zhong', 'Zhong Yinmin', false], // reversed with an initial: ambiguous, refused
    ['Yinmin Zhong', 'Yi Zhong', false],
    ['Yinmin Zhong', 'Yinmin Zhang', false],
    ['Y. Zhong', 'Yinmin Zhong', true],
    ['Zhong, Y.', 'Yinmin Zhong', true],
    ['Zhong', 'Yinmin Zhong', true],
    ['Zhong', 'Zhong, Yinmin', true],
    ['Zhong', 'Zhong Yinmin', false], // by written order Zhong is the given name there
    ['Zhong', 'Zhongshan Wu', false],
    ['Jose Perez', 'José Pérez', true],
    ['José Pérez', 'Jose Perez', true],
    ['Lukasz Kaiser', 'Łukasz Kaiser', true],
    ['Paul Goulart', 'Paul J. Goulart', true],
    ['P. J. Goulart', 'Paul Goulart', true],
    ['P. K. Goulart', 'Paul J. Goulart', false],
    ['Schmidt-Hieber', 'Johannes Schmidt-Hieber', true],
    ['Schmidt', 'Johannes Schmidt-Hieber', true],
    ['Hieber', 'Johannes Schmidt Hieber', true],
    ['Del Maestro', 'Adrian Del Maestro', true],
    ['A. Del Maestro', 'Adrian Del Maestro', true],
    ['Maestro', 'Adrian Del Maestro', true],
    ['Adrian Maestro', 'Adrian Del Maestro', false],
    ['Da Li', 'Da Li', true],
    ['Da Li', 'Li Da', true],
    ['Li', 'Da Li', true],
  ])('%s vs %s → %s', (q, a, expected) => {
    expect(m(q, a)).toBe(expected);
  });
});

describe('author terms in matchers', () => {
  const paper = (name: string): Paper => ({ id: 'arxiv:1', title: 't', abstract: '', authors: [{ name }], categories: ['cs.LG'], sources: [] });
  it('author:"Yinmin Zhong" matches the same names on both matchers', () => {
    for (const name of ['Yinmin Zhong', 'Zhong, Yinmin', 'Y. Zhong', 'Zhong Yinmin', 'YINMIN ZHONG']) {
      for (const matcher of [createReferenceMatcher(), createPercolatorMatcher()]) {
        matcher.add({ id: 's', query: 'author:"Yinmin Zhong"' });
        expect(matcher.match(paper(name))).toEqual([{ subscriptionId: 's', reasons: [{ field: 'authors', term: 'Yinmin Zhong' }] }]);
      }
    }
  });
});
