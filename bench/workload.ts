/**
 * Deterministic matcher workload: one day of arXiv papers and a population of subscriptions, generated from
 * a seeded PRNG. MODEL (see `npm run bench`, which prints the measured rates):
 *
 * - General vocabulary: the ~3,900 words and real bigrams of the recorded arXiv fixtures, Zipf by fixture
 *   frequency. They make the bulk of titles/abstracts, but nobody subscribes to them: in a 3-day fixture
 *   sample "building" or "bounded" are in every other abstract.
 * - Technical lexicon: 40,000 deterministic terms (neologisms of 2–4 syllables, `kalorin`, some as
 *   two-word phrases with a fixture word, `sparse kalorin`, `kalorin vexatron`). 3,000 topics of 15 terms
 *   each (12 own terms + 3 drawn from the popular head of the lexicon, like "transformer" sits in many
 *   topics). Topic popularity is Zipf(0.8); a paper has 1–3 topics, each bringing 3–6 term draws
 *   (Zipf(1) inside the topic), written into the title (1–2 terms) and the abstract.
 * - Categories: ~150 arXiv categories with a weight per primary (bench/categories.ts), 0–3 cross-lists
 *   (affinity list first: ML-ish primaries cross-list to cs.LG; else same archive or global weight).
 * - Authors: a pool of 150,000 names from the fixtures' first names × surnames (5 % real fixture surnames,
 *   the rest spliced from two fixture surnames); 1–12 authors per paper, author popularity Zipf(0.6).
 * - Subscriptions (own PRNG stream, so a size is a prefix of a larger size): 30 % authors
 *   (`au:Surname` 40 %, `author:"First Last"`), 20 % categories (15 % plain `cat:X`, 5 % `cat:arch.* kw`,
 *   30 % `cat:X kw -kw`, 50 % `cat:X (kw OR kw)`), 50 % keywords (30 % one keyword, 25 % two, 20 %
 *   `(kw OR kw) -kw`, 15 % three-way OR, 10 % `title:kw NOT cat:X`), of which 3 points are `common`: one
 *   real term of the fixture corpus drawn by its frequency there (70 % a bigram like `"language models"`,
 *   else a content word; the generated text's very head skipped), and 5 % of every keyword draw is such
 *   a real term. People subscribe to popular things:
 *   a keyword is a topic drawn by topic popularity, then a term by popularity inside it; an author is
 *   drawn by author popularity; a category by its weight.
 *
 * Measured rates (3,000 papers × 100,000 subscriptions, seed 42; printed by `npm run bench`): 247 matches
 * per paper; 1.94 categories and 4.1 authors per paper; papers carrying cs.LG 12.1 %, cs.CV 10.4 %, cs.AI
 * 8.1 %, cs.CL 7.9 %, quant-ph 5.1 %. Mean share of papers one subscription matches, by kind: author 0.028 %,
 * plain `cat:X` 3.45 % (cs.LG ≈ 12 %), one keyword 0.23 %, `kw OR kw OR kw` 0.66 %, `(kw OR kw) -kw`
 * 0.46 %, `cat:X (kw OR kw)` 0.015 %, `kw kw` 0.002 %, `title:kw NOT cat:X` 0.055 %.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Paper } from '../src/papers/paper.js';
import { CATEGORY_WEIGHTS, CROSS_AFFINITY } from './categories.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
const STOP = new Set('a an the of and or in on for to with by from at as is are be we our this that these which it its not can than into'.split(' '));

export interface Corpus {
  words: string[]; // by descending frequency
  content: string[]; // words without stopwords / very short tokens, by descending frequency
  bigrams: string[];
  names: string[];
}

export function readCorpus(fixturesDir: string): Corpus {
  const texts: string[] = [];
  const names = new Set<string>();
  for (const sub of ['arxiv-api', 'arxiv-rss']) {
    const dir = join(fixturesDir, sub);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.xml'))) {
      const xml = readFileSync(join(dir, f), 'utf8').replace(/&[a-z#0-9]+;/g, (e) => ENTITY[e] ?? ' ');
      for (const m of xml.matchAll(/<(title|summary|description)[^>]*>([\s\S]*?)<\/\1>/g)) texts.push(m[2]!.replace(/<[^>]+>/g, ' '));
      for (const m of xml.matchAll(/<name>([^<]+)<\/name>/g)) names.add(m[1]!.trim());
      for (const m of xml.matchAll(/<dc:creator>([^<]+)<\/dc:creator>/g)) for (const n of m[1]!.split(',')) names.add(n.trim());
    }
  }
  const freq = new Map<string, number>();
  const bigramFreq = new Map<string, number>();
  for (const t of texts) {
    const ws = t.split(/\s+/).map((w) => w.replace(/^[^A-Za-z]+|[^A-Za-z]+$/g, '')).filter((w) => /^[A-Za-z][A-Za-z-]*$/.test(w));
    ws.forEach((w, i) => {
      freq.set(w, (freq.get(w) ?? 0) + 1);
      const next = ws[i + 1];
      if (next && !STOP.has(w.toLowerCase()) && !STOP.has(next.toLowerCase()) && w.length > 3 && next.length > 3) {
        const b = `${w.toLowerCase()} ${next.toLowerCase()}`;
        bigramFreq.set(b, (bigramFreq.get(b) ?? 0) + 1);
      }
    });
  }
  const words = [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const content = words.filter((w) => !STOP.has(w.toLowerCase()) && w.length > 3);
  const bigrams = [...bigramFreq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([b]) => b);
  const cleanNames = [...names].filter((n) => /^[\p{L}][\p{L}.' -]+ [\p{L}'-]+$/u.test(n) && !/arxiv|api/i.test(n)).sort();
  return { words, content, bigrams, names: cleanNames };
}

/** Samples indices 0..n-1 with probability ∝ weights[i]. */
class Weighted {
  private readonly cdf: Float64Array;
  constructor(weights: readonly number[]) {
    this.cdf = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => (this.cdf[i] = sum += w));
    for (let i = 0; i < weights.length; i++) this.cdf[i]! /= sum;
  }
  sample(rand: () => number): number {
    const x = rand();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Samples indices 0..n-1 with probability ∝ 1/(rank+1)^s. */
class Zipf extends Weighted {
  constructor(n: number, s: number) {
    super(Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s)));
  }
}

