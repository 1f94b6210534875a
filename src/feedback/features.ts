/**
 * What the preference model sees of a paper: sparse named features with weights. Names (not hashes) so
 * `/radar feedback` and the ranking chips can say what was learned (`by Yinmin Zhong`, `about “serving”`).
 *
 * - `sub:<n>`   a subscription of the channel that matched (its per-channel number);
 * - `au:<name>` an author (folded words: case and accents ignored); the first 8 and the last author;
 * - `cat:<c>`   an arXiv category (primary and cross-lists);
 * - `w:<stem>`  a content word of the title (full weight) or abstract (lower weight);
 * - `hf`        Hugging Face upvotes, log-scaled to 0…1.
 *
 * Each group is scaled by 1/√(its size), so a long abstract or a 40-author paper does not drown the rest.
 */
import type { Paper } from '../papers/paper.js';
import { analyze, words } from '../radar/normalize.js';

export type FeatureVector = ReadonlyMap<string, number>;

export type FeatureKind = 'sub' | 'au' | 'cat' | 'w' | 'hf';

const STOP = new Set(
  ('a an and are as at be been but by can do does for from has have how in into is it its may more most new not of on ' +
    'or our over such than that the their then there these they this those through to under up use used using via was ' +
    'we what when where which while who will with within without also both each other only show shows shown paper ' +
    'propose proposed approach method methods result results based work study present two one three first however ' +
    'well further large small high low different various among across between without experiment experiments')
    .split(' '),
);

const MAX_AUTHORS = 8;
const TITLE_WEIGHT = 1;
const ABSTRACT_WEIGHT = 0.6;
const HF_SCALE = Math.log1p(200);

function contentStems(text: string): string[] {
  const out = new Set<string>();
  for (const t of analyze(text)) {
    if (t.length < 3 || STOP.has(t) || /^\d+$/.test(t)) continue;
    out.add(t);
  }
  return [...out];
}

/** The key of an author: folded words, e.g. `au:yinmin zhong`. */
export const authorFeature = (name: string): string => `au:${words(name).join(' ')}`;

/** Sparse features of `paper` as seen by one channel (`subscriptionNumbers`: which of its subscriptions matched). */
export function paperFeatures(paper: Paper, subscriptionNumbers: readonly number[] = []): Map<string, number> {
  const f = new Map<string, number>();
  const group = (keys: readonly string[], weight: number): void => {
    if (keys.length === 0) return;
    const w = weight / Math.sqrt(keys.length);
    for (const k of keys) f.set(k, Math.max(f.get(k) ?? 0, w));
  };
  group([...new Set(subscriptionNumbers)].map((n) => `sub:${n}`), 1);
  const names = paper.authors.map((a) => a.name);
  const kept = names.length > MAX_AUTHORS ? [...names.slice(0, MAX_AUTHORS), names[names.length - 1]!] : names;
  group([...new Set(kept.map(authorFeature).filter((k) => k !== 'au:'))], 1);
  group([...new Set(paper.categories)].map((c) => `cat:${c}`), 1);
  const title = contentStems(paper.title);
  group(title.map((t) => `w:${t}`), TITLE_WEIGHT);
  const inTitle = new Set(title);
  group(contentStems(paper.abstract).filter((t) => !inTitle.has(t)).map((t) => `w:${t}`), ABSTRACT_WEIGHT);
  if (paper.hf && paper.hf.upvotes > 0) f.set('hf', Math.min(1, Math.log1p(paper.hf.upvotes) / HF_SCALE));
  return f;
}

/** The kind and human label of a feature name (`au:yinmin zhong` → author `Yinmin Zhong`). */
export function describeFeature(name: string): { kind: FeatureKind; label: string } {
  const i = name.indexOf(':');
  const kind = (i < 0 ? name : name.slice(0, i)) as FeatureKind;
  const rest = i < 0 ? '' : name.slice(i + 1);
  if (kind === 'au') return { kind, label: rest.replace(/(^|\s)(\p{L})/gu, (_, s: string, c: string) => s + c.toUpperCase()) };
  if (kind === 'sub') return { kind, label: `#${rest}` };
  return { kind, label: rest };
}

/** The subscription number of a subscription id (`discord:1#3` → 3). */
export function subscriptionNumberOf(subscriptionId: string): number | undefined {
  const n = Number(subscriptionId.slice(subscriptionId.lastIndexOf('#') + 1));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
