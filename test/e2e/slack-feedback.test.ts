/**
 * The radar learns from the team, on Slack through the real Bolt app (Socket Mode): 👍/👎 Block Kit buttons
 * on every card, a 👍 button press and a 👍 `reaction_added` each record one vote; the next day's digest
 * ranks the liked author's paper above one that ranked above it in a control channel; `/radar feedback`
 * shows it; `/radar feedback forget` restores the unlearned order; a reaction removed takes its vote back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRssListing, type SyntheticPaper } from '../emulators/arxiv/arxiv-emulator.js';
import { eventCallback, reactionEvent } from '../emulators/slack/payloads.js';
import { startSlackHarness, type SlackHarness } from './slack-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONTROL = { channelId: 'C0CONTROL', channelName: 'control' };
const p = (id: string, title: string, authors: string[], abstract: string): SyntheticPaper => ({ id, title, authors, abstract, categories: ['cs.LG'] });
const DAY1 = [
  p('2604.50001', 'Disaggregated prefill and decoding for goodput-optimized LLM serving', ['Yinmin Zhong'], 'We split prefill and decoding across GPUs to cut serving latency.'),
  p('2604.50002', 'Tokenizer-free language modeling', ['Ada Lovelace'], 'Bytes in, text out.'),
];
const day = (n: number): SyntheticPaper[] => [
  p(`2604.${n}1`, `Reinforcement learning for robot grasping ${n}`, ['Alan Turing'], 'Robots pick things up.'),
  p(`2604.${n}2`, `Sparse attention for long documents ${n}`, ['Grace Hopper'], 'Attention over long inputs.'),
  p(`2604.${n}3`, `Speculative decoding for LLM serving at scale ${n}`, ['Yinmin Zhong', 'Emmy Noether'], 'Faster decoding when serving large models.'),
];

/** Paper ids of the cards of `messages`, in order, read from their 👍 buttons. */
const cardIds = (messages: readonly { blocks: readonly Json[] }[]): string[] =>
  messages.flatMap((m) => m.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.filter((e: Json) => e.action_id === 'radar_vote_up').map((e: Json) => e.value)));
const said = (responses: readonly { body: Json }[]): string => responses.map((r) => String(r.body.text ?? '')).join('\n');

describe('slack: 👍/👎 teach the next digest', () => {
  let h: SlackHarness;
  const digest = async (as?: typeof CONTROL): Promise<string[]> => {
    const before = h.slack.messages.length;
    await h.command('digest', as);
    return cardIds(h.slack.messages.slice(before).filter((m) => !m.ephemeralUser && m.channel === (as?.channelId ?? 'C0RADAR')));
  };
  const votes = () => h.radar.services.feedback!.votes('slack:C0RADAR');
  const react = (reaction: string, ts: string, userId: string, added = true) =>
    h.event(eventCallback({ ...h.actor, userId }, reactionEvent(reaction, { channel: 'C0RADAR', ts }, h.slack.botUserId, added), { botUserId: h.slack.botUserId }));

  beforeAll(async () => {
    h = await startSlackHarness('socket', { papers: DAY1, capabilities: { feedback: {} } });
    await h.command('add cat:cs.LG');
    await h.command('add cat:cs.LG', CONTROL);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('puts 👍/👎 buttons on every digest card; a press records one vote, twice counts once', async () => {
    expect(await digest()).toEqual(['arxiv:2604.50001', 'arxiv:2604.50002']);
    expect(await digest(CONTROL)).toEqual(['arxiv:2604.50001', 'arxiv:2604.50002']);
    const ts = h.slack.messages.find((m) => m.channel === 'C0RADAR' && cardIds([m]).length)!.ts;
    expect(said(await h.press('radar_vote_up', 'arxiv:2604.50001', ts, { userId: 'U0BOB' }))).toContain('👍 noted');
    expect(said(await h.press('radar_vote_up', 'arxiv:2604.50001', ts, { userId: 'U0BOB' }))).toContain('already counted');
    expect((await votes()).map((v) => [v.paperId, v.voterId, v.value])).toEqual([['arxiv:2604.50001', 'U0BOB', 1]]);
    expect(said(await h.press('radar_vote_up', 'arxiv:2604.99999', ts))).toContain('do not know that card');
  });

  it('a 👍 reaction on a card’s own message records one vote, and removing it takes the vote back', async () => {
    const digestTs = h.slack.messages.find((m) => m.channel === 'C0RADAR' && cardIds([m]).length)!.ts;
    const before = h.slack.messages.length;
    await h.press('radar_discuss', 'arxiv:2604.50001', digestTs);
    const root = h.slack.messages.slice(before).find((m) => !m.threadTs && !m.ephemeralUser)!;
    await react('thumbsup::skin-tone-2', root.ts, 'U0CAROL');
    await react('+1', digestTs, 'U0DAVE'); // a message of two cards: ambiguous, ignored
    expect((await votes()).map((v) => v.voterId)).toEqual(['U0BOB', 'U0CAROL']);
    await react('thumbsup', root.ts, 'U0CAROL', false);
    expect((await votes()).map((v) => v.voterId)).toEqual(['U0BOB']);
    await react('heart', root.ts, 'U0CAROL');
    expect((await votes()).map((v) => [v.voterId, v.value])).toEqual([['U0BOB', 1], ['U0CAROL', 1]]);
  });

  it('the next day’s digest ranks the liked author’s paper above one that ranked above it in the control channel', async () => {
    h.arxiv.setListing('cs.LG', buildRssListing(day(6000), { categories: 'cs.LG', day: '2026-04-28' }));
    h.clock.set('2026-04-28T07:00:00Z');
    const team = await digest();
    const control = await digest(CONTROL);
    expect(control.indexOf('arxiv:2604.60003')).toBeGreaterThan(0);
    expect(team[0]).toBe('arxiv:2604.60003');
    const blocks = h.slack.messages.flatMap((m) => m.blocks) as Json[];
    const i = blocks.findIndex((b) => b.type === 'section' && String(b.text?.text).includes('Speculative decoding'));
    expect(JSON.stringify(blocks[i + 1])).toContain('↑ liked: 1 paper by Yinmin Zhong'); // the card's why-chips
  });

  it('/radar feedback shows it, and forget restores the unlearned order', async () => {
    const shown = said((await h.command('feedback')).responses);
    expect(shown).toContain('Votes: 2 👍 and 0 👎');
    expect(shown).toMatch(/Ranked up: .*Yinmin Zhong/);
    expect(said((await h.command('feedback forget')).responses)).toContain('Forgot 2 votes');
    h.arxiv.setListing('cs.LG', buildRssListing(day(7000), { categories: 'cs.LG', day: '2026-04-29' }));
    h.clock.set('2026-04-29T07:00:00Z');
    const team = await digest();
    expect(team).toEqual(await digest(CONTROL));
    expect(team.indexOf('arxiv:2604.70003')).toBeGreaterThan(0);
  });
});
