import { describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/shell/render-text.js';
import type { PaperCard } from '../../src/chat/message.js';
import { translator } from '../../src/i18n/messages.js';

const summary = 'We route tokens through a sparse mixture of experts.';
const authors = 'A. One, …, Yinmin Zhong +3';
const card: PaperCard = {
  index: 1, paperId: 'arxiv:2606.10001', title: 'Paper', url: 'https://arxiv.org/abs/2606.10001', sourceLabel: 'arXiv (cs.LG)', date: '2026-06-12',
  authors, summary, reasons: [{ label: 'abstract', term: 'mixture of experts' }],
  marks: { summary: [[summary.indexOf('mixture'), summary.length - 1]], authors: [[authors.indexOf('Yinmin'), authors.indexOf(' +3')]] },
};

describe('terminal cards', () => {
  it('bold what the reasons hit on a terminal', () => {
    const out = renderText({ text: 'Digest', cards: [card] }, translator('en'), 'bold');
    expect(out).toContain('A. One, …, \u001b[1mYinmin Zhong\u001b[22m +3');
    expect(out).toContain('a sparse \u001b[1mmixture of experts\u001b[22m.');
  });

  it('stay plain text into a pipe', () => {
    const out = renderText({ text: 'Digest', cards: [card] }, translator('en'));
    expect(out).not.toContain('\u001b');
    expect(out).toContain(`    ${summary}`);
  });

  it('leave out an empty author line (a feed item without authors)', async () => {
    const { toCard } = await import('../../src/digest/cards.js');
    const c = toCard({ id: 'doi:10.1/x', title: 'T', abstract: 'A.', authors: [], categories: [], sources: [], published: '2026-06-12' } as never, 1, []);
    expect(c.authors).toBe('');
    const out = renderText({ text: '', cards: [c] }, translator('zh'));
    expect(out).toMatch(/\n {4}\S.* · 2026-06-12\n/);
    expect(out).not.toMatch(/2026-06-12 · /);
  });
});
