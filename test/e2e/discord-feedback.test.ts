/**
 * The radar learns from the team, on Discord through the real discord.js client: a 👍 button press and a
 * 👍 reaction each record one vote (pressing twice counts once); the next day's digest ranks a paper by the
 * liked paper's author above one that ranked above it in a control channel with no votes, a 👎'd survey
 * sinks; `/radar feedback` shows it; `/radar feedback forget` restores the unlearned order. Votes on a card
 * of another channel or an unknown card are refused and nothing breaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRssListing } from '../emulators/arxiv/arxiv-emulator.js';
import type { SyntheticPaper } from '../emulators/arxiv/arxiv-emulator.js';
import { MANAGER, MEMBER } from '../emulators/discord/discord-emulator.js';
import { startDiscordHarness, type DiscordHarness } from './discord-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEAM = '500000000000000001'; // the emulator's default channel: the team that votes
const CONTROL = '500000000000000002'; // same subscription, nobody votes

const p = (id: string, title: string, authors: string[], abstract: string): SyntheticPaper => ({ id, title, authors, abstract, categories: ['cs.LG'] });
const DAY1 = [
  p('2604.50001', 'Disaggregated prefill and decoding for goodput-optimized LLM serving', ['Yinmin Zhong'], 'We split prefill and decoding across GPUs to cut serving latency.'),
  p('2604.50002', 'A survey of graph neural networks for chemistry', ['Marie Curie', 'Rosalind Franklin'], 'We survey the literature; this survey reviews molecules as graphs.'),
  p('2604.50003', 'Tokenizer-free language modeling', ['Ada Lovelace'], 'Bytes in, text out.'),
];
const day = (n: number): SyntheticPaper[] => [
  p(`2604.${n}1`, `Reinforcement learning for robot grasping ${n}`, ['Alan Turing'], 'Robots pick things up.'),
  p(`2604.${n}2`, `A survey of protein language models ${n}`, ['Dorothy Hodgkin'], 'We survey protein models; this survey reviews the field.'),
  p(`2604.${n}3`, `Sparse attention for long documents ${n}`, ['Grace Hopper'], 'Attention over long inputs.'),
  p(`2604.${n}4`, `Speculative decoding for LLM serving at scale ${n}`, ['Yinmin Zhong', 'Emmy Noether'], 'Faster decoding when serving large models.'),
  p(`2604.${n}5`, `Protein folding with diffusion ${n}`, ['Barbara McClintock'], 'Diffusion models fold proteins.'),
];

const cardIds = (bodies: Json[]): string[] => bodies.flatMap((b) => (b.embeds ?? []).map((e: Json) => String(e.footer?.text ?? '').split(' · ').pop()));
const buttons = (m: Json): Json[] => (m.components ?? []).flatMap((r: Json) => r.components);
const text = (bodies: Json[]): string => bodies.map((b) => b.content ?? '').join('\n');

describe('discord: 👍/👎 teach the next digest', () => {
  let h: DiscordHarness;
  let team1: Json[];

  beforeAll(async () => {
    h = await startDiscordHarness({ papers: DAY1, capabilities: { feedback: {} }, channels: [{ id: CONTROL, name: 'control' }] });
    await h.command('add', { query: 'cat:cs.LG' });
    await h.command('add', { query: 'cat:cs.LG' }, { channelId: CONTROL });
    await h.command('digest');
    team1 = h.discord.messagesIn(TEAM).filter((m) => m.embeds.length > 0);
  });
  afterAll(async () => {
    await h?.close();
  });

  const votes = () => h.radar.services.feedback!.votes(`discord:${TEAM}`);
  const findButton = (paperId: string, label: string): { message: Json; id: string } => {
    for (const message of h.discord.messagesIn(TEAM)) {
      const b = buttons(message).find((x) => x.label === label && String(x.custom_id).endsWith(paperId));
      if (b) return { message, id: b.custom_id };
    }
    throw new Error(`no ${label} button for ${paperId}`);
  };
  /** A reaction has no reply: the next interaction (ordered after it on the gateway) waits for its handling. */
  const react = async (messageId: string, emoji: string, user = MANAGER, remove = false): Promise<void> => {
    expect(h.discord.react(messageId, emoji, { user, remove })).toBe(true);
    await h.command('list', {}, { channelId: TEAM });
  };

  it('puts 👍/👎 buttons on every digest card, within Discord’s 5 rows', () => {
    expect(cardIds(team1)).toHaveLength(3);
    for (const m of team1) {
      expect(m.components.length).toBeLessThanOrEqual(5);
      for (const c of cardIds([m])) {
        expect(buttons(m).some((b) => b.label === '👍' && b.custom_id === `radar:vote:up:${c}`)).toBe(true);
        expect(buttons(m).some((b) => b.label === '👎' && b.custom_id === `radar:vote:down:${c}`)).toBe(true);
      }
    }
  });

  it('refuses a vote on a card of another channel and on an unknown card, and keeps working', async () => {
    const { message, id } = findButton('arxiv:2604.50001', '👍');
    const other = await h.click(message, id, { channelId: CONTROL });
    expect(text(other.bodies)).toContain('not posted in this channel');
    const unknown = await h.click(message, 'radar:vote:up:arxiv:0000.00000');
    expect(text(unknown.bodies)).toContain('do not know that card');
    expect(await votes()).toEqual([]);
    expect(await h.radar.services.feedback!.votes(`discord:${CONTROL}`)).toEqual([]);
    await h.command('digest', {}, { channelId: CONTROL }); // the control channel gets the same day-1 papers
  });

  it('a 👍 button press records one vote, and pressing twice counts once', async () => {
    const { message, id } = findButton('arxiv:2604.50001', '👍');
    const first = await h.click(message, id, { manager: false, user: MEMBER });
    expect(first.callback.type).toBe(6);
    expect(text(first.bodies)).toContain('👍 noted');
    const again = await h.click(message, id, { manager: false, user: MEMBER });
    expect(text(again.bodies)).toContain('already counted');
    expect((await votes()).map((v) => [v.paperId, v.voterId, v.value])).toEqual([['arxiv:2604.50001', MEMBER.id, 1]]);
  });

  it('a 👍 reaction on a card’s own message records one vote; on a message of several cards it is ignored', async () => {
    const discuss = findButton('arxiv:2604.50001', 'Discuss 01');
    await h.click(discuss.message, discuss.id);
    const root = h.discord.messagesIn(TEAM).filter((m) => m.embeds.length === 1).pop()!;
    await react(root.id, '👍');
    await react(team1[0]!.id, '👍', { id: '200000000000000009', username: 'kai' });
    expect((await votes()).map((v) => [v.paperId, v.voterId, v.value])).toEqual([
      ['arxiv:2604.50001', MEMBER.id, 1],
      ['arxiv:2604.50001', MANAGER.id, 1],
    ]);
  });

  it('a 👎 replaces a 👍 of the same person (one vote per person per paper)', async () => {
    const up = findButton('arxiv:2604.50002', '👍');
    const down = findButton('arxiv:2604.50002', '👎');
    await h.click(up.message, up.id, { manager: false, user: MEMBER });
    const switched = await h.click(down.message, down.id, { manager: false, user: MEMBER });
    expect(text(switched.bodies)).toContain('now 👎');
    expect((await votes()).filter((v) => v.paperId === 'arxiv:2604.50002').map((v) => v.value)).toEqual([-1]);
  });

  it('the next day’s digest ranks the liked author’s paper up and the survey down, with a chip; the control channel does not move', async () => {
    h.arxiv.setListing('cs.LG', buildRssListing(day(6000), { categories: 'cs.LG', day: '2026-04-28' }));
    h.clock.set('2026-04-28T07:00:00Z');
    const team = cardIds((await h.command('digest')).bodies);
    const control = cardIds((await h.command('digest', {}, { channelId: CONTROL })).bodies);
    expect([...team].sort()).toEqual([...control].sort());
    const zhong = 'arxiv:2604.60004';
    const above = control.slice(0, control.indexOf(zhong));
    expect(above.length).toBeGreaterThan(0); // unlearned, it ranked below others…
    expect(team.indexOf(zhong)).toBeLessThan(team.indexOf(above[0]!)); // …learned, it ranks above them
    const survey = 'arxiv:2604.60002';
    const below = control.slice(control.indexOf(survey) + 1);
    expect(below.length).toBeGreaterThan(0);
    expect(team.indexOf(survey)).toBeGreaterThan(team.indexOf(below[0]!));
    const card = h.discord.messagesIn(TEAM).flatMap((m) => m.embeds).find((e: Json) => String(e.footer?.text).endsWith(zhong));
    expect(JSON.stringify(card.fields)).toContain('↑ liked: 1 paper by Yinmin Zhong');
  });

  it('/radar feedback shows what was learned', async () => {
    const a = await h.command('feedback');
    const shown = text(a.bodies);
    expect(shown).toContain('Votes: 2 👍 and 1 👎');
    expect(shown).toMatch(/Ranked up: .*Yinmin Zhong/);
    expect(shown).toMatch(/Ranked down: .*Marie Curie.*“survey”/);
    expect(shown).not.toContain('cs.LG'); // every voted paper has it: it tells nothing
  });

  it('/radar feedback forget restores the unlearned order', async () => {
    const a = await h.command('feedback', { action: 'forget' });
    expect(text(a.bodies)).toContain('Forgot 3 votes');
    expect(await votes()).toEqual([]);
    h.arxiv.setListing('cs.LG', buildRssListing(day(7000), { categories: 'cs.LG', day: '2026-04-29' }));
    h.clock.set('2026-04-29T07:00:00Z');
    const team = cardIds((await h.command('digest')).bodies);
    const control = cardIds((await h.command('digest', {}, { channelId: CONTROL })).bodies);
    expect(team).toHaveLength(5);
    expect(team).toEqual(control);
    expect(team.indexOf('arxiv:2604.70004')).toBeGreaterThan(0); // with the votes it would have led
  });
});
