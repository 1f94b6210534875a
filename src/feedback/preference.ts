/**
 * From a channel's votes to the `Preference` the ranking applies (src/radar/rank.ts): a model trained on
 * the votes, candidate features (cached per paper version, so a daily run over many channels extracts
 * each paper once), and the evidence behind each chip (how many liked/disliked papers carry a feature).
 */
import type { Paper } from '../papers/paper.js';
import type { Candidate, LearnedReason, Preference } from '../radar/rank.js';
import { paperFeatures, subscriptionNumberOf } from './features.js';
import { trainPreferenceModel, type PreferenceModel } from './model.js';
import type { Vote } from './vote-store.js';

/** Below this a feature's contribution does not explain a move. */
const EXPLAIN_MIN = 0.05;

/** Base features of papers (without the channel's subscriptions), keyed by id and version. */
export class FeatureCache {
  private readonly cache = new Map<string, Map<string, number>>();
  constructor(private readonly capacity = 20_000) {}

  of(paper: Paper): Map<string, number> {
    const key = `${paper.id}@${paper.version ?? 0}`;
    let f = this.cache.get(key);
    if (!f) {
      if (this.cache.size >= this.capacity) this.cache.clear();
      f = paperFeatures(paper);
      this.cache.set(key, f);
    }
    return f;
  }
}

/** The features of the subscriptions that matched a candidate (`sub:3`), scaled like paperFeatures does. */
function subscriptionFeatures(c: Candidate): [string, number][] {
  const subs = [...new Set((c.subscriptionIds ?? []).map(subscriptionNumberOf).filter((n): n is number => n !== undefined))];
  return subs.map((n) => [`sub:${n}`, 1 / Math.sqrt(subs.length)]);
}

/** Features of a candidate as its channel sees it: the paper's plus the subscriptions that matched. */
export function candidateFeatures(c: Candidate, cache: FeatureCache): Map<string, number> {
  const subs = subscriptionFeatures(c);
  const base = cache.of(c.paper);
  return subs.length ? new Map([...base, ...subs]) : base;
}

/** Calls `visit` for every feature of a candidate without building a merged map (the hot path). */
function eachFeature(c: Candidate, cache: FeatureCache, visit: (feature: string, value: number) => void): void {
  for (const [f, x] of cache.of(c.paper)) visit(f, x);
  for (const [f, x] of subscriptionFeatures(c)) visit(f, x);
}

/** How many liked (+1) and disliked (-1) votes carry each feature. */
export function evidenceOf(votes: readonly Vote[]): { up: Map<string, number>; down: Map<string, number> } {
  const up = new Map<string, number>();
  const down = new Map<string, number>();
  const papers = new Map<string, { value: number; features: Readonly<Record<string, number>> }>();
  // A paper counts once per direction, whatever the number of voters: "liked: 3 papers by …".
  for (const v of votes) {
    const key = `${v.paperId}\u0000${v.value}`;
    if (!papers.has(key)) papers.set(key, v);
  }
  for (const v of papers.values()) {
    const into = v.value > 0 ? up : down;
    for (const f of Object.keys(v.features)) into.set(f, (into.get(f) ?? 0) + 1);
  }
  return { up, down };
}

export interface ChannelPreference extends Preference {
  readonly model: PreferenceModel;
}

/** The channel's preference, or undefined when it has no votes (the ranking then stays exactly as it was). */
export function preferenceFromVotes(votes: readonly Vote[], cache: FeatureCache): ChannelPreference | undefined {
  if (votes.length === 0) return undefined;
  const model = trainPreferenceModel(votes.map((v) => ({ features: new Map(Object.entries(v.features)), label: v.value })));
  const evidence = evidenceOf(votes);
  const scores = new WeakMap<Candidate, number>();
  const spread = new WeakMap<readonly Candidate[], Map<string, number>>();
  /** How many of `among` carry each feature: a feature all of them share explains no move. */
  const frequencies = (among: readonly Candidate[]): Map<string, number> => {
    let df = spread.get(among);
    if (!df) {
      const counts = new Map<string, number>();
      for (const c of among) eachFeature(c, cache, (f) => counts.set(f, (counts.get(f) ?? 0) + 1));
      spread.set(among, (df = counts));
    }
    return df;
  };
  return {
    model,
    score(c) {
      let s = scores.get(c);
      if (s === undefined) {
        let z = 0;
        eachFeature(c, cache, (f, x) => (z += model.weight(f) * x));
        scores.set(c, (s = z));
      }
      return s;
    },
    explain(c, direction, among): LearnedReason | undefined {
      const sign = direction === 'up' ? 1 : -1;
      const counts = direction === 'up' ? evidence.up : evidence.down;
      const df = frequencies(among.length ? among : [c]);
      const n = Math.max(among.length, 1);
      let best: string | undefined;
      let bestValue = EXPLAIN_MIN;
      eachFeature(c, cache, (f, x) => {
        const v = model.weight(f) * x * sign * Math.log((n + 1) / (df.get(f) ?? 1));
        if ((v > bestValue || (v === bestValue && best !== undefined && f < best)) && counts.get(f)) {
          best = f;
          bestValue = v;
        }
      });
      return best ? { direction, feature: best, count: counts.get(best)! } : undefined;
    },
  };
}
