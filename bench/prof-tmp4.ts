(globalThis as any).NOR = process.env.NOR === "1";
import { generateWorkload, readCorpus } from './workload.js';
import { createPercolatorMatcher } from '../src/radar/percolator.js';
import { floorMs } from './baselines.js';
import { matchRow } from '../src/radar/subscription.js';
const subsN = Number(process.argv[2] ?? 100000);
const slice = Number(process.argv[3] ?? 1024);
const w = generateWorkload({ corpus: readCorpus('test/fixtures'), papers: 3000, subscriptions: subsN, seed: 42 });
const m = createPercolatorMatcher();
for (const s of w.subscriptions) m.add(s);
const runMany = () => { const out: any[] = []; for (let i = 0; i < w.papers.length; i += slice) { const t = m.matchMany(w.papers.slice(i, i + slice)); for (let k = 0; k < t.start.length - 1; k++) out.push(t); } return out; };
const many: any[] = []; for (let i = 0; i < w.papers.length; i += slice) { const t = m.matchMany(w.papers.slice(i, i + slice)); for (let k = 0; k < t.start.length - 1; k++) many.push(matchRow(t, k)); }
let same = true, total = 0;
w.papers.forEach((p, i) => { const a = JSON.stringify(m.match(p)); const b = JSON.stringify(many[i]); total += many[i].length; if (a !== b && same) { same = false; console.log('DIFF paper', i, a.slice(0, 300), '\n', b.slice(0, 300)); } });
console.log('equal', same, 'matches', total);
let best = Infinity;
for (let r = 0; r < 8; r++) { const t = performance.now(); runMany(); best = Math.min(best, performance.now() - t); }
let bestP = Infinity;
for (let r = 0; r < 2; r++) { const t = performance.now(); for (const p of w.papers) m.match(p); bestP = Math.min(bestP, performance.now() - t); }
let f = Infinity; for (let r = 0; r < 3; r++) f = Math.min(f, floorMs(w.papers));
console.log(`batch(${slice}) ${best.toFixed(0)} ms, per-paper ${bestP.toFixed(0)} ms, floor ${f.toFixed(0)} ms`);
