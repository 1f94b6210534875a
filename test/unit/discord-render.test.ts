/**
 * The Discord renderer's splitting and limits. Every rendered body is also checked by the emulator's own
 * validator (the rules the real API enforces), so a malformed embed fails here, not in production.
 */
import { describe, expect, it } from 'vitest';
import { buildRadarCommand } from '../../adapters/discord/command-json.js';
import { escapeMarkdown, splitText, truncate } from '../../adapters/discord/markdown.js';
import { cardEmbed, discussCustomId, embedLength, parseCustomId, renderMessage, SHUFFLE_ID, type DiscordPayload } from '../../adapters/discord/render.js';
import type { PaperCard, OutboundMessage } from '../../src/chat/message.js';
import type { CommandSpec } from '../../src/chat/command-spec.js';
import { commandSpecs } from '../../commands/index.js';
import { messageProblems } from '../emulators/discord/limits.js';
import { commandProblems } from '../emulators/discord/rest-api.js';

function card(i: number, over: Partial<PaperCard> = {}): PaperCard {
  return {
    index: i,
    paperId: `arxiv:2606.${String(10000 + i)}`,
    title: `Paper ${i}: sparse mixture of experts`,
    url: `https://arxiv.org/abs/2606.${String(10000 + i)}`,
    sourceLabel: 'arXiv (cs.LG)',
    date: '2026-06-12',
    authors: `A. Author${i}, B. Writer, … +3`,
    summary: `Abstract ${i}. We study routing.`,
    reasons: [{ label: 'title', term: 'mixture of experts' }],
    ...over,
  };
}

const digest = (cards: PaperCard[], extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
  text: '**Radar digest** 2026-06-12: 25 new papers for #1 `"mixture of experts"`',
  cards,
  discussable: true,
  buttons: [{ kind: 'shuffle', label: '换一批 Shuffle' }],
  ...extra,
});

const api = (p: DiscordPayload) => ({ ...p, allowed_mentions: p.allowedMentions });
const titles = (ps: DiscordPayload[]) => ps.flatMap((p) => p.embeds.map((e) => e.title));

function expectValid(payloads: DiscordPayload[]): void {
  for (const p of payloads) {
    expect(messageProblems(api(p))).toEqual([]);
    expect(p.allowedMentions).toEqual({ parse: [] });
  }
}

