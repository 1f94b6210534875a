/**
 * Broad queries: a subscription made only of very common words is flagged, and what the flag says is borne
 * out by a real listing (the recorded all-archives arXiv RSS of 2024-11-28): a flagged query matches most of
 * its papers, the narrow ones a few.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArxivRss } from '../../src/sources/arxiv-rss.js';
import { broadTermsOf } from '../../src/radar/query-breadth.js';
import { parseQuery } from '../../src/radar/query-parser.js';
import { analyzePaper, matchQuery } from '../../src/radar/reference-matcher.js';

const broad = (q: string) => broadTermsOf(parseQuery(q))?.map((t) => t.text);

describe('broad queries', () => {
  it('flags a query whose every way to match is a common word or a single character', () => {
    expect(broad('the')).toEqual(['the']);
    expect(broad('Models')).toEqual(['Models']);
    expect(broad('"a new approach"')).toEqual(['a new approach']);
    expect(broad('the -survey')).toEqual(['the']);
    expect(broad('model OR method')).toEqual(['model', 'method']);
    expect(broad('x')).toEqual(['x']);
    expect(broad('title:the')).toEqual(['the']);
  });

  it('leaves alone a query with one narrow way through every match', () => {
    for (const q of ['transformer', '"mixture of experts"', 'model cat:cs.LG', 'author:"Yinmin Zhong"', 'cat:cs.*', 'topic:"sparse routing"', 'the AND diffusion', 'diffusion OR "language model"', 'gpt4', 'llm']) {
      expect(broad(q), q).toBeUndefined();
    }
    // an OR is as broad as its broadest branch
    expect(broad('diffusion OR model')).toEqual(['diffusion', 'model']);
  });

  it('is borne out by a real day: flagged queries match most papers, narrow ones few', () => {
    const { papers } = parseArxivRss(readFileSync(new URL('../fixtures/arxiv-rss/rss2_new_format_2024-11-28_all_archives_trimmed.xml', import.meta.url)));
    const analyzed = papers.map((p) => analyzePaper(p));
    const share = (q: string) => analyzed.filter((p) => matchQuery(parseQuery(q), p) !== null).length / analyzed.length;
    expect(papers.length).toBeGreaterThan(20);
    for (const q of ['the', 'of', 'we', 'a']) {
      expect(broad(q), q).toBeDefined();
      expect(share(q), q).toBeGreaterThan(0.5);
    }
    for (const q of ['transformer', 'galaxy', 'superconductivity']) {
      expect(broad(q), q).toBeUndefined();
      expect(share(q), q).toBeLessThan(0.2);
    }
  });
});
