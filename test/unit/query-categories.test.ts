import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { checkArxivCategories, unknownCategoriesOf } from '../../src/radar/query-categories.js';
import { parseQuery } from '../../src/radar/query-parser.js';

describe('unknownCategoriesOf (flags in /radar list)', () => {
  it('names the categories arXiv does not have, however the field is written', () => {
    expect(unknownCategoriesOf('cat:cs.XX')).toEqual(['cat:cs.XX']);
    expect(unknownCategoriesOf('diffusion AND CAT:cs.LGG')).toEqual(['cat:cs.LGG']);
    expect(unknownCategoriesOf('Category:foo.bar OR cat:cs.LG')).toEqual(['cat:foo.bar']);
    expect(unknownCategoriesOf('transformers -cat:"zz.YY"')).toEqual(['cat:zz.YY']);
  });

  it('finds nothing to flag in known categories, words that only look alike, or a query that no longer parses', () => {
    expect(unknownCategoriesOf('cat:cs.LG AND cat:math.*')).toEqual([]);
    expect(unknownCategoriesOf('catalysis "category theory" scat:')).toEqual([]);
    expect(unknownCategoriesOf('NOT cat:cs.XX')).toEqual([]);
  });

  it('refuses a new subscription with an unknown category, suggesting the nearest', () => {
    expect(() => checkArxivCategories(parseQuery('cat:cs.LGG'))).toThrow(UserError);
    expect(() => checkArxivCategories(parseQuery('cat:cs.LG'))).not.toThrow();
  });
});
