/**
 * Run by radar-percolator-memory.test.ts in a child `node --expose-gc --import tsx`: indexes 20,000
 * subscriptions of the usual kinds (authors, phrases, keywords with a category, boolean mixes; nearly every
 * one its own query, as across many servers), matches a day of papers against them (which fills the reasons
 * caches), and prints one JSON line: the heap the index holds per subscription (after full GCs).
 */
import { createPercolatorMatcher } from '../../../src/radar/percolator.js';
import type { Paper } from '../../../src/papers/paper.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const heap = (): number => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

const N = 20_000;
const word = (i: number): string => `w${(i * 7919) % 40_000}x`;
const query = (i: number): string => {
  switch (i % 4) {
    case 0:
      return `au:"Given${i % 9000} Surname${i % 7000}"`;
    case 1:
      return `"${word(i)} ${word(i + 1)} models"`;
    case 2:
      return `cat:cs.LG ${word(i)}`;
    default:
      return `(${word(i)} OR "${word(i + 2)} learning") -${word(i + 3)} au:Surname${i % 7000}`;
  }
};
const papers: Paper[] = Array.from({ length: 500 }, (_, p) => ({
  id: `arxiv:2601.${String(p).padStart(5, '0')}`,
  title: `${word(p)} ${word(p + 1)} models for ${word(p * 3)} learning`,
  abstract: Array.from({ length: 60 }, (_, k) => word(p * 61 + k)).join(' ') + ` ${word(p + 2)} learning`,
  authors: [{ name: `Given${p % 9000} Surname${p % 7000}` }, { name: `Other Surname${(p * 13) % 7000}` }],
  categories: [p % 2 ? 'cs.LG' : 'cs.CL'],
  sources: [],
}));

const queries = Array.from({ length: N }, (_, i) => query(i)); // made before the first measurement
const matcher = createPercolatorMatcher();
const start = heap();
for (let i = 0; i < N; i++) matcher.add({ id: `s${i}`, query: queries[i]! });
let matches = 0;
for (let k = 0; k < 3; k++) for (let p = 0; p < papers.length; p++) matches += matcher.match(papers[p]!).length;
const table = matcher.matchMany(papers);
const end = heap();
process.stdout.write(`${JSON.stringify({ perSubscription: (end - start) / N, matches, papers: table.papers, stats: matcher.stats() })}\n`);
