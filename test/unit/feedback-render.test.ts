/**
 * 👍/👎 controls as each platform renders them: Discord rows within 5 rows × 5 buttons (checked by the
 * emulator's own validator), custom ids that round-trip (also past 100 characters), Slack actions blocks
 * within 50 blocks, and which reactions count as votes on each platform.
 */
import { describe, expect, it } from 'vitest';
import { parseVoteCustomId, voteCustomId } from '../../adapters/discord/feedback-buttons.js';
import { reactionVote } from '../../adapters/discord/feedback-reactions.js';
import { renderMessage as renderDiscord, SHUFFLE_ID, type DiscordPayload } from '../../adapters/discord/render.js';
import { apiBody } from '../../adapters/discord/delivery.js';
import { slackReactionVote, VOTE_DOWN_ACTION, VOTE_UP_ACTION } from '../../adapters/slack/feedback-blocks.js';
import { renderMessage as renderSlack } from '../../adapters/slack/render.js';
import type { OutboundMessage, PaperCard } from '../../src/chat/message.js';
import { messageProblems } from '../emulators/discord/limits.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const card = (i: number, paperId = `arxiv:2606.${10000 + i}`): PaperCard => ({
  index: i, paperId, title: `Paper ${i}`, url: `https://arxiv.org/abs/2606.${10000 + i}`, sourceLabel: 'arXiv (cs.LG)',
  date: '2026-06-12', authors: 'A. Author', summary: 'Abstract.', reasons: [{ label: 'cat', term: 'cs.LG' }, { label: '↑ liked', term: '3 papers by Yinmin Zhong' }],
});
const digest = (n: number, shuffle = true): OutboundMessage => ({
  text: '**AcademicHub digest**',
  cards: Array.from({ length: n }, (_, i) => card(i + 1)),
  discussable: true,
  votable: true,
  buttons: shuffle ? [{ kind: 'shuffle', label: '换一批 Shuffle' }] : [],
});
const buttonsOf = (p: DiscordPayload) => p.components.flatMap((r) => r.components);

describe('discord: vote buttons', () => {
  it.each([1, 5, 6, 10, 25])('%i votable cards: every card has Discuss/👍/👎 in its own row, within the limits', (n) => {
    const payloads = renderDiscord(digest(n));
    for (const p of payloads) {
      expect(messageProblems(apiBody(p) as Json)).toEqual([]);
      expect(p.components.length).toBeLessThanOrEqual(5);
      for (const r of p.components) expect(r.components.length).toBeLessThanOrEqual(5);
      expect(p.paperIds).toEqual(p.embeds.map((e) => e.footer.text.split(' · ').pop()));
    }
    const ids = payloads.flatMap((p) => p.paperIds ?? []);
    expect(ids).toEqual(digest(n).cards!.map((c) => c.paperId));
    for (const id of ids) {
      const all = payloads.flatMap(buttonsOf).map((b) => b.custom_id);
      expect(all).toContain(`radar:vote:up:${id}`);
      expect(all).toContain(`radar:vote:down:${id}`);
      expect(all).toContain(`radar:discuss:${id}`);
    }
    const shuffles = payloads.map((p) => buttonsOf(p).filter((b) => b.custom_id === SHUFFLE_ID).length);
    expect(shuffles).toEqual([...Array(payloads.length - 1).fill(0), 1]);
  });

  it('a message that is not votable keeps its old layout (no vote buttons, 10 cards per message)', () => {
    const payloads = renderDiscord({ ...digest(10), votable: false });
    expect(payloads).toHaveLength(1);
    expect(payloads[0]!.components.flatMap((r) => r.components).some((b) => b.custom_id.startsWith('radar:vote'))).toBe(false);
  });

  it('vote custom ids round-trip, and an id too long for 100 characters falls back to the card position', () => {
    expect(parseVoteCustomId(voteCustomId('up', 'arxiv:2606.10001', 0))).toEqual({ kind: 'vote', paperId: 'arxiv:2606.10001', vote: 1 });
    expect(parseVoteCustomId(voteCustomId('down', 'arxiv:2606.10001', 0))).toEqual({ kind: 'vote', paperId: 'arxiv:2606.10001', vote: -1 });
    const long = `doi:10.1000/${'x'.repeat(120)}`;
    const [p] = renderDiscord({ ...digest(1, false), cards: [card(1, long)] });
    const id = buttonsOf(p!).find((b) => b.label === '👎')!.custom_id;
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseVoteCustomId(id, p!.embeds)).toEqual({ kind: 'vote', paperId: long, vote: -1 });
    expect(parseVoteCustomId('radar:shuffle')).toBeUndefined();
  });

  it('counts 👍 ➕ ❤️ (any skin tone) as +1 and 👎 as -1, nothing else', () => {
    expect(['👍', '👍🏽', '➕', '❤️', '❤'].map(reactionVote)).toEqual([1, 1, 1, 1, 1]);
    expect(['👎', '👎🏿'].map(reactionVote)).toEqual([-1, -1]);
    expect(['🎉', '😀', '', null].map(reactionVote)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('slack: vote buttons', () => {
  it('adds a 👍/👎 actions block under every votable card, within 50 blocks per message', () => {
    const payloads = renderSlack(digest(25));
    for (const p of payloads) expect(p.blocks.length).toBeLessThanOrEqual(50);
    const votes = payloads.flatMap((p) => p.blocks).filter((b) => b.type === 'actions' && (b as Json).elements[0].action_id === VOTE_UP_ACTION) as Json[];
    expect(votes.map((b) => b.elements.map((e: Json) => [e.action_id, e.value]))).toEqual(
      digest(25).cards!.map((c) => [[VOTE_UP_ACTION, c.paperId], [VOTE_DOWN_ACTION, c.paperId]]),
    );
    expect(payloads.flatMap((p) => p.paperIds ?? [])).toEqual(digest(25).cards!.map((c) => c.paperId));
    expect(renderSlack({ ...digest(3), votable: false }).flatMap((p) => p.blocks).some((b) => JSON.stringify(b).includes(VOTE_UP_ACTION))).toBe(false);
  });

  it('counts +1, thumbsup, heavy_plus_sign, heart (any skin tone) as +1 and -1/thumbsdown as -1', () => {
    expect(['+1', 'thumbsup', 'thumbsup::skin-tone-4', 'heavy_plus_sign', 'heart'].map(slackReactionVote)).toEqual([1, 1, 1, 1, 1]);
    expect(['-1', 'thumbsdown', '-1::skin-tone-2'].map(slackReactionVote)).toEqual([-1, -1, -1]);
    expect(['tada', undefined].map(slackReactionVote)).toEqual([undefined, undefined]);
  });
});
