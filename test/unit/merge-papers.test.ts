import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergePapers, mergeWithStored, workIdsOf } from '../../src/papers/merge.js';
import { compactCount, sourceLabelOf } from '../../src/papers/source-label.js';
import type { Paper } from '../../src/papers/paper.js';
import { parseHfDailyPapers } from '../../src/sources/hf-papers.js';
import { HF_FIXTURES } from '../emulators/hf/hf-emulator.js';

const arxiv = (over: Partial<Paper> = {}): Paper => ({
  id: 'arxiv:2606.13392',
  version: 1,
  title: 'MiniMax Sparse Attention',
  abstract: 'arXiv abstract.',
  authors: [{ name: 'Alice Zhang' }, { name: 'Bob Li' }],
  primaryCategory: 'cs.LG',
  categories: ['cs.LG', 'cs.CL'],
  announceType: 'new',
  announced: '2026-06-11',
  absUrl: 'https://arxiv.org/abs/2606.13392',
  sources: [{ kind: 'arxiv', label: 'arXiv (cs.LG)', url: 'https://arxiv.org/abs/2606.13392' }],
  ...over,
});

const hfPaper = parseHfDailyPapers(readFileSync(HF_FIXTURES['2026-06-12'], 'utf8'), '2026-06-12').find((p) => p.id === 'arxiv:2606.13392')!;

const journal = (over: Partial<Paper> = {}): Paper => ({
  id: 'doi:10.1038/s42256-026-00001-1',
  doi: '10.1038/s42256-026-00001-1',
  title: 'Minimax sparse attention',
  abstract: '',
  authors: [{ name: 'Alice Zhang' }],
  categories: [],
  published: '2026-09-01',
  announced: '2026-09-01',
  venue: 'Nature Machine Intelligence',
  absUrl: 'https://www.nature.com/articles/s42256-026-00001-1',
  sources: [{ kind: 'journal', label: 'Nature Machine Intelligence', url: 'https://www.nature.com/articles/s42256-026-00001-1' }],
  ...over,
});

describe('mergePapers', () => {
  it('merges arXiv and HF by arXiv id: arXiv text and categories, HF signals, both sources', () => {
    const [m, ...rest] = mergePapers([hfPaper, arxiv()]);
    expect(rest).toEqual([]);
    expect(m!.id).toBe('arxiv:2606.13392');
    expect(m!.abstract).toBe('arXiv abstract.');
    expect(m!.categories).toEqual(['cs.LG', 'cs.CL']);
    expect(m!.announced).toBe('2026-06-11');
    expect(m!.hf).toMatchObject({ upvotes: 103, comments: 4, githubStars: 251 });
    expect(m!.sources.map((s) => s.kind)).toEqual(['arxiv', 'hf']);
    expect(sourceLabelOf(m!)).toBe('arXiv (cs.LG) · HF ▲103 💬4 · code ★251');
  });

  it('is deterministic whatever the input order', () => {
    const inputs = [arxiv({ doi: '10.1038/s42256-026-00001-1' }), hfPaper, journal()];
    const a = mergePapers(inputs);
    const b = mergePapers([...inputs].reverse());
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
  });

  it('merges a journal item with the arXiv paper carrying its DOI; keeps venue and DOI, arXiv id canonical', () => {
    const [m] = mergePapers([journal(), arxiv({ doi: '10.1038/S42256-026-00001-1' })]);
    expect(m!.id).toBe('arxiv:2606.13392');
    expect(m!.doi?.toLowerCase()).toBe('10.1038/s42256-026-00001-1');
    expect(m!.venue).toBe('Nature Machine Intelligence');
    expect(sourceLabelOf(m!)).toBe('arXiv (cs.LG) · Nature Machine Intelligence');
    expect(workIdsOf(m!)).toEqual(['arxiv:2606.13392', 'doi:10.1038/s42256-026-00001-1']);
  });

  it('falls back to normalised title + first-author surname when no id is shared', () => {
    const j = journal({ title: 'MiniMax  Sparse Attention!', authors: [{ name: 'Zhang, Alice' }] });
    expect(mergePapers([arxiv(), j])).toHaveLength(1);
    expect(mergePapers([arxiv(), journal({ authors: [{ name: 'Carol Smith' }] })])).toHaveLength(2);
  });

  it('never joins two different arXiv ids, and ignores short titles', () => {
    const twin = arxiv({ id: 'arxiv:2606.99999', absUrl: undefined });
    expect(mergePapers([arxiv(), twin])).toHaveLength(2);
    const a = journal({ id: 'doi:10.1/a', doi: '10.1/a', title: 'Editorial' });
    const b = journal({ id: 'doi:10.1/b', doi: '10.1/b', title: 'Editorial' });
    expect(mergePapers([a, b])).toHaveLength(2);
  });

  it('arXiv DataCite DOIs join by arXiv id', () => {
    const viaDoi = journal({ id: 'doi:10.48550/arxiv.2606.13392', doi: '10.48550/arXiv.2606.13392', title: 'Other' });
    expect(mergePapers([arxiv(), viaDoi])).toHaveLength(1);
  });

  it('the newest arXiv version wins title/abstract/version/announceType; all versions collapse', () => {
    const v2 = arxiv({ version: 2, abstract: 'New abstract.', announceType: 'replace', announced: '2026-06-20' });
    const [m] = mergePapers([arxiv(), v2]);
    expect(m).toMatchObject({ version: 2, abstract: 'New abstract.', announceType: 'replace', announced: '2026-06-20' });
    expect(m!.sources).toHaveLength(1);
  });

  it('mergeWithStored: today’s HF sighting keeps yesterday’s arXiv record', async () => {
    const store = new Map<string, Paper>([[arxiv().id, arxiv()]]);
    const out = await mergeWithStored([hfPaper], { getMany: async (ids) => ids.map((i) => store.get(i)).filter((p): p is Paper => !!p) });
    expect(out).toHaveLength(1);
    expect(out[0]!.sources.map((s) => s.kind)).toEqual(['arxiv', 'hf']);
    expect(out[0]!.announced).toBe('2026-06-11');
  });
});

describe('sourceLabelOf', () => {
  it('formats counts compactly', () => {
    expect([999, 1234, 12_000, 1_500_000].map(compactCount)).toEqual(['999', '1.2k', '12k', '1.5M']);
  });
  it('shows the issue’s example label', () => {
    const p = arxiv({
      hf: { upvotes: 57, comments: 4, githubRepo: 'https://github.com/x/y', githubStars: 1200 },
      venue: 'Nature Machine Intelligence',
      sources: [
        { kind: 'arxiv', label: 'arXiv (cs.LG)' },
        { kind: 'hf', label: 'HF ▲50 💬1' },
        { kind: 'journal', label: 'Nature Machine Intelligence' },
      ],
    });
    expect(sourceLabelOf(p)).toBe('arXiv (cs.LG) · HF ▲57 💬4 · code ★1.2k · Nature Machine Intelligence');
  });
  it('shows a Crossref-only venue, and a journal alone', () => {
    expect(sourceLabelOf(arxiv({ venue: 'Physical Review Letters' }))).toBe('arXiv (cs.LG) · Physical Review Letters');
    expect(sourceLabelOf(journal())).toBe('Nature Machine Intelligence');
  });
});