describe('renderMessage', () => {
  it('puts a short digest in one message: header, one embed per card, Discuss buttons, Shuffle last', () => {
    const out = renderMessage(digest([card(1), card(2), card(3)]));
    expect(out).toHaveLength(1);
    const [m] = out;
    expect(m!.content).toContain('**Radar digest**');
    expect(m!.embeds.map((e) => e.title)).toEqual(['01 · Paper 1: sparse mixture of experts', '02 · Paper 2: sparse mixture of experts', '03 · Paper 3: sparse mixture of experts']);
    expect(m!.embeds[0]!.url).toBe('https://arxiv.org/abs/2606.10001');
    expect(m!.embeds[0]!.author?.name).toBe('arXiv (cs.LG)');
    expect(m!.embeds[0]!.footer.text).toContain('2026-06-12');
    expect(m!.embeds[0]!.fields).toContainEqual({ name: 'Why matched', value: '`title: mixture of experts`' });
    const ids = m!.components.flatMap((r) => r.components.map((b) => b.custom_id));
    expect(ids).toEqual(['radar:discuss:arxiv:2606.10001', 'radar:discuss:arxiv:2606.10002', 'radar:discuss:arxiv:2606.10003', SHUFFLE_ID]);
    expectValid(out);
  });

  it('splits 25 cards into 3 messages of ≤ 10 embeds, every card exactly once, in order, Shuffle only under the last', () => {
    const cards = Array.from({ length: 25 }, (_, i) => card(i + 1));
    const out = renderMessage(digest(cards));
    expect(out.map((p) => p.embeds.length)).toEqual([10, 10, 5]);
    expect(titles(out)).toEqual(cards.map((c) => expect.stringContaining(c.title)));
    const shuffles = out.map((p) => p.components.flatMap((r) => r.components).filter((b) => b.custom_id === SHUFFLE_ID).length);
    expect(shuffles).toEqual([0, 0, 1]);
    for (const p of out) {
      const discuss = p.components.flatMap((r) => r.components).filter((b) => b.custom_id.startsWith('radar:discuss'));
      expect(discuss).toHaveLength(p.embeds.length); // each card's Discuss sits with its card
      expect(p.components.length).toBeLessThanOrEqual(5);
    }
    expect(out[0]!.content).toBeDefined();
    expect(out[1]!.content).toBeUndefined();
    expectValid(out);
  });

  it('cuts a huge abstract inside its own card and keeps every other card', () => {
    const huge = 'Routing tokens among experts. '.repeat(1000);
    const cards = [card(1, { summary: huge, tldr: 'x'.repeat(5000), note: 'n'.repeat(3000), reasons: Array.from({ length: 200 }, (_, i) => ({ label: 'title', term: `term ${i}` })) }), card(2)];
    const out = renderMessage(digest(cards));
    expect(titles(out)).toHaveLength(2);
    const first = out[0]!.embeds[0]!;
    expect(first.description!.length).toBeLessThanOrEqual(4096);
    expect(first.description!.endsWith('…')).toBe(true);
    for (const f of first.fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(embedLength(first)).toBeLessThanOrEqual(6000);
    expectValid(out);
  });

  it('starts a new message when the 6,000-character embed budget would be exceeded before 10 embeds', () => {
    const long = (i: number) => card(i, { summary: 'word '.repeat(500) }); // ~2,500 chars each
    const cards = Array.from({ length: 7 }, (_, i) => long(i + 1));
    const out = renderMessage(digest(cards));
    expect(out.length).toBeGreaterThan(1);
    for (const p of out) expect(p.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
    expect(titles(out)).toHaveLength(7);
    expectValid(out);
  });

  it('handles unicode: CJK and emoji titles, no surrogate pair cut in half', () => {
    const emoji = '🧪'.repeat(3000); // 6,000 UTF-16 units
    const out = renderMessage(digest([card(1, { title: `混合专家模型 ${emoji}`, summary: `摘要 ${emoji}`, authors: '张三, 李四' })], { text: `每日论文 ${emoji}` }));
    for (const p of out) {
      for (const s of [p.content ?? '', ...p.embeds.flatMap((e) => [e.title, e.description ?? ''])]) {
        expect(s).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }
    }
    expect(out[0]!.embeds.length + out.slice(1).reduce((n, p) => n + p.embeds.length, 0)).toBe(1);
    expect(out.map((p) => p.content ?? '').join('').replace(/\s/g, '')).toBe(`每日论文${emoji}`);
    expectValid(out);
  });

  it('splits content over 2,000 characters at line breaks without dropping text', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `• line ${i} ${'x'.repeat(30)}`);
    const out = renderMessage({ text: lines.join('\n') });
    expect(out.length).toBeGreaterThan(1);
    expect(out.map((p) => p.content).join('\n')).toBe(lines.join('\n'));
    expectValid(out);
  });

  it('escapes stray markdown in titles and keeps mentions inert', () => {
    const out = renderMessage(digest([card(1, { title: 'x*y_z `code` ~~s~~ |spoiler| @everyone <@123>' })]));
    const t = out[0]!.embeds[0]!.title;
    expect(t).toContain('x\\*y\\_z \\`code\\` \\~\\~s\\~\\~ \\|spoiler\\|');
    expect(out[0]!.allowedMentions).toEqual({ parse: [] });
  });

  it('bolds what the reasons hit in the summary and the author line, escaping the rest', () => {
    const summary = 'We route *tokens* with a sparse mixture of experts.';
    const authors = 'A. One, B_Two, …, Yinmin Zhong, … +3';
    const c = card(1, { summary, authors, marks: { summary: [[summary.indexOf('mixture'), summary.length - 1]], authors: [[authors.indexOf('Yinmin'), authors.indexOf(', … +3')]] } });
    const out = renderMessage(digest([c]));
    expectValid(out);
    expect(out[0]!.embeds[0]!.description).toBe('_A. One, B\\_Two, …, **Yinmin Zhong**, … +3_\n\nWe route \\*tokens\\* with a sparse **mixture of experts**.');
    // out-of-range or overlapping spans (a stored card from another version) are left plain, never thrown on
    const odd = renderMessage(digest([card(2, { summary: 'short', marks: { summary: [[2, 99], [0, 3], [1, 2]] } })]));
    expect(odd[0]!.embeds[0]!.description).toContain('**sho**rt');
  });

  it('never renders an empty message and never builds a non-http embed url', () => {
    const out = renderMessage({ text: '', cards: [card(1, { url: 'javascript:alert(1)' })] });
    expect(out[0]!.embeds[0]!.url).toBeUndefined();
    expect(renderMessage({ text: '' })[0]!.content).toBeTruthy();
    expectValid(out);
  });

  it('falls back to a positional Discuss id for ids too long for a custom_id, and reads it back', () => {
    const longId = `doi:10.1000/${'a'.repeat(120)}`;
    const out = renderMessage(digest([card(1), card(2, { paperId: longId })]));
    const ids = out[0]!.components.flatMap((r) => r.components.map((b) => b.custom_id));
    expect(ids[1]).toBe(discussCustomId(longId, 1));
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
    expect(parseCustomId(ids[1]!, out[0]!.embeds)).toEqual({ kind: 'discuss', paperId: longId });
    expect(parseCustomId(ids[0]!, out[0]!.embeds)).toEqual({ kind: 'discuss', paperId: 'arxiv:2606.10001' });
    expect(parseCustomId(SHUFFLE_ID)).toEqual({ kind: 'shuffle' });
    expect(parseCustomId('something:else')).toBeUndefined();
  });

  it('keeps each card embed under 6,000 even with every field at its maximum', () => {
    const e = cardEmbed(card(1, { title: 't'.repeat(999), authors: 'a'.repeat(5000), summary: 's'.repeat(9000), tldr: 'x'.repeat(2000), note: 'n'.repeat(2000), sourceLabel: 'l'.repeat(999), reasons: [{ label: 'r', term: 'r'.repeat(2000) }] }));
    expect(embedLength(e)).toBeLessThanOrEqual(6000);
    expect(messageProblems({ embeds: [e] })).toEqual([]);
  });
});

