import { generateWorkload, readCorpus } from './workload.js';
import { createPercolatorMatcher } from '../src/radar/percolator.js';
import { floorMs, bitsetReverse } from './baselines.js';
import { parseQuery } from '../src/radar/query-parser.js';
const subsN = Number(process.argv[2] ?? 100000);
const w = generateWorkload({ corpus: readCorpus('test/fixtures'), papers: 3000, subscriptions: subsN, seed: 42 });
const m = createPercolatorMatcher();
let t = performance.now();
for (const s of w.subscriptions) m.add(s);
console.log('build', (performance.now() - t).toFixed(0), JSON.stringify(m.stats()));
for (const p of w.papers.slice(0, 50)) m.match(p);
let best = Infinity, matches = 0;
for (let r = 0; r < 3; r++) {
  matches = 0;
  t = performance.now();
  for (const p of w.papers) matches += m.match(p).length;
  best = Math.min(best, performance.now() - t);
}
console.log('match best', best.toFixed(0), 'matches', matches);
let f = Infinity; for (let r = 0; r < 3; r++) f = Math.min(f, floorMs(w.papers));
console.log('floor', f.toFixed(0));
if (process.argv[3] === 'bits') {
  const qs = w.subscriptions.map((s) => parseQuery(s.query));
  const b = bitsetReverse(w.papers, qs);
  console.log('bitset', b.ms.toFixed(0), 'build', b.buildMs.toFixed(0), b.pairs.length);
}