export const CATEGORIES: readonly string[] = CATEGORY_WEIGHTS.map(([c]) => c);

export type SubscriptionKind =
  | 'author' | 'cat' | 'cat-archive+kw' | 'cat+kw-kw' | 'cat+(kw|kw)'
  | 'kw' | 'kw kw' | '(kw|kw)-kw' | 'kw|kw|kw' | 'title:kw-cat' | 'common';

export interface WorkloadSubscription {
  id: string;
  query: string;
  kind: SubscriptionKind;
}

export interface Workload {
  papers: Paper[];
  subscriptions: WorkloadSubscription[];
  authorPoolSize: number;
  lexiconSize: number;
}

export interface WorkloadOptions {
  papers: number;
  subscriptions: number;
  seed: number;
  corpus: Corpus;
}

const LEXICON = 40_000;
const TOPICS = 3_000;
const TOPIC_TERMS = 15;
/** The lexicon's head: terms shared between topics (one per topic). */
const HEAD = 4_000;
const AUTHOR_POOL = 150_000;

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 't', 'v', 'z', 'br', 'cr', 'dr', 'gr', 'pr', 'tr', 'st', 'ph', 'th', 'ch', 'qu', 'sk', 'fl', 'pl'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'eo', 'ia', 'ou', 'y'];
const CODAS = ['', '', '', 'n', 'r', 'l', 'x', 'm', 't', 'd', 'k'];

/** The technical lexicon: neologisms (never fixture words, never ending in `s` so stemming keeps them). */
function buildLexicon(corpus: Corpus, seed: number): string[] {
  const rand = mulberry32(seed ^ 0x7e1a);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const known = new Set(corpus.words.map((w) => w.toLowerCase()));
  const seen = new Set<string>();
  const neo = (): string => {
    for (;;) {
      let w = '';
      const syl = 2 + Math.floor(rand() * 3);
      for (let i = 0; i < syl; i++) w += pick(ONSETS) + pick(VOWELS) + (i === syl - 1 ? pick(CODAS) : '');
      if (!known.has(w) && !seen.has(w)) return seen.add(w), w;
    }
  };
  const modifiers = corpus.content.slice(0, 800).map((w) => w.toLowerCase()).filter((w) => /^[a-z]+$/.test(w));
  const out: string[] = [];
  for (let i = 0; i < LEXICON; i++) {
    const r = rand();
    if (r < 0.65) out.push(neo());
    else if (r < 0.85) out.push(`${pick(modifiers)} ${neo()}`);
    else out.push(`${neo()} ${neo()}`);
  }
  return out;
}

