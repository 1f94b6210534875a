import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHfDailyPapers, parseHfPaper } from '../../src/sources/hf-papers.js';
import { createHfSource } from '../../src/sources/hf-source.js';
import { SourceError } from '../../src/errors.js';
import { HF_FIXTURES, startHfEmulator, type HfEmulator } from '../emulators/hf/hf-emulator.js';

const june = readFileSync(HF_FIXTURES['2026-06-12'], 'utf8');
const august = readFileSync(HF_FIXTURES['2026-08-03'], 'utf8');

describe('parseHfDailyPapers (recorded fixtures)', () => {
  const papers = parseHfDailyPapers(june, '2026-06-12');

  it('keeps all 30 papers, keyed by their arXiv id', () => {
    expect(papers).toHaveLength(30);
    expect(papers.every((p) => p.id.startsWith('arxiv:2606.'))).toBe(true);
  });

  it('keeps upvotes, comments, repo, stars and the HF label', () => {
    const msa = papers.find((p) => p.id === 'arxiv:2606.13392')!;
    expect(msa.title).toBe('MiniMax Sparse Attention');
    expect(msa.hf).toMatchObject({ upvotes: 103, comments: 4, githubRepo: 'https://github.com/MiniMax-AI/MSA', githubStars: 251 });
    expect(msa.sources).toEqual([{ kind: 'hf', label: 'HF ▲103 💬4', url: 'https://huggingface.co/papers/2606.13392' }]);
    expect(msa.absUrl).toBe('https://arxiv.org/abs/2606.13392');
    expect(msa.announced).toBe('2026-06-12');
  });

  it('keeps ai_summary and ai_keywords', () => {
    const first = papers.find((p) => p.id === 'arxiv:2606.00467')!;
    expect(first.hf?.upvotes).toBe(0);
    expect(first.hf?.aiKeywords?.slice(0, 3)).toEqual(['zero-shot annotation', 'LLM-as-a-judge', 'model-internalized priors']);
    expect(first.hf?.aiKeywords).toHaveLength(14);
    expect(first.hf?.aiKeywords?.at(-1)).toBe('embedding cosine similarity');
    expect(first.hf?.aiSummary).toMatch(/^Large language models exhibit limited ability to correct zero-shot errors/);
    expect(first.published).toBe('2026-05-30T00:00:00.000Z');
  });

  it('keeps a hidden author by name and non-ASCII names intact', () => {
    const p = papers.find((x) => x.id === 'arxiv:2606.12575')!;
    expect(p.authors.map((a) => a.name)).toContain('Dengyang Jiang');
    const names = papers.flatMap((x) => x.authors.map((a) => a.name));
    expect(names).toEqual(expect.arrayContaining(['Boglárka Ecsedi', 'Niccolò Biondi', 'Raphaël Baena']));
  });

  it('handles items without ai fields; project page kept', () => {
    const [a, , c] = parseHfDailyPapers(august);
    expect(a!.hf).toEqual({
      upvotes: 3,
      comments: 1,
      githubRepo: 'https://github.com/desBugger/constitutional-mt',
      githubStars: 2,
      projectPage: 'https://www.lesswrong.com/posts/n5htoDGvKKJFAjji2',
    });
    expect(a!.hf?.aiSummary).toBeUndefined();
    expect(c!.hf?.githubRepo).toBeUndefined();
    expect(a!.announced).toBe('2026-08-03');
  });

  it('refuses a non-array body and skips items without an id', () => {
    expect(() => parseHfDailyPapers('{"error":"x"}')).toThrow(SourceError);
    expect(() => parseHfDailyPapers('<html>')).toThrow(/not JSON/);
    expect(parseHfDailyPapers(JSON.stringify([{ paper: { title: 'No id' } }, { paper: { id: '2606.00001', title: 'Ok' } }]))).toHaveLength(1);
  });

  it('parses a single-paper object', () => {
    const p = parseHfPaper(JSON.stringify({ id: '2606.13392', title: 'MiniMax Sparse Attention', upvotes: 5, numComments: 2 }));
    expect(p?.hf).toMatchObject({ upvotes: 5, comments: 2 });
  });
});

describe('HF source against the loopback emulator', () => {
  let emu: HfEmulator;
  beforeAll(async () => {
    emu = await startHfEmulator();
  });
  afterAll(() => emu.close());
  const clock = { now: () => new Date('2026-06-12T09:00:00Z') };

  it('fetchLatest reads today’s daily papers', async () => {
    const source = createHfSource({ baseUrl: emu.apiUrl, clock });
    const r = await source.fetchLatest([]);
    expect(r.papers).toHaveLength(30);
    expect(emu.server.requests.at(-1)?.query.get('date')).toBe('2026-06-12');
  });

  it('honours 429 + Retry-After, then succeeds', async () => {
    const waits: number[] = [];
    const source = createHfSource({ baseUrl: emu.apiUrl, clock, sleep: async (ms) => void waits.push(ms) });
    emu.rateLimitNext(2, '3');
    const papers = await source.fetchDaily('2026-08-03', { sort: 'trending' });
    expect(papers.map((p) => p.hf?.upvotes)).toEqual([4, 3, 2]);
    expect(waits).toEqual([3000, 3000]);
  });

  it('gives up with a retryable SourceError after its retries', async () => {
    const source = createHfSource({ baseUrl: emu.apiUrl, clock, retries: 1, sleep: async () => undefined });
    emu.rateLimitNext(2);
    const err = await source.fetchDaily('2026-06-12').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).code).toBe('hf_rate_limited');
    expect((err as SourceError).retryable).toBe(true);
  });

  it('papers/{id}: found and 404', async () => {
    const source = createHfSource({ baseUrl: emu.apiUrl, clock });
    expect((await source.fetchPaper('2606.08063'))?.hf).toMatchObject({ upvotes: 74, comments: 3, githubStars: 86 });
    expect(await source.fetchPaper('2601.99999')).toBeUndefined();
  });
});
