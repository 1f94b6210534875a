/**
 * The learning bench's corpus: announcement days of papers written from the REAL text of the recorded
 * fixture listings in test/fixtures (arXiv API/RSS abstracts and titles, Hugging Face daily papers,
 * their author names). Each generated paper takes real fixture sentences; its genre decides which:
 *
 * - systems/serving (15 %): 1 sentence from the fixture sentences about serving, throughput, latency,
 *   KV caches, GPUs or memory-efficient kernels (FaaSMoE, SPIN, MFM acceleration…); half of them a title
 *   from the fixture titles of that kind, the rest any fixture title; 40 % of the authors from a
 *   recurring group of 40 fixture authors; cs.DC in 30 % of them;
 * - survey (8 %): 2 sentences from the fixture surveys/systematic reviews, a title `A Survey of …`;
 * - other: 3–5 fixture sentences, a fixture title.
 *
 * Every paper also gets 2–3 random fixture sentences, so genre words are a minority of each abstract.
 * The genre is the simulated team's hidden preference (it likes systems/serving, dislikes surveys); the
 * radar sees only the text, authors and categories.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Paper } from '../src/papers/paper.js';
import { mulberry32 } from './workload.js';

export type Genre = 'systems' | 'survey' | 'other';
export interface BenchPaper {
  readonly paper: Paper;
  readonly genre: Genre;
}

interface Texts {
  sentences: string[];
  systems: string[];
  surveys: string[];
  titles: string[];
  systemsTitles: string[];
  names: string[];
}

const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
const SYSTEMS_RE = /serving|throughput|latency|KV.?cache|GPU|vLLM|memory-efficient|accelerat|inference cost|speculative decoding|sparse attention|kernel/i;
const SURVEY_RE = /systematic (literature )?(review|survey)|literature (review|survey)|comprehensive review|provide an overview|this review|the survey/i;

const split = (text: string): string[] => text.split(/(?<=[.!?])\s+/).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length > 40 && s.length < 320);

export function readLearningTexts(fixturesDir: string): Texts {
  const abstracts: string[] = [];
  const titles: string[] = [];
  const names = new Set<string>();
  for (const sub of ['arxiv-api', 'arxiv-rss']) {
    for (const f of readdirSync(join(fixturesDir, sub)).filter((x) => x.endsWith('.xml'))) {
      const xml = readFileSync(join(fixturesDir, sub, f), 'utf8').replace(/&[a-z#0-9]+;/g, (e) => ENTITY[e] ?? ' ');
      for (const m of xml.matchAll(/<(summary|description)[^>]*>([\s\S]*?)<\/\1>/g)) abstracts.push(m[2]!.replace(/<[^>]+>/g, ' ').replace(/^[\s\S]*?Abstract:/, ''));
      for (const m of xml.matchAll(/<title[^>]*>([^<]{12,200})<\/title>/g)) if (!/arXiv|updates on|Error/.test(m[1]!)) titles.push(m[1]!.replace(/\s+/g, ' ').trim());
      for (const m of xml.matchAll(/<name>([^<]+)<\/name>/g)) names.add(m[1]!.trim());
      for (const m of xml.matchAll(/<dc:creator>([^<]+)<\/dc:creator>/g)) for (const n of m[1]!.split(',')) names.add(n.trim());
    }
  }
  const hfDir = join(fixturesDir, 'huggingface');
  for (const f of readdirSync(hfDir).filter((x) => x.endsWith('.json'))) {
    const items = JSON.parse(readFileSync(join(hfDir, f), 'utf8')) as { paper: { title: string; summary: string; authors: { name: string }[] } }[];
    for (const it of items) {
      abstracts.push(it.paper.summary);
      titles.push(it.paper.title.replace(/\s+/g, ' ').trim());
      for (const a of it.paper.authors) names.add(a.name.trim());
    }
  }
  const sentences = abstracts.flatMap(split);
  const cleanNames = [...names].filter((n) => /^[\p{L}][\p{L}.' -]+ [\p{L}'-]+$/u.test(n) && !/arxiv|api/i.test(n)).sort();
  return {
    sentences: sentences.filter((s) => !SYSTEMS_RE.test(s) && !SURVEY_RE.test(s)),
    systems: sentences.filter((s) => SYSTEMS_RE.test(s) && !SURVEY_RE.test(s)),
    surveys: sentences.filter((s) => SURVEY_RE.test(s)),
    titles: titles.filter((t) => !SYSTEMS_RE.test(t) && !/survey|review/i.test(t)),
    systemsTitles: titles.filter((t) => SYSTEMS_RE.test(t) || /efficient|scalable|memory|parallel/i.test(t)),
    names: cleanNames,
  };
}

const CATS = ['cs.LG', 'cs.CL', 'cs.CV', 'cs.AI', 'cs.DC'] as const;

/** `days` announcement days of `perDay` papers each, from a seeded PRNG (same seed, same corpus). */
export function buildLearningDays(texts: Texts, options: { days: number; perDay: number; seed: number }): BenchPaper[][] {
  const rand = mulberry32(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const group = Array.from({ length: 40 }, () => pick(texts.names));
  const acronym = (): string => Array.from({ length: 3 + Math.floor(rand() * 3) }, () => String.fromCharCode(65 + Math.floor(rand() * 26))).join('');
  const out: BenchPaper[][] = [];
  for (let d = 0; d < options.days; d++) {
    const day = new Date(Date.UTC(2026, 3, 6 + d + 2 * Math.floor(d / 5))).toISOString().slice(0, 10);
    const papers: BenchPaper[] = [];
    for (let i = 0; i < options.perDay; i++) {
      const r = rand();
      const genre: Genre = r < 0.15 ? 'systems' : r < 0.23 ? 'survey' : 'other';
      const body = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(texts.sentences));
      let title: string;
      let categories: string[];
      let authors: string[];
      const nAuthors = 2 + Math.floor(rand() * 5);
      if (genre === 'systems') {
        title = rand() < 0.5 ? `${acronym()}: ${pick(texts.systemsTitles)}` : pick(texts.titles);
        body.splice(1, 0, pick(texts.systems));
        categories = [rand() < 0.3 ? 'cs.DC' : pick(CATS.slice(0, 4)), ...(rand() < 0.4 ? [pick(CATS)] : [])];
        authors = Array.from({ length: nAuthors }, () => (rand() < 0.4 ? pick(group) : pick(texts.names)));
      } else {
        title = genre === 'survey' ? `A Survey of ${pick(texts.titles)}` : pick(texts.titles);
        if (genre === 'survey') body.unshift(pick(texts.surveys), pick(texts.surveys));
        else body.push(pick(texts.sentences));
        categories = [pick(CATS.slice(0, 4)), ...(rand() < 0.4 ? [pick(CATS)] : [])];
        authors = Array.from({ length: nAuthors }, () => pick(texts.names));
      }
      const id = `arxiv:26${String(4 + Math.floor(d / 20)).padStart(2, '0')}.${String(10000 + d * 1000 + i)}`;
      papers.push({
        genre,
        paper: {
          id,
          version: 1,
          title,
          abstract: body.join(' '),
          authors: [...new Set(authors)].map((name) => ({ name })),
          primaryCategory: categories[0],
          categories: [...new Set(categories)],
          announced: day,
          sources: [{ kind: 'arxiv', label: `arXiv (${categories[0]})` }],
        },
      });
    }
    out.push(papers);
  }
  return out;
}
