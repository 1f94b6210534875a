/**
 * A channel's preference model: logistic regression over sparse named features, learned online (one
 * AdaGrad step per vote, votes replayed oldest first for a few passes) with an L2 pull towards zero.
 * The prior is the zero vector: with no votes every score is 0 and the ranking is the unlearned one.
 *
 * Training replays the channel's stored votes instead of persisting weights: votes are few (a team casts
 * tens per week), a later vote replaces an earlier one and `forget` must forget, so the votes are the
 * model and the weights are a cache of them. Feature names are interned to integers in a `FeatureSpace`
 * shared with the candidates' cached features, so training and scoring run over typed arrays.
 */
import type { FeatureVector } from './features.js';

/** Feature names ↔ dense integer ids (grows; shared by every channel in a process). */
export interface FeatureSpace {
  id(name: string): number;
  lookup(name: string): number | undefined;
  name(id: number): string;
  readonly size: number;
}

export function createFeatureSpace(): FeatureSpace {
  const ids = new Map<string, number>();
  const names: string[] = [];
  return {
    id(name) {
      let i = ids.get(name);
      if (i === undefined) {
        i = names.length;
        ids.set(name, i);
        names.push(name);
      }
      return i;
    },
    lookup: (name) => ids.get(name),
    name: (id) => names[id]!,
    get size() {
      return names.length;
    },
  };
}

/** A feature vector as parallel arrays of ids and values. */
export interface PackedFeatures {
  readonly idx: Int32Array;
  readonly val: Float64Array;
}

export function pack(features: FeatureVector | Readonly<Record<string, number>>, space: FeatureSpace): PackedFeatures {
  const entries = features instanceof Map ? [...features] : Object.entries(features);
  const idx = new Int32Array(entries.length);
  const val = new Float64Array(entries.length);
  entries.forEach(([f, x], k) => {
    idx[k] = space.id(f);
    val[k] = x;
  });
  return { idx, val };
}

export interface TrainingExample {
  readonly features: PackedFeatures;
  /** +1 liked, -1 disliked. */
  readonly label: 1 | -1;
}

export interface ModelOptions {
  readonly passes?: number;
  readonly learningRate?: number;
  readonly l2?: number;
}

const DEFAULTS = { passes: 5, learningRate: 0.6, l2: 0.002 } as const;

export interface PreferenceModel {
  /** w·x: > 0 the channel would like it, < 0 it would not; 0 without evidence. */
  score(features: PackedFeatures): number;
  /** The learned weight of a feature id (0 when unseen). */
  weightAt(id: number): number;
  /** The learned weight of a feature name (0 when unseen). */
  weight(name: string): number;
  /** Learned weights, strongest first (for `/radar feedback`). */
  strongest(sign: 1 | -1, limit: number): { feature: string; weight: number }[];
  readonly examples: number;
}

export function trainPreferenceModel(examples: readonly TrainingExample[], space: FeatureSpace, options: ModelOptions = {}): PreferenceModel {
  const { passes, learningRate, l2 } = { ...DEFAULTS, ...options };
  const w = new Float64Array(space.size);
  const g2 = new Float64Array(space.size).fill(1e-8);
  for (let pass = 0; pass < (examples.length ? passes : 0); pass++) {
    for (const { features: { idx, val }, label: y } of examples) {
      let z = 0;
      for (let k = 0; k < idx.length; k++) z += w[idx[k]!]! * val[k]!;
      // d/dz of log(1 + e^{-yz}) is -y·σ(-yz).
      const gz = -y / (1 + Math.exp(y * z));
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k]!;
        const g = gz * val[k]! + l2 * w[i]!;
        g2[i]! += g * g;
        w[i]! -= (learningRate * g) / Math.sqrt(g2[i]!);
      }
    }
  }
  const weightAt = (id: number): number => (id < w.length ? w[id]! : 0);
  return {
    examples: examples.length,
    weightAt,
    weight(name) {
      const id = space.lookup(name);
      return id === undefined ? 0 : weightAt(id);
    },
    score({ idx, val }) {
      let z = 0;
      for (let k = 0; k < idx.length; k++) z += weightAt(idx[k]!) * val[k]!;
      return z;
    },
    strongest(sign, limit) {
      const out: { feature: string; weight: number }[] = [];
      for (let i = 0; i < w.length; i++) if (w[i]! * sign > 1e-6) out.push({ feature: space.name(i), weight: w[i]! });
      return out.sort((a, b) => (b.weight - a.weight) * sign || (a.feature < b.feature ? -1 : 1)).slice(0, limit);
    },
  };
}
