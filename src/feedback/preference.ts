/**
 * From a channel's votes to the `Preference` the ranking applies (src/radar/rank.ts): a model trained on
 * the votes, candidate features (cached per paper version and interned, so a daily run over many channels
 * extracts each paper once), and the evidence behind each chip (how many liked/disliked papers carry a
 * feature).
 */
import type { Paper } from '../papers/paper.js';
import type { Candidate, LearnedReason, Preference } from '../radar/rank.js';
import { paperFeatures, subscriptionNumberOf } from './features.js';
import { createFeatureSpace, pack, trainPreferenceModel, type FeatureSpace, type PackedFeatures, type PreferenceModel } from './model.js';
import type { Vote } from './vote-store.js';

/** Below this a feature's contribution does not explain a move. */
const EXPLAIN_MIN = 0.05;

/** Base features of papers (without the channel's subscriptions), keyed by id and version, interned. */
export class FeatureCache {
  readonly space: FeatureSpace = createFeatureSpace();
  private readonly cache = new Map<string, PackedFeatures>();
  private readonly votes = new Map<string, PackedFeatures>();
  constructor(private readonly capacity = 20_000) {}

  /** A vote's stored features, packed once (votes are re-read from the store for every digest). */
  ofVote(vote: Vote, channelKey: string): PackedFeatures {
    const key = `${channelKey}\u0000${vote.paperId}\u0000${vote.voterId}\u0000${vote.at}\u0000${vote.value}`;
    let f = this.votes.get(key);
    if (!f) {
      if (this.votes.size >= this.capacity) this.votes.clear();
      f = pack(vote.features, this.space);
      this.votes.set(key, f);
    }
    return f;
  }

  of(paper: Paper): PackedFeatures {
    const key = `${paper.id}@${paper.version ?? 0}`;
    let f = this.cache.get(key);
    if (!f) {
      if (this.cache.size >= this.capacity) this.cache.clear();
      f = pack(paperFeatures(paper), this.space);
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

/** Features of a candidate as its channel sees it (named): the paper's plus the subscriptions that matched. */
export function candidateFeatures(c: Candidate, cache: FeatureCache): Map<string, number> {
  const { idx, val } = cache.of(c.paper);
  const out = new Map<string, number>();
  for (let k = 0; k < idx.length; k++) out.set(cache.space.name(idx[k]!), val[k]!);
  for (const [f, x] of subscriptionFeatures(c)) out.set(f, x);
  return out;
}

/** How many liked (+1) and disliked (-1) papers carry each feature (a paper counts once per direction). */
export function evidenceOf(votes: readonly Vote[]): { up: Map<string, number>; down: Map<string, number> } {
  const up = new Map<string, number>();
  const down = new Map<string, number>();
  const papers = new Map<string, Vote>();
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
export function preferenceFromVotes(votes: readonly Vote[], cache: FeatureCache, channelKey = ''): ChannelPreference | undefined {
  if (votes.length === 0) return undefined;
  const { space } = cache;
  const model = trainPreferenceModel(votes.map((v) => ({ features: cache.ofVote(v, channelKey), label: v.value })), space);
  let evidence: ReturnType<typeof evidenceOf> | undefined;
  const scores = new Map<Candidate, number>(); // a preference lives for one ranking
  const spread = new Map<readonly Candidate[], Int32Array>();
  const subsScore = (c: Candidate): number => subscriptionFeatures(c).reduce((z, [f, x]) => z + model.weight(f) * x, 0);
  /** How many of `among` carry each feature id: a feature all of them share explains no move. */
  const frequencies = (among: readonly Candidate[]): Int32Array => {
    let df = spread.get(among);
    if (!df) {
      for (const c of among) cache.of(c.paper);
      df = new Int32Array(space.size);
      for (const c of among) for (const i of cache.of(c.paper).idx) df[i]!++;
      spread.set(among, df);
    }
    return df;
  };
  return {
    model,
    score(c) {
      let s = scores.get(c);
      if (s === undefined) scores.set(c, (s = model.score(cache.of(c.paper)) + subsScore(c)));
      return s;
    },
    explain(c, direction, among): LearnedReason | undefined {
      evidence ??= evidenceOf(votes);
      const sign = direction === 'up' ? 1 : -1;
      const counts = direction === 'up' ? evidence.up : evidence.down;
      const { idx, val } = cache.of(c.paper);
      const df = frequencies(among.length ? among : [c]);
      const n = Math.max(among.length, 1);
      let best: string | undefined;
      let bestValue = EXPLAIN_MIN;
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k]!;
        const v = model.weightAt(i) * val[k]! * sign * Math.log((n + 1) / Math.max(1, df[i] ?? 1));
        if (v <= bestValue) continue;
        const name = space.name(i);
        if (!counts.get(name)) continue;
        best = name;
        bestValue = v;
      }
      return best ? { direction, feature: best, count: counts.get(best)! } : undefined;
    },
  };
}
