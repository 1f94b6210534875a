import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';
import { previewQuery, searchPapers } from '../../src/radar/search.js';
import { assertEquivalent } from './radar-equivalence.js';
import { FIXTURE_PAPERS } from './radar-fixture-papers.js';

const QUERIES = [
  'author:"Johannes Schmidt-Hieber"',
  'au:Frochte',
  'author:"Jorg Frochte"',
  'author:"E. Mosig Garcia"',
  'au:García',
  'author:"Pinter, Attila"',
  'cat:cs.CL',
  'cat:math.*',
  'cat:stat',
  'title:diffusion',
  'diffusion -cat:cs.CL',
  '(MoE OR "mixture-of-experts") AND cat:cs.DC',
  '"mixture of experts"',
  'moe',
  'abs:"knowledge transfer"',
  '"optimal transport" OR ADMM',
  'transformer cat:stat.ML',
  '"ln T"',
  'convex -survey',
  'neural network',
  'NOT x OR y',
];

function idsMatching(query: string): string[] {
  const m = createPercolatorMatcher();
  m.add({ id: 'q', query });
  return FIXTURE_PAPERS.filter((p) => m.match(p).length > 0).map((p) => p.id);
}

describe('real papers (arXiv API fixture)', () => {
  it('percolator ≡ reference on every fixture query', () => {
    assertEquivalent(QUERIES, FIXTURE_PAPERS, QUERIES.map((_, i) => i % 3 === 0));
  });

  it('hand-checked expectations', () => {
    expect(idsMatching('author:"Johannes Schmidt-Hieber"')).toEqual(['arxiv:2604.26942']);
    expect(idsMatching('au:Frochte')).toEqual(['arxiv:2604.26888']);
    expect(idsMatching('author:"Jorg Frochte"')).toEqual(['arxiv:2604.26888']); // Jörg
    expect(idsMatching('author:"Attila Pinter"')).toEqual(['arxiv:2604.26869']); // Pintér
    expect(idsMatching('author:"P. Goulart"')).toEqual(['arxiv:2604.26932']); // Paul J. Goulart
    expect(idsMatching('(MoE OR "mixture-of-experts") AND cat:cs.DC')).toEqual(['arxiv:2604.26881']);
    // "16B MoE teachers" in TIDE's abstract; FaaSMoE's title says Mixture-of-Experts; "FaaSMoE" alone is no hit
    expect(idsMatching('moe')).toEqual(['arxiv:2604.26951', 'arxiv:2604.26881']);
    expect(idsMatching('title:diffusion')).toEqual(['arxiv:2604.26951', 'arxiv:2604.26841']);
    expect(idsMatching('"ln T"')).toEqual(['arxiv:2604.26926']);
    expect(idsMatching('cat:math.*')).toEqual(['arxiv:2604.26942', 'arxiv:2604.26932', 'arxiv:2604.26926', 'arxiv:2604.26898']);
  });

  it('reasons name every positive term that hit, with its field', () => {
    const ref = createReferenceMatcher();
    ref.add({ id: 'x', query: '(MoE OR "mixture-of-experts") AND cat:cs.DC -survey' });
    const faas = FIXTURE_PAPERS.find((p) => p.id === 'arxiv:2604.26881')!;
    expect(ref.match(faas)[0]!.reasons).toEqual(
      expect.arrayContaining([
        { field: 'title', term: 'mixture-of-experts' },
        { field: 'categories', term: 'cs.DC' },
      ]),
    );
  });
});

describe('searchPapers / previewQuery', () => {
  it('ranks by matched terms, title hits, then newer', () => {
    const hits = searchPapers(FIXTURE_PAPERS, 'diffusion OR "language model"', 5);
    // TIDE: both terms, in the title; the diffusion-memory paper: one term in the title; MoRFI: abstract only
    expect(hits.map((h) => h.paper.id)).toEqual(['arxiv:2604.26951', 'arxiv:2604.26841', 'arxiv:2604.26866']);
    expect(hits[0]!.reasons.length).toBeGreaterThan(0);
    expect(searchPapers(FIXTURE_PAPERS, 'cat:cs.LG', 3)).toHaveLength(3);
    expect(searchPapers(FIXTURE_PAPERS, 'cat:cs.LG', 0)).toEqual([]);
  });

  it('previews counts per day with examples', () => {
    const preview = previewQuery(FIXTURE_PAPERS, 'cat:cs.LG', 2);
    expect(preview.total).toBe(FIXTURE_PAPERS.filter((p) => p.categories.includes('cs.LG')).length);
    expect(preview.days.reduce((s, d) => s + d.count, 0)).toBe(preview.total);
    expect(preview.days[0]!.day).toBe('2026-04-29');
    expect(preview.examples).toHaveLength(2);
  });

  it('bad queries are UserErrors', () => {
    expect(() => searchPapers(FIXTURE_PAPERS, '"open')).toThrow(UserError);
    expect(() => previewQuery(FIXTURE_PAPERS, '-x')).toThrow(/only excludes/);
  });
});
