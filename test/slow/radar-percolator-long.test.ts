import fc from 'fast-check';
import { describe, it } from 'vitest';
import { paperArb, queryArb } from '../unit/radar-arbitraries.js';
import { assertEquivalent } from '../unit/radar-equivalence.js';

describe('percolator ≡ reference (long property run)', () => {
  it('5,000 runs of random queries over random papers', () => {
    fc.assert(
      fc.property(
        fc.array(queryArb, { minLength: 1, maxLength: 20 }),
        fc.array(paperArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { maxLength: 20 }),
        (queries, papers, mask) => assertEquivalent(queries, papers, mask),
      ),
      { numRuns: 5000 },
    );
  });
});
