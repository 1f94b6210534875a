/** The arXiv API client over real HTTP against the emulator: paging, id chunks, encoding, error entries. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPoliteHttpClient } from '../../src/sources/http-client.js';
import { createArxivApiClient } from '../../src/sources/arxiv-api-client.js';
import { buildAtomError, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';

let emu: ArxivEmulator;
const bank = syntheticPapers(250, ['cs.LG', 'cs.AI', 'stat.ML']);
beforeEach(async () => {
  emu = await startArxivEmulator({ api: { papers: bank } });
});
afterEach(async () => {
  await emu.close();
});

const api = () =>
  createArxivApiClient({
    baseUrl: emu.apiUrl,
    http: createPoliteHttpClient({ minIntervalMs: 0, timeoutMs: 5000, retries: 2, userAgent: 'ua', baseBackoffMs: 5 }),
  });

describe('arXiv API client', () => {
  it('search returns one page with opensearch numbers', async () => {
    const page = await api().search('cat:cs.LG', { start: 10, maxResults: 5, sortBy: 'submittedDate' });
    expect(page.papers).toHaveLength(5);
    expect(page.startIndex).toBe(10);
    expect(page.totalResults).toBe(bank.filter((p) => p.categories.includes('cs.LG')).length);
    const q = new URL(emu.requests[0]!.path, emu.url).searchParams;
    expect(q.get('search_query')).toBe('cat:cs.LG');
    expect(q.get('sortBy')).toBe('submittedDate');
  });

  it('URL-encodes queries with spaces, quotes and AND', async () => {
    const page = await api().search('ti:"diffusion models" AND cat:cs.AI', { maxResults: 100 });
    const q = new URL(emu.requests[0]!.path, emu.url).searchParams;
    expect(q.get('search_query')).toBe('ti:"diffusion models" AND cat:cs.AI');
    expect(page.papers.length).toBeGreaterThan(0);
    for (const p of page.papers) expect(p.title).toContain('diffusion models');
  });

  it('searchAll pages through start until totalResults', async () => {
    const all = await api().searchAll('all:study', { pageSize: 100 });
    expect(all).toHaveLength(250);
    expect(emu.requests).toHaveLength(3);
    const starts = emu.requests.map((r) => new URL(r.path, emu.url).searchParams.get('start'));
    expect(starts).toEqual(['0', '100', '200']);
  });

  it('searchAll stops at max', async () => {
    const some = await api().searchAll('all:study', { max: 30, pageSize: 20 });
    expect(some).toHaveLength(30);
  });

  it('byIds chunks id_list by 100 and accepts versions and arxiv: prefixes', async () => {
    const ids = bank.slice(0, 150).map((p, i) => (i === 0 ? `arxiv:${p.id}` : i === 1 ? `${p.id}v1` : p.id));
    const papers = await api().byIds(ids);
    expect(papers).toHaveLength(150);
    expect(emu.requests).toHaveLength(2);
    const lists = emu.requests.map((r) => new URL(r.path, emu.url).searchParams.get('id_list')!.split(','));
    expect(lists.map((l) => l.length)).toEqual([100, 50]);
  });

  it('a malformed id comes back as HTTP 400 with the error entry → arxiv_api_error', async () => {
    const client = createArxivApiClient({
      baseUrl: emu.apiUrl,
      http: createPoliteHttpClient({ minIntervalMs: 0, timeoutMs: 5000, retries: 2, userAgent: 'ua' }),
    });
    // an id that looks valid locally but the API refuses (as the real API does for unknown formats)
    emu.respondNext({ status: 400, body: buildAtomError('incorrect id format for abc') });
    const error = await client.byIds(['2604.20001']).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'arxiv_api_error', retryable: false });
    expect((error as Error).message).toContain('incorrect id format for abc');
    expect(emu.requests).toHaveLength(1);
  });

  it('the emulator itself answers a malformed id_list with 400 + error entry', async () => {
    const res = await fetch(`${emu.apiUrl}?id_list=abc`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('incorrect id format for abc');
  });

  it('refuses a non-id locally before any request', async () => {
    await expect(api().byIds(['not an id'])).rejects.toMatchObject({ code: 'bad_arxiv_id' });
    expect(emu.requests).toHaveLength(0);
  });
});
