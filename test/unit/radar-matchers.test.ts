import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { Paper } from '../../src/papers/paper.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';

const paper: Paper = {
  id: 'arxiv:2601.00001',
  title: 'Routing in Mixture-of-Experts models',
  abstract: 'We study MoE routing without a survey of routers.',
  authors: [{ name: 'Zhong, Yinmin' }, { name: 'José Pérez' }],
  categories: ['cs.CL', 'cs.LG'],
  sources: [],
};

describe.each([
  ['reference', createReferenceMatcher],
  ['percolator', createPercolatorMatcher],
])('%s matcher', (_, create) => {
  it('reports reasons sorted by field then term, de-duplicated', () => {
    const m = create();
    m.add({ id: 'a', query: 'routing (MoE OR "mixture of experts") au:Perez cat:cs.* cat:cs.CL routing' });
    expect(m.match(paper)).toEqual([
      {
        subscriptionId: 'a',
        reasons: [
          { field: 'title', term: 'mixture of experts' },
          { field: 'title', term: 'routing' },
          { field: 'abstract', term: 'MoE' },
          { field: 'abstract', term: 'routing' },
          { field: 'authors', term: 'Perez' },
          { field: 'categories', term: 'cs.*' },
          { field: 'categories', term: 'cs.CL' },
        ],
      },
    ]);
  });

  it('negated terms never become reasons and exclude the paper when present', () => {
    const m = create();
    m.add({ id: 'a', query: 'routing -"image segmentation"' });
    m.add({ id: 'b', query: 'routing -survey' });
    expect(m.match(paper)).toEqual([
      { subscriptionId: 'a', reasons: [{ field: 'title', term: 'routing' }, { field: 'abstract', term: 'routing' }] },
    ]);
  });

  it('add validates, replace moves to the end, remove is incremental', () => {
    const m = create();
    expect(() => m.add({ id: 'bad', query: 'NOT cat:cs.CV' })).toThrow(UserError);
    m.add({ id: 'a', query: 'cat:cs.CL' });
    m.add({ id: 'b', query: 'moe' });
    m.add({ id: 'c', query: 'cat:cs.CL' });
    expect(m.size).toBe(3);
    expect(() => m.add({ id: 'a', query: '"unclosed' })).toThrow(UserError);
    expect(m.match(paper).map((x) => x.subscriptionId)).toEqual(['a', 'b', 'c']);
    m.add({ id: 'a', query: 'cat:cs.CL' });
    expect(m.match(paper).map((x) => x.subscriptionId)).toEqual(['b', 'c', 'a']);
    m.remove('c');
    m.remove('nope');
    expect(m.size).toBe(2);
    expect(m.match(paper).map((x) => x.subscriptionId)).toEqual(['b', 'a']);
    m.add({ id: 'b', query: 'survey' });
    m.remove('a');
    expect(m.match(paper).map((x) => x.subscriptionId)).toEqual(['b']);
    m.remove('b');
    expect(m.size).toBe(0);
    expect(m.match(paper)).toEqual([]);
  });
});
