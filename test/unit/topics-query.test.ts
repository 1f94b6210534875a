/**
 * `topic:"…"` and `like:<paper>` in the query language: parsing (any id form), canonical rendering, errors,
 * and matching by the percolator and the reference matcher from the same topic hits (both must agree).
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { Paper } from '../../src/papers/paper.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { expectSameMatches } from './radar-equivalence.js';
import { topicTerms } from '../../src/radar/query-ast.js';
import { describeQuery, likePaperId, parseQuery } from '../../src/radar/query-parser.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';
import { likeKey, topicKey, type TopicHits } from '../../src/radar/topic-leaf.js';
import { capTopicMatches, scoreTopicReasons } from '../../src/topics/topic-matching.js';

const paper = (id: string, categories = ['cs.LG'], title = 'A paper', day = '2026-06-15'): Paper => ({
  id, title, abstract: 'Some abstract about survey methods.', authors: [{ name: 'Ada Lovelace' }], categories, announced: day, sources: [],
});

function hitsOf(map: Record<string, Record<string, number>>): TopicHits {
  return { mode: 'embedding', keysOf: (id) => Object.keys(map[id] ?? {}), scoreOf: (id, key) => map[id]?.[key] };
}

describe('parsing topic: and like:', () => {
  it('keeps the topic text and a shared folded key; renders canonically', () => {
    const q = parseQuery('topic:"Graph  Community Detection" AND cat:cs.LG -survey');
    const [t] = topicTerms(q.root);
    expect(t).toMatchObject({ kind: 'topic', text: 'Graph Community Detection', key: topicKey('graph community detection') });
    expect(describeQuery(q)).toBe('topic:"Graph Community Detection" cat:cs.LG -survey');
  });

  it.each([
    ['2411.17796', 'arxiv:2411.17796'],
    ['2411.17796v3', 'arxiv:2411.17796'],
    ['arXiv:2411.17796', 'arxiv:2411.17796'],
    ['https://arxiv.org/abs/2411.17796v2', 'arxiv:2411.17796'],
    ['https://arxiv.org/pdf/2411.17796', 'arxiv:2411.17796'],
    ['hep-ex/0307015', 'arxiv:hep-ex/0307015'],
    ['doi:10.1038/S41586-024-07566-Y', 'doi:10.1038/s41586-024-07566-y'],
    ['https://doi.org/10.1038/nature14539', 'doi:10.1038/nature14539'],
  ])('like:%s → %s', (value, id) => {
    expect(likePaperId(value)).toBe(id);
    const [t] = topicTerms(parseQuery(`like:${value}`).root);
    expect(t).toMatchObject({ kind: 'like', text: id, key: likeKey(id) });
  });

  it.each([['like:foo'], ['like:2411.177'], ['like:x2411.17796'], ['topic:""'], ['topic:"?!"'], [`topic:"${'a'.repeat(301)}"`], ['-topic:"x"']])(
    'rejects %s with a query error',
    (q) => {
      expect(() => parseQuery(q)).toThrow(UserError);
    },
  );
});

describe('matching topic leaves', () => {
  const subs = [
    { id: 's1', query: 'topic:"sparse expert routing"' },
    { id: 's2', query: 'topic:"sparse expert routing" AND cat:cs.CL -survey' },
    { id: 's3', query: 'like:2606.10002 OR "mixture of experts"' },
    { id: 's4', query: 'cat:cs.LG -topic:"sparse expert routing"' },
  ];
  const k = topicKey('sparse expert routing');
  const hits = hitsOf({ 'arxiv:1': { [k]: 0.8 }, 'arxiv:2': { [k]: 0.6, [likeKey('arxiv:2606.10002')]: 0.5 }, 'arxiv:3': {} });
  const papers = [paper('arxiv:1', ['cs.CL']), paper('arxiv:2', ['cs.LG']), paper('arxiv:3', ['cs.LG'], 'mixture of experts')];

  it('percolator and reference matcher agree, with topic reasons; no hits → no topic matches', () => {
    const perc = createPercolatorMatcher();
    const ref = createReferenceMatcher();
    for (const s of subs) {
      perc.add(s);
      ref.add(s);
    }
    expectSameMatches(perc, ref, papers, hits);
    expect(perc.match(papers[0]!, hits).map((m) => m.subscriptionId)).toEqual(['s1']); // s2: "survey" in the abstract
    expect(perc.match(papers[1]!, hits)).toEqual([
      { subscriptionId: 's1', reasons: [{ field: 'topic', term: 'sparse expert routing' }] },
      { subscriptionId: 's3', reasons: [{ field: 'like', term: 'arxiv:2606.10002' }] },
    ]);
    expect(perc.match(papers[2]!, hits).map((m) => m.subscriptionId)).toEqual(['s3', 's4']);
    expect(perc.match(papers[1]!).map((m) => m.subscriptionId)).toEqual(['s4']);
  });

  it('scores topic reasons from the hits and caps each subscription per day by score', () => {
    const perc = createPercolatorMatcher();
    perc.add(subs[0]!);
    const many = Array.from({ length: 6 }, (_, i) => paper(`arxiv:m${i}`, ['cs.LG'], 'x', i < 4 ? '2026-06-15' : '2026-06-16'));
    const h = hitsOf(Object.fromEntries(many.map((p, i) => [p.id, { [k]: 0.5 + i / 100 }])));
    const items = many.map((p) => ({ paper: p, matches: perc.match(p, h).map((m) => ({ ...m, reasons: scoreTopicReasons(m.reasons, p.id, h) })) }));
    expect(items[3]!.matches[0]!.reasons).toEqual([{ field: 'topic', term: 'sparse expert routing', score: 0.53, mode: 'embedding' }]);
    const kept = capTopicMatches(items, 2).map((i) => i.paper.id);
    expect(kept).toEqual(['arxiv:m2', 'arxiv:m3', 'arxiv:m4', 'arxiv:m5']);
  });
});
