/** The topic page's prefilter never loses a match: results equal a full scan, for random papers and queries. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchPapers } from '../../src/radar/search.js';
import { buildTopicIndex } from '../../src/web/topic-index.js';
import { paperArb, queryArb } from './radar-arbitraries.js';
import { FIXTURE_PAPERS } from './radar-fixture-papers.js';

const ids = (papers: Parameters<typeof searchPapers>[0], q: string) => searchPapers(papers, q, 10_000).map((h) => h.paper.id);

function same(papers: Parameters<typeof searchPapers>[0], q: string): void {
  let expected: string[];
  try {
    expected = ids(papers, q);
  } catch {
    expect(() => buildTopicIndex(papers).candidates(q)).toThrow();
    return;
  }
  expect(ids(buildTopicIndex(papers).candidates(q), q)).toEqual(expected);
}

describe('topic index', () => {
  it('finds exactly what a full scan finds (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(paperArb, { maxLength: 30, selector: (p) => p.id }), queryArb, (papers, q) => same(papers, q)),
      { numRuns: 400 },
    );
  });

  it('narrows real papers and keeps their matches', () => {
    for (const q of ['"mixture of experts"', 'MoE', 'author:"Luca Ambrogioni"', 'au:Zhang', 'cat:math.*', 'cat:cs.DC', 'diffusion -language', '(convex OR ADMM) cat:math.OC']) {
      same(FIXTURE_PAPERS, q);
    }
    expect(buildTopicIndex(FIXTURE_PAPERS).candidates('cat:cs.DC').length).toBe(1);
  });
});
