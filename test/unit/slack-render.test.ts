import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, toMrkdwn, toPlainFallback, truncate } from '../../adapters/slack/mrkdwn.js';
import { cardSectionText, DISCUSS_ACTION, renderMessage, SHUFFLE_ACTION, splitText } from '../../adapters/slack/render.js';
import type { PaperCard } from '../../src/chat/message.js';

const card = (i: number, over: Partial<PaperCard> = {}): PaperCard => ({
  index: i,
  paperId: `arxiv:2606.${String(10000 + i)}`,
  title: `Paper ${i}`,
  url: `https://arxiv.org/abs/2606.${String(10000 + i)}`,
  sourceLabel: 'arXiv (cs.LG)',
  date: '2026-06-12',
  authors: 'A. Author, B. Author',
  summary: 'An abstract.',
  reasons: [{ label: 'title', term: 'mixture of experts' }],
  ...over,
});

type AnyBlock = { type: string; text?: { text: string }; accessory?: { action_id: string; value: string }; elements?: { text?: string; action_id?: string; value?: string }[] };

describe('mrkdwn conversion', () => {
  it('turns **bold** into *bold* and [label](url) into <url|label>', () => {
    expect(toMrkdwn('**AcademicHub digest** — see [the paper](https://arxiv.org/abs/2606.04101)')).toBe(
      '*AcademicHub digest* — see <https://arxiv.org/abs/2606.04101|the paper>',
    );
  });

  it('escapes &, < and > so untrusted text cannot mention anyone', () => {
    const title = 'Attacks <!everyone> & <!channel> on <@U123> and <https://evil.example|click>';
    const out = toMrkdwn(title);
    expect(out).toBe('Attacks &lt;!\u200beveryone&gt; &amp; &lt;!\u200bchannel&gt; on &lt;@U123&gt; and &lt;https://evil.example|click&gt;');
    expect(out).not.toMatch(/<[!@]/);
    expect(escapeMrkdwn('a < b > c & d')).toBe('a &lt; b &gt; c &amp; d');
  });

  it('keeps non-http links as text and never lets a label close the link early', () => {
    expect(toMrkdwn('[x](javascript:alert(1))')).toBe('[x](javascript:alert(1))');
    expect(toMrkdwn('[a > b](https://x.org/?q=1&r=2)')).toBe('<https://x.org/?q=1&amp;r=2|a &gt; b>');
  });

  it('makes a plain fallback without markdown, still escaped', () => {
    expect(toPlainFallback('**Bold** and [l](https://u.org) <!here>')).toBe('Bold and l (https://u.org) &lt;!\u200bhere&gt;');
  });

  it('truncates without splitting an entity or a surrogate pair', () => {
    expect(truncate('abc &amp; def', 7)).toBe('abc …');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('Block Kit rendering', () => {
  it('renders a header section, one section per card with a Discuss button, why-matched context, dividers between cards and Shuffle at the end', () => {
    const [p, ...rest] = renderMessage({
      text: '**Digest** — 2 papers',
      cards: [card(1), card(2)],
      discussable: true,
      buttons: [{ kind: 'shuffle', label: '换一批 Shuffle' }],
    });
    expect(rest).toEqual([]);
    const blocks = p!.blocks as AnyBlock[];
    expect(blocks.map((b) => b.type)).toEqual(['section', 'divider', 'section', 'context', 'divider', 'section', 'context', 'actions']);
    expect(blocks[0]!.text!.text).toBe('*Digest* — 2 papers');
    expect(blocks[2]!.text!.text).toContain('*<https://arxiv.org/abs/2606.10001|01 · Paper 1>*');
    expect(blocks[2]!.text!.text).toContain('arXiv (cs.LG) · 2026-06-12 · A. Author, B. Author');
    expect(blocks[2]!.accessory).toMatchObject({ action_id: DISCUSS_ACTION, value: 'arxiv:2606.10001' });
    expect(blocks[3]!.elements![0]!.text).toContain('title: mixture of experts');
    expect(blocks[7]!.elements![0]).toMatchObject({ action_id: SHUFFLE_ACTION });
    expect(p!.text).toContain('Digest — 2 papers');
    expect(p!.text).toContain('01 · Paper 1');
  });

  it('bolds what the reasons hit in the summary and the author line, inside the escaping', () => {
    const summary = 'Routing <b>&</b> a sparse mixture of experts.';
    const authors = 'A. One, …, Yinmin Zhong +3';
    const text = cardSectionText(card(1, { summary, authors, marks: { summary: [[summary.indexOf('mixture'), summary.length - 1]], authors: [[authors.indexOf('Yinmin'), authors.indexOf(' +3')]] } }), 3000);
    expect(text).toContain('_arXiv (cs.LG) · 2026-06-12 · A. One, …, *Yinmin Zhong* +3_');
    expect(text).toContain('Routing &lt;b&gt;&amp;&lt;/b&gt; a sparse *mixture of experts*.');
  });

  it('omits Discuss buttons unless the message is discussable', () => {
    const [p] = renderMessage({ text: 'x', cards: [card(1)] });
    expect((p!.blocks as AnyBlock[]).some((b) => b.accessory)).toBe(false);
  });

  it('splits 30 cards across messages: ≤ 50 blocks each, every card exactly once, Shuffle only on the last', () => {
    const cards = Array.from({ length: 30 }, (_, i) => card(i + 1));
    const payloads = renderMessage({ text: 'header', cards, discussable: true, buttons: [{ kind: 'shuffle', label: 'Shuffle' }] });
    expect(payloads.length).toBeGreaterThan(1);
    const ids: string[] = [];
    payloads.forEach((p, i) => {
      expect(p.blocks.length).toBeLessThanOrEqual(50);
      expect(p.text.length).toBeGreaterThan(0);
      const blocks = p.blocks as AnyBlock[];
      for (const b of blocks) if (b.accessory) ids.push(b.accessory.value);
      expect(blocks.some((b) => b.type === 'actions')).toBe(i === payloads.length - 1);
      expect(blocks[0]!.type).not.toBe('divider');
    });
    expect(ids).toEqual(cards.map((c) => c.paperId));
  });

  it('truncates an oversized card inside itself (≤ 3,000 chars) instead of dropping it', () => {
    const huge = card(7, { title: 'T'.repeat(5000), summary: 'S'.repeat(10_000), tldr: 'tl;dr', note: 'v2: abstract changed' });
    const text = cardSectionText(huge, 3000);
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toContain('https://arxiv.org/abs/2606.10007');
    expect(text).toContain('v2: abstract changed');
    const payloads = renderMessage({ text: 'h', cards: [huge, card(8)], discussable: true });
    const sections = payloads.flatMap((p) => p.blocks as AnyBlock[]).filter((b) => b.type === 'section');
    for (const s of sections) expect(s.text!.text.length).toBeLessThanOrEqual(3000);
    expect(sections.filter((s) => s.accessory).map((s) => s.accessory!.value)).toEqual(['arxiv:2606.10007', 'arxiv:2606.10008']);
  });

  it('splits long header text into ≤ 3,000-char sections without losing any of it', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• line ${i} & more`);
    const payloads = renderMessage({ text: lines.join('\n') });
    const sections = payloads.flatMap((p) => p.blocks as AnyBlock[]).map((b) => b.text!.text);
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) expect(s.length).toBeLessThanOrEqual(3000);
    expect(sections.join('\n')).toBe(escapeMrkdwn(lines.join('\n')));
  });

  it('splitText hard-splits a single huge word and never cuts an entity', () => {
    const pieces = splitText(`${'a'.repeat(2998)}&amp;${'b'.repeat(10)}`, 3000);
    expect(pieces[0]).toBe('a'.repeat(2998));
    expect(pieces.join('')).toBe(`${'a'.repeat(2998)}&amp;${'b'.repeat(10)}`);
  });

  it('escapes card fields and reasons so a title cannot ping the channel', () => {
    const [p] = renderMessage({ text: 'x', cards: [card(1, { title: '<!channel> wins', authors: '<@U999>', reasons: [{ label: 'title', term: '<!here>' }] })] });
    const json = JSON.stringify(p);
    expect(json).not.toMatch(/<!channel>|<!here>|<@U999>/);
    expect(p!.text).not.toContain('<!channel>');
  });
});
