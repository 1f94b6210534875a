/** Workload realism: how often each subscription kind matches, measured on the percolator's output. */
import type { Paper } from '../src/papers/paper.js';
import type { SubscriptionMatch } from '../src/radar/subscription.js';
import type { SubscriptionKind, WorkloadSubscription } from './workload.js';

export interface WorkloadRates {
  papers: number;
  subscriptions: number;
  matchesPerPaper: number;
  /** Share of papers carrying the category (incl. cross-lists), for the biggest ones. */
  topCategories: { category: string; share: number }[];
  categoriesPerPaper: number;
  authorsPerPaper: number;
  /** Per subscription kind: subscriptions, mean fraction of papers matched, matches per paper. */
  byKind: { kind: SubscriptionKind; subscriptions: number; meanRate: number; matchesPerPaper: number }[];
}

export function measureRates(
  papers: readonly Paper[],
  subs: readonly WorkloadSubscription[],
  match: (p: Paper) => readonly SubscriptionMatch[],
): WorkloadRates {
  const kindOf = new Map(subs.map((s) => [s.id, s.kind]));
  const perKind = new Map<SubscriptionKind, { n: number; hits: number }>();
  for (const s of subs) {
    const k = perKind.get(s.kind) ?? { n: 0, hits: 0 };
    k.n++;
    perKind.set(s.kind, k);
  }
  let total = 0;
  const cats = new Map<string, number>();
  let catSlots = 0;
  let authorSlots = 0;
  for (const p of papers) {
    for (const m of match(p)) {
      perKind.get(kindOf.get(m.subscriptionId)!)!.hits++;
      total++;
    }
    for (const c of p.categories) cats.set(c, (cats.get(c) ?? 0) + 1);
    catSlots += p.categories.length;
    authorSlots += p.authors.length;
  }
  const n = papers.length;
  return {
    papers: n,
    subscriptions: subs.length,
    matchesPerPaper: total / n,
    topCategories: [...cats].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([category, c]) => ({ category, share: c / n })),
    categoriesPerPaper: catSlots / n,
    authorsPerPaper: authorSlots / n,
    byKind: [...perKind].map(([kind, k]) => ({ kind, subscriptions: k.n, meanRate: k.hits / (k.n * n), matchesPerPaper: k.hits / n })),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(x < 0.001 ? 3 : 2)} %`;

export function renderRates(r: WorkloadRates): string {
  const lines = [
    `workload (${r.papers} papers × ${r.subscriptions} subscriptions): ${r.matchesPerPaper.toFixed(0)} matches per paper, ` +
      `${r.categoriesPerPaper.toFixed(2)} categories and ${r.authorsPerPaper.toFixed(1)} authors per paper`,
    `  biggest categories (share of papers incl. cross-lists): ${r.topCategories.map((c) => `${c.category} ${pct(c.share)}`).join(', ')}`,
    ...r.byKind.map((k) => `  ${k.kind.padEnd(15)} ${String(k.subscriptions).padStart(6)} subs  matches ${pct(k.meanRate).padStart(8)} of papers each  (${k.matchesPerPaper.toFixed(1)} per paper)`),
  ];
  return lines.join('\n');
}
