/**
 * A part posted again after a crash longer ago than Discord's nonce protects ("the past few minutes"),
 * through the real discord.js REST client and the Discord emulator: the adapter reads the channel since the
 * run was planned and takes the message that already went out instead of posting a second one. When the
 * history may not be read it falls back to the nonce; when Discord fails, the re-post fails (and is retried).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage, PaperCard } from '../../src/chat/message.js';
import { DeliveryError } from '../../src/errors.js';
import { startDiscordHarness, type DiscordHarness } from './discord-harness.js';

const card = (n: number): PaperCard => ({
  index: n, paperId: `arxiv:2604.0000${n}`, title: `Paper ${n}`, url: `https://arxiv.org/abs/2604.0000${n}`, sourceLabel: 'arXiv (cs.LG)',
  date: '2026-04-27', authors: 'Ada Lovelace', summary: `What paper ${n} finds.`, reasons: [],
});
const part = (id: string, since?: string): OutboundMessage => ({
  text: 'Today on the radar',
  cards: [card(1), card(2)],
  delivery: { id, ...(since ? { since } : {}) },
});

describe('discord: a re-post after the nonce window', () => {
  let h: DiscordHarness;
  let channel: { platform: 'discord'; id: string };
  const inChannel = () => h.discord.messagesIn(channel.id);
  beforeAll(async () => {
    h = await startDiscordHarness();
    channel = { platform: 'discord', id: h.discord.world.channelId };
    h.discord.rest.nonceWindowMs = 0; // every re-post comes after the nonce stopped protecting
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds the message that went out and posts nothing new; a first post is not looked up', async () => {
    const planned = new Date(Date.now() - 3_600_000).toISOString();
    const [first] = await h.adapter.post(channel, part('run1.1'));
    const before = inChannel().length;
    const [again] = await h.adapter.post(channel, part('run1.1', planned));
    expect(again!.id).toBe(first!.id);
    expect(inChannel()).toHaveLength(before);
    expect(h.discord.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/messages'))).toHaveLength(1);
    // another part of the day (other cards) is posted
    await h.adapter.post(channel, { ...part('run1.2', planned), cards: [card(3)] });
    expect(inChannel()).toHaveLength(before + 1);
  });

  it('without Read Message History: posts (the nonce is the only protection), no failure', async () => {
    h.discord.injectError({ method: 'GET', path: /^\/channels\/\d+\/messages$/, status: 403, code: 50001, message: 'Missing Access' });
    const before = inChannel().length;
    await h.adapter.post(channel, { ...part('run2.1', new Date(Date.now() - 60_000).toISOString()), cards: [card(4)] });
    expect(inChannel()).toHaveLength(before + 1);
  });

  it('Discord failing to list the channel fails the re-post as a transient delivery error (retried later)', async () => {
    h.discord.injectError({ method: 'GET', path: /^\/channels\/\d+\/messages$/, status: 500, code: 0, message: 'Internal Server Error', times: 10 });
    const before = inChannel().length;
    const err = await h.adapter.post(channel, { ...part('run3.1', new Date(Date.now() - 60_000).toISOString()), cards: [card(5)] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(false);
    expect(inChannel()).toHaveLength(before);
  });
});
