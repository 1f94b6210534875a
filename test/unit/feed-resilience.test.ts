/** One bad item never loses a feed; a long Hugging Face day is read page by page to the end. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJournalFeed } from '../../src/sources/journal-feed.js';
import { convertEach, type SkippedItem } from '../../src/sources/item-guard.js';
import { createHfSource } from '../../src/sources/hf-source.js';
import { parseHfDailyPage } from '../../src/sources/hf-papers.js';
import { hfDailyItem, startHfEmulator, type HfEmulator } from '../emulators/hf/hf-emulator.js';

const rss = (items: string) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"><channel><title>J</title>${items}</channel></rss>`;
const item = (n: number, doi: string) =>
  `<item><title>Paper ${n}</title><link>https://journal.example/a${n}</link><prism:doi>${doi}</prism:doi><description>About ${n}.</description></item>`;

describe('per-item resilience', () => {
  it('a journal feed with one malformed DOI escape (%E0%A4) yields its other items', () => {
    const feed = parseJournalFeed(rss([item(1, '10.1038/s1'), item(2, '10.1038/bad%E0%A4'), item(3, '10.1038/s3')].join('')));
    expect(feed.items.map((p) => p.title)).toContain('Paper 1');
    expect(feed.items.map((p) => p.title)).toContain('Paper 3');
    expect(feed.items.find((p) => p.title === 'Paper 1')?.doi).toBe('10.1038/s1');
  });

  it('an item whose conversion throws is skipped and reported; the others are kept', () => {
    const skipped: SkippedItem[] = [];
    const out = convertEach([1, 2, 3, 4], (n) => {
      if (n === 2) throw new URIError('URI malformed');
      return n * 10;
    }, (s) => skipped.push(s));
    expect(out).toEqual([10, 30, 40]);
    expect(skipped).toEqual([{ index: 1, reason: 'URI malformed' }]);
  });

  it('a Hugging Face page with a junk item keeps the good ones', () => {
    const body = JSON.stringify([hfDailyItem({ id: '2606.00001', title: 'A' }), 42, null, { paper: 'x' }, hfDailyItem({ id: '2606.00002', title: 'B' })]);
    const page = parseHfDailyPage(body, '2026-06-15');
    expect(page.papers.map((p) => p.id)).toEqual(['arxiv:2606.00001', 'arxiv:2606.00002']);
    expect(page.items).toBe(5);
  });
});

describe('Hugging Face daily papers, paged', () => {
  let emu: HfEmulator;
  const DAY = '2026-06-15';
  beforeAll(async () => {
    emu = await startHfEmulator();
    emu.setDaily(DAY, Array.from({ length: 120 }, (_, i) => hfDailyItem({ id: `2606.${String(10000 + i)}`, title: `Paper ${i}`, upvotes: i })));
  });
  afterAll(() => emu.close());

  it('an HF day of 120 papers is read whole (pages of 50: 50 + 50 + 20)', async () => {
    const hf = createHfSource({ baseUrl: emu.apiUrl });
    const papers = await hf.fetchDaily(DAY);
    expect(papers).toHaveLength(120);
    expect(new Set(papers.map((p) => p.id)).size).toBe(120);
    const pages = emu.server.requests.filter((r) => r.path === '/api/daily_papers' && r.query.get('date') === DAY);
    expect(pages.map((r) => r.query.get('p'))).toEqual(['0', '1', '2']);
  });

  it('trending order holds across pages', async () => {
    const hf = createHfSource({ baseUrl: emu.apiUrl, limit: 40 });
    const papers = await hf.fetchDaily(DAY, { sort: 'trending' });
    expect(papers).toHaveLength(120);
    expect(papers[0]!.title).toBe('Paper 119');
    expect(papers.at(-1)!.title).toBe('Paper 0');
  });
});
