/**
 * Deterministic matcher workload: one day of papers and a population of subscriptions, generated from a
 * seeded PRNG over a vocabulary read (at bench time) from the recorded arXiv fixtures. Word frequencies
 * are Zipf-like by fixture frequency rank; phrases are real bigrams from the fixtures; the author pool
 * mixes real fixture names with first/last-name recombinations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Paper } from '../src/papers/paper.js';

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

/** Samples indices 0..n-1 with probability ∝ 1/(rank+1)^s. */
class Zipf {
  private readonly cdf: Float64Array;
  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) this.cdf[i] = sum += 1 / Math.pow(i + 1, s);
    for (let i = 0; i < n; i++) this.cdf[i]! /= sum;
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

// Roughly the shape of a day's listing: a few huge categories, a long tail.
export const CATEGORIES = [
  'cs.LG', 'cs.CV', 'cs.AI', 'cs.CL', 'stat.ML', 'cs.RO', 'math.OC', 'eess.SP', 'cs.CR', 'quant-ph', 'cs.IR',
  'eess.IV', 'cs.SE', 'cs.DC', 'math.PR', 'cs.HC', 'cs.NE', 'cs.SY', 'eess.SY', 'physics.comp-ph', 'cs.DS',
  'cs.GT', 'math.ST', 'stat.ME', 'cs.NI', 'cs.IT', 'math.NA', 'cs.CY', 'q-bio.NC', 'cs.SD', 'eess.AS', 'astro-ph.IM',
  'cond-mat.dis-nn', 'cs.MA', 'cs.DB', 'cs.AR', 'cs.PL', 'hep-ex', 'q-fin.ST', 'econ.EM', 'cs.DL', 'cs.ET',
];

export interface Workload {
  papers: Paper[];
  subscriptions: { id: string; query: string }[];
  authorPoolSize: number;
}

export interface WorkloadOptions {
  papers: number;
  subscriptions: number;
  seed: number;
  corpus: Corpus;
}

export function generateWorkload(opts: WorkloadOptions): Workload {
  const { corpus } = opts;
  const rand = mulberry32(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const wordZ = new Zipf(corpus.words.length, 1.0);
  // subscription keywords are specific: drawn from the content vocabulary past its ~1,000 most common words (the fixture vocabulary is small, so mid-rank words sit in most abstracts)
  const kwOffset = Math.min(1000, Math.floor(corpus.content.length / 3));
  const contentZ = new Zipf(corpus.content.length - kwOffset, 0.5);
  const bigramOffset = Math.min(500, Math.floor(corpus.bigrams.length / 3));
  const kwBigramZ = new Zipf(corpus.bigrams.length - bigramOffset, 0.5);
  const bigramZ = new Zipf(corpus.bigrams.length, 0.8);
  const catZ = new Zipf(CATEGORIES.length, 1.1);

  const firsts = corpus.names.map((n) => n.split(' ')[0]!);
  const lasts = corpus.names.map((n) => n.split(' ').slice(-1)[0]!);
  const pool = [...corpus.names];
  const poolRand = mulberry32(opts.seed ^ 0x9e3779b9);
  // arXiv has a huge surname space: splice fixture surnames (head of one + tail of another) for variety
  const surname = (): string => {
    const a = lasts[Math.floor(poolRand() * lasts.length)]!;
    if (poolRand() < 0.2) return a;
    const b = lasts[Math.floor(poolRand() * lasts.length)]!;
    return a.slice(0, Math.max(2, Math.ceil(a.length / 2))) + b.slice(Math.floor(b.length / 2)).toLowerCase();
  };
  while (pool.length < 20_000) pool.push(`${firsts[Math.floor(poolRand() * firsts.length)]} ${surname()}`);
  const authorZ = new Zipf(pool.length, 0.6);

  const text = (n: number): string => {
    const out: string[] = [];
    while (out.length < n) {
      if (rand() < 0.15) out.push(corpus.bigrams[bigramZ.sample(rand)]!);
      else out.push(corpus.words[wordZ.sample(rand)]!);
      if (rand() < 0.08) out[out.length - 1] += rand() < 0.5 ? ',' : '.';
    }
    return out.join(' ');
  };

  const papers: Paper[] = [];
  for (let i = 0; i < opts.papers; i++) {
    const cats = new Set<string>([CATEGORIES[catZ.sample(rand)]!]);
    const extra = between(0, 3);
    for (let k = 0; k < extra; k++) cats.add(CATEGORIES[catZ.sample(rand)]!);
    const authors = Array.from({ length: between(1, 8) }, () => ({ name: pool[authorZ.sample(rand)]! }));
    papers.push({
      id: `arxiv:2604.${String(10000 + i).padStart(5, '0')}`,
      title: text(between(6, 16)),
      abstract: text(between(120, 230)),
      authors,
      categories: [...cats],
      primaryCategory: [...cats][0],
      announced: '2026-04-30',
      sources: [{ kind: 'arxiv', label: 'arXiv' }],
    });
  }

  // subscriptions use their own stream, so the same seed gives the same subscriptions for any paper count
  const subRand = mulberry32(opts.seed ^ 0x51ed270b);
  const kw = (): string => {
    const rand = subRand;
    const r = rand();
    if (r < 0.5) return corpus.content[kwOffset + contentZ.sample(rand)]!;
    if (r < 0.85) return `"${corpus.bigrams[bigramOffset + kwBigramZ.sample(rand)]!}"`;
    return corpus.content[kwOffset + contentZ.sample(rand)]!.toLowerCase();
  };
  const subscriptions: { id: string; query: string }[] = [];
  for (let i = 0; i < opts.subscriptions; i++) {
    const rand = subRand;
    const r = rand();
    let query: string;
    if (r < 0.3) {
      const name = pool[authorZ.sample(rand)]!;
      query = rand() < 0.4 ? `au:${name.split(' ').slice(-1)[0]}` : `author:"${name}"`;
    } else if (r < 0.5) {
      const cat = CATEGORIES[catZ.sample(rand)]!;
      const s = rand();
      // a minority follow a whole listing; most narrow a category down with keywords
      if (s < 0.05) query = `cat:${cat.split('.')[0]}.* ${kw()}`;
      else if (s < 0.2) query = `cat:${cat}`;
      else if (s < 0.5) query = `cat:${cat} ${kw()} -${kw()}`;
      else query = `cat:${cat} (${kw()} OR ${kw()})`;
    } else {
      const s = rand();
      if (s < 0.3) query = kw();
      else if (s < 0.55) query = `${kw()} ${kw()}`;
      else if (s < 0.75) query = `(${kw()} OR ${kw()}) -${kw()}`;
      else if (s < 0.9) query = `${kw()} OR ${kw()} OR ${kw()}`;
      else query = `title:${kw()} NOT cat:${CATEGORIES[catZ.sample(rand)]!}`;
    }
    subscriptions.push({ id: `s${i}`, query });
  }
  return { papers, subscriptions, authorPoolSize: pool.length };
}
