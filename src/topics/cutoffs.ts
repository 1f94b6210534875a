/**
 * Similarity cut-offs per embedding model. Cosine values are not comparable between models (ada-002 puts
 * unrelated texts near 0.7, text-embedding-3 near 0.1), so each model has its own: RADAR_TOPIC_CUTOFF when
 * set, else this table, else `DEFAULT_CUTOFF`. `topic` is a short text against a paper; `like` is a paper
 * against a paper (their score ranges differ, so each has its own cut-off).
 *
 * The `emu-embed` row is calibrated on the emulator corpus (test/emulators/openai/topic-corpus.ts: MoE
 * papers score ≥ 0.45 for "sparse expert routing", the nearest other paper 0.39; test/e2e/topics.e2e.test.ts); the others are starting points for those models' usual score ranges, to be
 * tuned with `/radar preview topic:"…"`, which shows how many papers a topic brings per day.
 */

export interface ModelCutoffs {
  readonly topic: number;
  readonly like: number;
}

export const DEFAULT_CUTOFF: ModelCutoffs = { topic: 0.45, like: 0.6 };

const TABLE: readonly (readonly [prefix: string, cutoffs: ModelCutoffs])[] = [
  ['emu-embed', { topic: 0.4, like: 0.3 }],
  ['text-embedding-3-small', { topic: 0.4, like: 0.55 }],
  ['text-embedding-3-large', { topic: 0.38, like: 0.52 }],
  ['text-embedding-ada-002', { topic: 0.8, like: 0.86 }],
  ['nomic-embed-text', { topic: 0.55, like: 0.7 }],
  ['mxbai-embed-large', { topic: 0.6, like: 0.72 }],
  ['bge-', { topic: 0.6, like: 0.75 }],
  ['all-minilm', { topic: 0.4, like: 0.55 }],
];

/** The cut-offs for `model`; `override` (RADAR_TOPIC_CUTOFF) sets the topic one and raises `like` alike. */
export function cutoffsFor(model: string, override?: number): ModelCutoffs {
  const lower = model.toLowerCase();
  const base = TABLE.find(([prefix]) => lower.startsWith(prefix))?.[1] ?? DEFAULT_CUTOFF;
  if (override === undefined) return base;
  return { topic: override, like: Math.min(1, override + (base.like - base.topic)) };
}