export function generateWorkload(opts: WorkloadOptions): Workload {
  const { corpus } = opts;
  const rand = mulberry32(opts.seed);
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const wordZ = new Zipf(corpus.words.length, 1.0);
  const bigramZ = new Zipf(corpus.bigrams.length, 0.8);

  // technical lexicon and topics
  const lexicon = buildLexicon(corpus, opts.seed);
  const topicRand = mulberry32(opts.seed ^ 0x70b1c5);
  const headZ = new Zipf(HEAD, 0.8);
  const topics: number[][] = [];
  for (let t = 0; t < TOPICS; t++) {
    const own = Array.from({ length: TOPIC_TERMS - 1 }, (_, k) => HEAD + ((t * (TOPIC_TERMS - 1) + k) % (LEXICON - HEAD)));
    own.splice(Math.floor(topicRand() * (own.length + 1)), 0, headZ.sample(topicRand));
    topics.push(own);
  }
  const topicZ = new Zipf(TOPICS, 0.7);
  const inTopicZ = new Zipf(TOPIC_TERMS, 1.0);
  const drawTerm = (r: () => number): string => lexicon[topics[topicZ.sample(r)]![inTopicZ.sample(r)]!]!;

  // categories
  const catW = new Weighted(CATEGORY_WEIGHTS.map(([, w]) => w));
  const byArchive = new Map<string, number[]>();
  CATEGORIES.forEach((c, i) => {
    const a = c.split('.')[0]!;
    byArchive.set(a, [...(byArchive.get(a) ?? []), i]);
  });
  const archiveW = new Map([...byArchive].map(([a, is]) => [a, { is, w: new Weighted(is.map((i) => CATEGORY_WEIGHTS[i]![1])) }]));

  // authors
  const firsts = [...new Set(corpus.names.map((n) => n.split(' ')[0]!))];
  const lasts = [...new Set(corpus.names.map((n) => n.split(' ').slice(-1)[0]!))];
  const poolRand = mulberry32(opts.seed ^ 0x9e3779b9);
  const pr = <T>(xs: readonly T[]): T => xs[Math.floor(poolRand() * xs.length)]!;
  const surname = (): string => {
    const a = pr(lasts);
    if (poolRand() < 0.05) return a;
    const b = pr(lasts);
    const tail = b.slice(Math.floor(b.length / 2)).toLowerCase();
    return a.slice(0, Math.max(2, Math.ceil(a.length / 2))) + (poolRand() < 0.5 ? pr(VOWELS) : '') + tail;
  };
  const pool: string[] = [];
  while (pool.length < AUTHOR_POOL) pool.push(`${pr(firsts)} ${surname()}`);
  const authorZ = new Zipf(pool.length, 0.6);

  const general = (n: number, out: string[]): void => {
    for (let k = 0; k < n; k++) {
      out.push(rand() < 0.15 ? corpus.bigrams[bigramZ.sample(rand)]! : corpus.words[wordZ.sample(rand)]!);
      if (rand() < 0.08) out[out.length - 1] += rand() < 0.5 ? ',' : '.';
    }
  };

  const papers: Paper[] = [];
  for (let i = 0; i < opts.papers; i++) {
    const primary = catW.sample(rand);
    const cats = new Set<string>([CATEGORIES[primary]!]);
    const crossN = [0, 0, 0, 1, 1, 1, 2, 2, 3][Math.floor(rand() * 9)]!;
    const affinity = CROSS_AFFINITY[CATEGORIES[primary]!] ?? [];
    for (let k = 0; k < crossN; k++) {
      const r = rand();
      if (r < 0.2 && affinity.length > 0) cats.add(affinity[Math.floor(rand() * affinity.length)]!);
      else if (r < 0.7) {
        const a = archiveW.get(CATEGORIES[primary]!.split('.')[0]!)!;
        cats.add(CATEGORIES[a.is[a.w.sample(rand)]!]!);
      } else cats.add(CATEGORIES[catW.sample(rand)]!);
    }
    const terms: string[] = [];
    const nTopics = [1, 1, 2, 2, 2, 3][Math.floor(rand() * 6)]!;
    for (let t = 0; t < nTopics; t++) {
      const topic = topics[topicZ.sample(rand)]!;
      const draws = between(3, 6);
      for (let d = 0; d < draws; d++) terms.push(lexicon[topic[inTopicZ.sample(rand)]!]!);
    }
    const title: string[] = [];
    general(between(3, 8), title);
    title.splice(between(0, title.length), 0, terms[0]!);
    if (terms.length > 3 && rand() < 0.6) title.splice(between(0, title.length), 0, terms[between(1, terms.length - 1)]!);
    const abs: string[] = [];
    general(between(110, 210), abs);
    for (const term of terms) abs.splice(between(0, abs.length), 0, term);
    const authors = Array.from({ length: between(1, rand() < 0.8 ? 6 : 12) }, () => ({ name: pool[authorZ.sample(rand)]! }));
    papers.push({
      id: `arxiv:2604.${String(10000 + i).padStart(5, '0')}`,
      title: title.join(' '),
      abstract: abs.join(' '),
      authors,
      categories: [...cats],
      primaryCategory: CATEGORIES[primary],
      announced: '2026-04-30',
      sources: [{ kind: 'arxiv', label: 'arXiv' }],
    });
  }

  // subscriptions use their own stream, so the same seed gives the same subscriptions for any paper count
  const subRand = mulberry32(opts.seed ^ 0x51ed270b);
  // real terms of the fixture corpus by their frequency there ("language models", "machine learning");
  // feed boilerplate ("announce type", "arxiv query") is not a topic, and the very head of the generated
  // general text (where a bigram lands in most abstracts) is skipped: nobody's subscription matches half a day
  const JUNK = /\b(announce|type|arxiv|query|abstract|cross|replace|been|have|e-print|archive)\b/;
  const realBigrams = corpus.bigrams.filter((b) => !JUNK.test(b)).slice(10, 1010);
  const realBigramZ = new Zipf(realBigrams.length, 1.0);
  const realWords = corpus.content.slice(150, 3000).filter((w) => /^[A-Za-z]+$/.test(w));
  const realWordZ = new Zipf(realWords.length, 1.0);
  const realTerm = (): string =>
    subRand() < 0.7 ? `"${realBigrams[realBigramZ.sample(subRand)]!}"` : realWords[realWordZ.sample(subRand)]!.toLowerCase();
  const kw = (): string => {
    if (subRand() < 0.05) return realTerm();
    const term = drawTerm(subRand);
    return term.includes(' ') ? `"${term}"` : subRand() < 0.2 ? term.toUpperCase() : term;
  };
  const cat = (): string => CATEGORIES[catW.sample(subRand)]!;
  const subscriptions: WorkloadSubscription[] = [];
  for (let i = 0; i < opts.subscriptions; i++) {
    const r = subRand();
    const s = subRand();
    let query: string;
    let kind: SubscriptionKind;
    if (r < 0.3) {
      const name = pool[authorZ.sample(subRand)]!;
      kind = 'author';
      query = s < 0.4 ? `au:${name.split(' ').slice(-1)[0]}` : `author:"${name}"`;
    } else if (r < 0.5) {
      const c = cat();
      if (s < 0.05) [kind, query] = ['cat-archive+kw', `cat:${c.split('.')[0]}.* ${kw()}`];
      else if (s < 0.2) [kind, query] = ['cat', `cat:${c}`];
      else if (s < 0.5) [kind, query] = ['cat+kw-kw', `cat:${c} ${kw()} -${kw()}`];
      else [kind, query] = ['cat+(kw|kw)', `cat:${c} (${kw()} OR ${kw()})`];
    } else if (r < 0.53) [kind, query] = ['common', realTerm()];
    else if (s < 0.3) [kind, query] = ['kw', kw()];
    else if (s < 0.55) [kind, query] = ['kw kw', `${kw()} ${kw()}`];
    else if (s < 0.75) [kind, query] = ['(kw|kw)-kw', `(${kw()} OR ${kw()}) -${kw()}`];
    else if (s < 0.9) [kind, query] = ['kw|kw|kw', `${kw()} OR ${kw()} OR ${kw()}`];
    else [kind, query] = ['title:kw-cat', `title:${kw()} NOT cat:${cat()}`];
    subscriptions.push({ id: `s${i}`, query, kind });
  }
  return { papers, subscriptions, authorPoolSize: pool.length, lexiconSize: lexicon.length };
}