describe('markdown helpers', () => {
  it('truncate respects the limit and ends in an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('ab\\*cd', 4)).toBe('ab…');
  });
  it('splitText returns the text unchanged when short', () => {
    expect(splitText('hello', 10)).toEqual(['hello']);
  });
  it('escapeMarkdown escapes Discord markdown characters', () => {
    expect(escapeMarkdown('a_b*c')).toBe('a\\_b\\*c');
  });
});

describe('buildRadarCommand', () => {
  it('builds a /radar command Discord accepts from the real registry', () => {
    const json = buildRadarCommand(commandSpecs);
    expect(commandProblems(json)).toEqual([]);
    expect(json.options.map((o) => o.name)).toEqual(commandSpecs.map((s) => s.name));
  });

  it('moves required options first, truncates descriptions and never mixes choices with autocomplete', () => {
    const spec: CommandSpec = {
      name: 'x', description: 'd'.repeat(300), usage: '/radar x',
      options: [
        { name: 'opt', description: 'optional', type: 'string' },
        { name: 'req', description: 'required', type: 'integer', required: true, autocomplete: true, choices: [{ name: 'one', value: '1' }] },
      ],
    };
    const json = buildRadarCommand([spec]);
    const sub = json.options[0]!;
    expect(sub.description.length).toBe(100);
    expect(sub.options!.map((o) => o.name)).toEqual(['req', 'opt']);
    expect(sub.options![0]!.choices).toEqual([{ name: 'one', value: 1 }]);
    expect(sub.options![0]!.autocomplete).toBeUndefined();
    expect(commandProblems(json)).toEqual([]);
  });

  it('refuses more than 25 subcommands', () => {
    const many = Array.from({ length: 26 }, (_, i): CommandSpec => ({ name: `c${i}`, description: 'd', usage: '', options: [] }));
    expect(() => buildRadarCommand(many)).toThrow(/25/);
  });
});
