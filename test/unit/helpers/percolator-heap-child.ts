/**
 * Run by radar-percolator-memory.test.ts in a child `node --expose-gc --import tsx`: 50,000 add/remove
 * cycles of queries that each bring new vocabulary, with zero live subscriptions at the end. Prints one
 * JSON line: heap used at the start and at the end (after full GCs), and the matcher's stats.
 */
import { createPercolatorMatcher } from '../../../src/radar/percolator.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const heap = (): number => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

const cycles = Number(process.argv[2] ?? 50_000);
const matcher = createPercolatorMatcher();
// a few long-lived subscriptions, so compaction has live entries to carry over
for (let i = 0; i < 50; i++) matcher.add({ id: `keep${i}`, query: `cat:cs.LG "stable topic ${i}"` });
const start = heap();
for (let i = 0; i < cycles; i++) {
  const id = `s${i}`;
  matcher.add({ id, query: `("churnword${i}" OR au:"Person${i} Surname${i}") title:"uniq${i}" -"noise${i} phrase${i}"` });
  matcher.remove(id);
}
const end = heap();
process.stdout.write(`${JSON.stringify({ start, end, stats: matcher.stats() })}\n`);
