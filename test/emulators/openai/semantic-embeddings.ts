/**
 * The emulator's embedding "model" (`/v1/embeddings`): deterministic vectors that carry some meaning, so
 * topic matching can be tested through the real `openai` client without a real model.
 *
 * What it is: a hashed bag of words and bigrams. Text is lower-cased and split into words; a synonym table
 * folds phrases and words that mean the same thing onto one concept token FIRST (so "mixture of experts",
 * "mixture-of-experts", "MoE", "sparsely-gated expert layers", "expert routing", "routed experts" and
 * "Switch Transformer" all become `⟨moe⟩`); stop words and generic academic words are dropped; a light
 * suffix stemmer merges plurals and -ing/-ed forms; then every remaining token (weight 1) and every
 * adjacent pair (weight 0.5) is hashed (FNV-1a) into one of `EMU_EMBEDDING_DIMS` buckets with a hashed
 * sign, counts are damped (1 + ln tf) and the vector is L2-normalised. Concept tokens weigh 3: a text whose
 * subject is "expert routing" lands near every other text about MoE whatever words it uses, and far from
 * texts that share only generic words ("routing" alone, in packet routing, is not MoE). It knows nothing beyond its synonym table: that is the point.
 */

export const EMU_EMBEDDING_DIMS = 256;

/** Phrases (longest first when several apply) and single words folded onto one concept each. */
const SYNONYMS: readonly (readonly [concept: string, forms: readonly string[]])[] = [
  ['⟨moe⟩', [
    'mixture of experts', 'mixtures of experts', 'mixture-of-experts', 'sparsely gated expert layers', 'sparsely gated expert layer',
    'sparsely-gated expert layers', 'sparse expert layers', 'sparse experts', 'expert routing', 'routed experts', 'routing to experts',
    'expert parallelism', 'expert layers', 'expert layer', 'switch transformer', 'token routing', 'top k gating', 'top-k gating',
    'gating network', 'learned router', 'router collapse', 'expert', 'experts', 'moe', 'moes',
  ]],
  ['⟨graph-community⟩', ['community detection', 'graph clustering', 'graph partitioning', 'modularity maximization', 'communities', 'community', 'modularity', 'louvain', 'leiden']],
  ['⟨diffusion⟩', ['diffusion models', 'diffusion model', 'denoising diffusion', 'score-based generative', 'score based generative', 'diffusion', 'ddpm']],
  ['⟨spec-decode⟩', ['speculative decoding', 'draft model', 'draft models', 'speculative sampling', 'drafter', 'drafters']],
  ['sparse', ['sparsely', 'sparsity']],
  ['⟨llm⟩', ['large language models', 'large language model', 'llms', 'llm']],
];

const STOP = new Set(
  ('a an the of and or in on for to with by from at as is are be we our this that these which it its not no can ' +
    'using use used based via into over under than more most new approach method methods model models paper propose ' +
    'proposed present show shows result results also such both each other between through while however where when ' +
    'how what has have been was were their they them may well first two one task tasks work study framework').split(' '),
);

/** Longest forms first, tokenised; matched greedily over the word stream. */
const PHRASES: { concept: string; words: string[] }[] = SYNONYMS.flatMap(([concept, forms]) =>
  forms.map((f) => ({ concept, words: f.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean) })),
).sort((a, b) => b.words.length - a.words.length);

function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** The folded token stream of `text` (exported for the emulator's own tests). */
export function semanticTokens(text: string): string[] {
  const raw = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < raw.length; ) {
    const hit = PHRASES.find((p) => p.words.every((w, j) => raw[i + j] === w));
    if (hit) {
      out.push(hit.concept);
      i += hit.words.length;
      continue;
    }
    const w = raw[i++]!;
    if (!STOP.has(w) && w.length > 1) out.push(stem(w));
  }
  return out;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The unit vector of `text` (all zeros for a text without content words). */
export function semanticVector(text: string, dims = EMU_EMBEDDING_DIMS): number[] {
  const tokens = semanticTokens(text);
  const counts = new Map<string, number>();
  const add = (feature: string, w: number) => counts.set(feature, (counts.get(feature) ?? 0) + w);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    add(t, t.startsWith('⟨') ? 3 : 1);
    if (i + 1 < tokens.length) add(`${t} ${tokens[i + 1]}`, 0.5);
  }
  const v = new Array<number>(dims).fill(0);
  for (const [feature, tf] of counts) {
    const h = fnv(feature);
    v[h % dims]! += (h & 0x80000000 ? -1 : 1) * (1 + Math.log(tf));
  }
  const norm = Math.hypot(...v);
  return norm === 0 ? v : v.map((x) => x / norm);
}
