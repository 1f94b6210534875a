/**
 * Channels that share a digest time are fired by node-cron in the same second. The digest service runs at
 * most RADAR_DIGEST_CONCURRENCY of those scheduled digests at once (the rest wait their turn, first come first
 * served), while a `/radar digest` typed meanwhile is answered at once, not queued behind them. Every channel
 * still gets its digest exactly once. Each platform has its own gate: one platform's held posts do not hold
 * back another's digests. (SQLite, the arXiv emulator, posts held at the platform.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import type { OutboundMessage } from '../../src/chat/message.js';
import type { ChannelRef, ChatAdapter, PostedMessage, ThreadRef } from '../../src/chat/ports.js';
import { silentLogger } from '../../src/logger.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { fakeClock } from '../fakes/clock.js';
import { manager, RecordingAdapter, shellChannel } from '../fakes/recording.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
const DAY = '2026-11-24';
const CHANNELS = 12;
const CONCURRENCY = 3;

/** A platform that holds the posts of the scheduled channels (`c…`) until released, counting those in flight. */
class HeldAdapter extends RecordingAdapter {
  inFlight = 0;
  maxInFlight = 0;
  release!: () => void;
  private readonly held = new Promise<void>((resolve) => (this.release = resolve));

  override async post(channel: ChannelRef, message: OutboundMessage): Promise<PostedMessage[]> {
    if (!channel.id.startsWith('c')) return super.post(channel, message);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.held;
      return await super.post(channel, message);
    } finally {
      this.inFlight--;
    }
  }
}

/** A second platform that takes every post at once. */
class OpenPlatform implements ChatAdapter {
  readonly platform = 'discord' as const;
  readonly posted: string[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async post(channel: ChannelRef): Promise<PostedMessage[]> {
    this.posted.push(channel.id);
    return [{ id: `d${this.posted.length}`, channel }];
  }
  async reply(thread: ThreadRef): Promise<PostedMessage[]> {
    return [{ id: 'r', channel: thread.channel, threadId: thread.id }];
  }
}

let arxiv: ArxivEmulator;
let dir: string;
let radar: RunningRadar | undefined;

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: DAY });
  arxiv.setListing(CATS, buildRssListing(syntheticPapers(4, ['cs.LG'], '2611').map((p) => ({ ...p, announceType: 'new' as const, version: 1 })), { categories: CATS, day: DAY }));
  dir = mkdtempSync(join(tmpdir(), 'radar-gate-'));
});
afterAll(async () => {
  await radar?.stop();
  await arxiv.close();
  rmSync(dir, { recursive: true, force: true });
});

const boot = (db: string, adapters: ChatAdapter[]) =>
  startRadar({
    commands: allCommands,
    env: {
      RADAR_DB: `sqlite://${join(dir, db)}`, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', ARXIV_EMPTY_RETRIES: '0',
      RADAR_HF: 'false', RADAR_DIGEST_CONCURRENCY: String(CONCURRENCY),
    },
    logger: silentLogger(),
    clock: fakeClock(`${DAY}T08:00:00Z`),
    scheduler: 'manual',
    adapters,
  });

describe('scheduled digests fired at the same moment', () => {
  it(`run ${CONCURRENCY} at a time, each channel once, and a /radar digest meanwhile is not queued behind them`, async () => {
    const adapter = new HeldAdapter();
    radar = await boot('gate.sqlite', [adapter]);
    const firedAt = new Date(`${DAY}T08:00:00Z`);
    const channels = Array.from({ length: CHANNELS }, (_, i) => shellChannel(`c${i}`));
    const command = (channel: ChannelRef, name: string, options: Record<string, string> = {}) =>
      radar!.handlers.onCommand({ name, options, channel, user: manager }, adapter.responder(channel));
    for (const channel of [...channels, shellChannel('lab')]) await command(channel, 'add', { query: 'cat:cs.LG' });
    await radar.services.ingest.ingest();
    adapter.sent.length = 0;

    // as node-cron fires them: every channel's job at once
    const runs = channels.map((channel) => radar!.services.digests.runScheduled(channel, firedAt));
    await vi.waitFor(() => expect(adapter.inFlight).toBe(CONCURRENCY));
    await new Promise((resolve) => setTimeout(resolve, 100)); // room for any further run to start (none must)
    expect(adapter.maxInFlight).toBe(CONCURRENCY);

    // a command typed while the scheduled runs wait is answered now
    await command(shellChannel('lab'), 'digest');
    expect(adapter.cards().length).toBe(4);
    expect(adapter.sent.every((s) => s.where === '#lab')).toBe(true);

    adapter.release();
    const outcomes = await Promise.all(runs);
    expect(adapter.maxInFlight).toBe(CONCURRENCY);
    expect(outcomes.map((o) => o.posted)).toEqual(channels.map(() => 4));
    for (const channel of channels) {
      const cards = adapter.sent.filter((s) => s.where === `#${channel.id}`).flatMap((s) => s.message.cards?.map((c) => c.paperId) ?? []);
      expect(cards.sort()).toEqual(['arxiv:2611.20000', 'arxiv:2611.20001', 'arxiv:2611.20002', 'arxiv:2611.20003']);
    }
    // fired again the same day (a second cron tick, a catch-up): nothing more
    const again = await Promise.all(channels.map((channel) => radar!.services.digests.runScheduled(channel, firedAt)));
    expect(again.map((o) => o.reason)).toEqual(channels.map(() => 'already_ran'));
  });

  it('one platform held at its gate does not hold back another platform\'s digests', async () => {
    await radar?.stop();
    const held = new HeldAdapter();
    const open = new OpenPlatform();
    radar = await boot('platforms.sqlite', [held, open]);
    const firedAt = new Date(`${DAY}T08:00:00Z`);
    const shell = Array.from({ length: CHANNELS }, (_, i) => shellChannel(`c${i}`));
    const discord = Array.from({ length: 4 }, (_, i): ChannelRef => ({ platform: 'discord', id: `d${i}` }));
    for (const channel of [...shell, ...discord]) {
      await radar.handlers.onCommand({ name: 'add', options: { query: 'cat:cs.LG' }, channel, user: manager }, held.responder(channel));
    }
    await radar.services.ingest.ingest();
    const heldRuns = shell.map((channel) => radar!.services.digests.runScheduled(channel, firedAt));
    await vi.waitFor(() => expect(held.inFlight).toBe(CONCURRENCY));
    // the shell gate is full and nine more wait in it; the Discord channels' digests go out all the same
    const discordRuns = Promise.all(discord.map((channel) => radar!.services.digests.runScheduled(channel, firedAt)));
    const first = await Promise.race([discordRuns.then(() => 'discord done'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
    expect(first).toBe('discord done');
    expect(open.posted.sort()).toEqual(['d0', 'd1', 'd2', 'd3']);
    expect(held.inFlight).toBe(CONCURRENCY);
    held.release();
    expect((await Promise.all(heldRuns)).map((o) => o.posted)).toEqual(shell.map(() => 4));
  });
});
