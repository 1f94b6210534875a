import { generateWorkload, readCorpus } from './workload.js';
import { createPercolatorMatcher } from '../src/radar/percolator.js';
const SL = Number(process.env.SL ?? 1024);
const w = generateWorkload({ corpus: readCorpus('test/fixtures'), papers: 3000, subscriptions: 100000, seed: 42 });
const m = createPercolatorMatcher();
for (const s of w.subscriptions) m.add(s);
const { Session } = await import('node:inspector/promises');
const s = new Session(); s.connect();
await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 200 });
await s.post('Profiler.start');
for (let r = 0; r < 3; r++) for (let i = 0; i < 3000; i += SL) m.matchMany(w.papers.slice(i, i + SL));
const { profile } = await s.post('Profiler.stop') as any;
const self = new Map<string, number>();
const dt = profile.timeDeltas as number[]; const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const cnt = new Map<number, number>();
for (const id of profile.samples) cnt.set(id, (cnt.get(id) ?? 0) + 1);
let total = 0;
for (const [id, c] of cnt) { const n: any = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + c); total += c; }
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((100 * v / total).toFixed(1).padStart(5), k);
