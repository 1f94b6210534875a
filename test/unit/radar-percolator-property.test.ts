import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';
import { describeQuery, parseQuery } from '../../src/radar/query-parser.js';
import { paperArb, queryArb } from './radar-arbitraries.js';
import { assertEquivalent } from './radar-equivalence.js';

describe('percolator ≡ reference (property)', () => {
  it('same matches and reasons for random queries over random papers, also after removes', () => {
    fc.assert(
      fc.property(
        fc.array(queryArb, { minLength: 1, maxLength: 12 }),
        fc.array(paperArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { maxLength: 12 }),
        (queries, papers, removeMask) => assertEquivalent(queries, papers, removeMask),
      ),
      { numRuns: 400 },
    );
  });

  it('shared query lines (many subscriptions with the same text) keep insertion order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('cat:cs.LG', 'moe', 'au:Zhong', '(moe OR expert) -survey'), { minLength: 1, maxLength: 20 }),
        fc.array(paperArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.boolean(), { maxLength: 20 }),
        (queries, papers, mask) => assertEquivalent(queries, papers, mask),
      ),
      { numRuns: 150 },
    );
  });

  it('describeQuery is canonical: re-parsing it gives the same description and the same matches', () => {
    fc.assert(
      fc.property(queryArb, fc.array(paperArb, { minLength: 1, maxLength: 4 }), (text, papers) => {
        let q;
        try {
          q = parseQuery(text);
        } catch {
          return;
        }
        const canon = describeQuery(q);
        expect(describeQuery(parseQuery(canon))).toBe(canon);
        const a = createReferenceMatcher();
        const b = createPercolatorMatcher();
        a.add({ id: 'x', query: text });
        b.add({ id: 'x', query: canon });
        for (const p of papers) {
          // reasons quote the user's text, which canonical form may re-spell (cat case); compare match sets
          expect(b.match(p).length).toBe(a.match(p).length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
