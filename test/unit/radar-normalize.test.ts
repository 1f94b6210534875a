import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import { analyze, fold, stem, words } from '../../src/radar/normalize.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';

const paper = (title: string, abstract = ''): Paper => ({ id: 'arxiv:2601.00001', title, abstract, authors: [], categories: ['cs.LG'], sources: [] });

/** Does `query` match a paper titled `title`? Checked on both matchers (they must agree). */
function hits(query: string, title: string, abstract = ''): boolean {
  const results = [createReferenceMatcher(), createPercolatorMatcher()].map((m) => {
    m.add({ id: 'q', query });
    return m.match(paper(title, abstract)).length === 1;
  });
  expect(results[1]).toBe(results[0]);
  return results[0]!;
}

describe('fold', () => {
  it('is case- and accent-insensitive, with hand-mapped letters', () => {
    expect(fold('José Pérez')).toBe('jose perez');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Łukasz Øster Æsir Œuvre đ þ ı')).toBe('lukasz oster aesir oeuvre d th i');
    expect(fold('Ｆｕｌｌｗｉｄｔｈ ﬁ')).toBe('fullwidth fi');
  });
});

describe('words / analyze', () => {
  it('splits on punctuation, hyphens, underscores, math', () => {
    expect(words('mixture-of-experts_routing, (MoE)')).toEqual(['mixture', 'of', 'experts', 'routing', 'moe']);
    expect(words('A Note on How to Remove the $\\ln\\ln T$ Term')).toEqual(['a', 'note', 'on', 'how', 'to', 'remove', 'the', 'ln', 'ln', 't', 'term']);
    expect(words("the teacher's noise")).toEqual(['the', 'teachers', 'noise']);
    expect(words('the teacher’s noise')).toEqual(['the', 'teachers', 'noise']);
    expect(words("'quoted' text")).toEqual(['quoted', 'text']);
    expect(words('')).toEqual([]);
  });
  it('stems plurals conservatively and symmetrically', () => {
    expect(['models', 'policies', 'classes', 'boxes', 'approaches', 'LLMs', 'GPUs', 'MoEs'].map((w) => analyze(w)[0])).toEqual([
      'model', 'policy', 'class', 'box', 'approach', 'llm', 'gpu', 'moe',
    ]);
    expect(['class', 'analysis', 'corpus', 'gas', 'its', 'bus', 'focus'].map(stem)).toEqual([
      'class', 'analysis', 'corpus', 'gas', 'its', 'bus', 'focus',
    ]);
    for (const w of ['model', 'policy', 'box', 'llm']) expect(stem(stem(w))).toBe(stem(w));
  });
});

describe('matching semantics', () => {
  it('accents and case', () => {
    expect(hits('naive', 'A Naïve Bayes baseline')).toBe(true);
    expect(hits('naïve', 'A naive Bayes baseline')).toBe(true);
    expect(hits('strasse', 'Die Straße')).toBe(true);
  });
  it('hyphen/space/underscore variants of phrases match each other', () => {
    expect(hits('mixture-of-experts', 'Sparse mixture of experts')).toBe(true);
    expect(hits('"mixture of experts"', 'Sparse Mixture-of-Experts layers')).toBe(true);
    expect(hits('"mixture of experts"', 'mixture_of_experts')).toBe(true);
    expect(hits('"mixture of experts"', 'mixture of many experts')).toBe(false);
    expect(hits('"in-context learning"', 'x', 'improves in context learning a lot')).toBe(true);
  });
  it('plurals match singulars both ways', () => {
    expect(hits('transformer', 'Deep Transformers')).toBe(true);
    expect(hits('transformers', 'A transformer')).toBe(true);
    expect(hits('"diffusion policies"', 'Diffusion Policy learning')).toBe(true);
  });
  it('terms match on word boundaries only', () => {
    expect(hits('MoE', 'A shoe store')).toBe(false);
    expect(hits('MoE', 'FaaSMoE: serverless')).toBe(false);
    expect(hits('MoE', 'Serving MoE models')).toBe(true);
    expect(hits('learn', 'learning to rank')).toBe(false);
  });
  it('math and punctuation are sane', () => {
    expect(hits('"ln T"', 'Remove the $\\ln\\ln T$ Term')).toBe(true);
    expect(hits('"a.*b"', 'a b')).toBe(true);
    expect(hits('"a.*b"', 'axxb')).toBe(false);
    expect(hits('"[c]{2}"', 'c 2')).toBe(true);
    expect(hits('c++', 'C++ compilers')).toBe(true);
  });
  it('field prefixes restrict the field', () => {
    expect(hits('title:routing', 'MoE', 'routing')).toBe(false);
    expect(hits('abs:routing', 'MoE', 'routing')).toBe(true);
    expect(hits('abs:routing', 'routing', 'MoE')).toBe(false);
  });
});
