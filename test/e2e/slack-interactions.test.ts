/**
 * Buttons, threads, events and schedules through the real Bolt app (both modes) and the real core:
 * Shuffle, Discuss (card message + thread), mentions answered in the thread, retried events handled once,
 * scheduled digests (not duplicated across a Socket Mode reconnect), permanent delivery errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/errors.js';
import { eventCallback, threadReplyEvent } from '../emulators/slack/payloads.js';
import { LISTING_DAY, moePapers, startSlackHarness, type SlackHarness, type SlackMode } from './slack-harness.js';

type Block = { type: string; accessory?: { action_id: string; value: string }; elements?: { action_id?: string; value?: string }[] };
const blocksOf = (m: { blocks: readonly unknown[] }) => m.blocks as Block[];
const cardIds = (ms: readonly { blocks: readonly unknown[] }[]) =>
  ms.flatMap(blocksOf).filter((b) => b.accessory?.action_id === 'radar_discuss').map((b) => b.accessory!.value);

describe.each<SlackMode>(['socket', 'http'])('Slack interactions (%s mode)', (mode) => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('Shuffle under a digest posts the next batch, without repeating cards', async () => {
    h = await startSlackHarness(mode, { papers: moePapers(15, 2), clock: `${LISTING_DAY}T12:00:00Z` });
    await h.command('add "mixture of experts"');
    await h.command('digest');
    const first = h.slack.messages.filter((m) => !m.ephemeralUser);
    expect(cardIds(first)).toHaveLength(10);
    const withShuffle = first.find((m) => blocksOf(m).some((b) => b.elements?.some((e) => e.action_id === 'radar_shuffle')));
    expect(withShuffle).toBeDefined();
    const before = h.slack.messages.length;
    await h.press('radar_shuffle', 'shuffle', withShuffle!.ts);
    const next = h.slack.messages.slice(before).filter((m) => !m.ephemeralUser);
    expect(cardIds(next)).toHaveLength(5);
    expect(new Set([...cardIds(first), ...cardIds(next)]).size).toBe(15);
  });

  it('Discuss posts the card as its own message, opens a thread on it, answers a mention there, once per event', async () => {
    h = await startSlackHarness(mode, { papers: moePapers(2, 0), clock: `${LISTING_DAY}T12:00:00Z` });
    await h.command('add "mixture of experts"');
    await h.command('digest');
    const digestTs = h.slack.messages.at(-1)!.ts;
    const before = h.slack.messages.length;
    await h.press('radar_discuss', 'arxiv:2604.30001', digestTs);
    const [card, intro] = h.slack.messages.slice(before);
    expect(card!.threadTs).toBeUndefined();
    expect(JSON.stringify(card!.blocks)).toContain('<https://arxiv.org/abs/2604.30001');
    expect(JSON.stringify(card!.blocks)).not.toContain('2604.30000');
    expect(intro!.threadTs).toBe(card!.ts);
    expect(intro!.text).toContain('mention me');
    const threadKey = `slack:${h.actor.channelId}/${card!.ts}`;
    expect(await h.radar.services.store.threads.paperOf(threadKey)).toBe('arxiv:2604.30001');

    const mention = h.mention('what is the main result?', card!.ts, 'Ev0THREAD1');
    await h.event(mention);
    const answers = h.slack.messages.slice(before + 2);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.threadTs).toBe(card!.ts);
    expect(answers[0]!.text).toContain('Sparse mixture of experts routing, part 1');
    const turns = await h.radar.services.store.threads.turns(threadKey, 10);
    expect(turns.map((t) => [t.role, t.role === 'user' ? t.text : 'answer'])).toEqual([
      ['user', 'what is the main result?'],
      ['assistant', 'answer'],
    ]);

    // Slack redelivers the same event (X-Slack-Retry-Num / retry_attempt): acked, not answered again.
    await h.event(mention, 1);
    expect(h.slack.messages.slice(before + 2)).toHaveLength(1);
    expect(await h.radar.services.store.threads.turns(threadKey, 10)).toHaveLength(2);
  });

  it('answers plain replies in its own threads and ignores threads it did not start', async () => {
    h = await startSlackHarness(mode, { papers: moePapers(1, 0), clock: `${LISTING_DAY}T12:00:00Z` });
    await h.command('add "mixture of experts"');
    await h.command('digest');
    const pressedAt = h.slack.messages.length;
    await h.press('radar_discuss', 'arxiv:2604.30000', h.slack.messages.at(-1)!.ts);
    const card = h.slack.messages[pressedAt]!;
    expect(card.threadTs).toBeUndefined();
    const before = h.slack.messages.length;
    await h.event(eventCallback(h.actor, threadReplyEvent('and the baselines?', card.ts, h.slack.botUserId), { botUserId: h.slack.botUserId }));
    expect(h.slack.messages.slice(before).map((m) => m.threadTs)).toEqual([card.ts]);
    await h.event(eventCallback(h.actor, threadReplyEvent('unrelated chatter', '1700000000.000100', 'U0SOMEONE'), { botUserId: h.slack.botUserId }));
    expect(h.slack.messages.length).toBe(before + 1);
  });

  it('posts the scheduled digest at the channel’s time exactly once', async () => {
    h = await startSlackHarness(mode, { papers: moePapers(3, 1) });
    await h.command('add "mixture of experts"');
    const before = h.slack.messages.length;
    await h.radar.runDueSchedules(); // 07:00 UTC: before the 08:00 digest time
    expect(h.slack.messages.length).toBe(before);
    h.clock.set(`${LISTING_DAY}T08:01:00Z`);
    if (mode === 'socket') {
      // The socket drops just before the schedule fires; digests go through the Web API regardless.
      const opened = h.slack.socket.connectionsOpened;
      h.slack.socket.drop();
      await h.radar.runDueSchedules();
      await h.slack.until(() => h!.slack.socket.connectionsOpened > opened && h!.slack.socket.connected);
    } else {
      await h.radar.runDueSchedules();
    }
    const scheduled = h.slack.messages.slice(before);
    expect(scheduled.every((m) => m.channel === h!.actor.channelId && !m.ephemeralUser)).toBe(true);
    expect(cardIds(scheduled).sort()).toEqual(['arxiv:2604.30000', 'arxiv:2604.30001', 'arxiv:2604.30002']);
    await h.radar.runDueSchedules();
    expect(h.slack.messages.length).toBe(before + scheduled.length);
    // The app still hears commands afterwards (over the new socket in Socket Mode).
    const list = await h.command('list');
    expect(String(list.responses[0]!.body.text)).toContain('#1');
  });

  it('turns not_in_channel into one permanent DeliveryError with an invitation hint', async () => {
    h = await startSlackHarness(mode);
    h.slack.injectError('chat.postMessage', 'not_in_channel');
    const before = h.slack.calls.length;
    const error = await h.adapter.post({ platform: 'slack', id: 'C0ELSEWHERE' }, { text: 'hello' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).code).toBe('not_in_channel');
    expect((error as DeliveryError).permanent).toBe(true);
    expect((error as DeliveryError).message).toBe('I cannot post here: not_in_channel — invite me with /invite @AcademicHub');
    expect(h.slack.calls.slice(before).map((c) => c.method)).toEqual(['chat.postMessage']);
  });
});

describe('Slack Socket Mode reconnect', () => {
  it('reconnects after a `disconnect` request and keeps handling commands', async () => {
    const h = await startSlackHarness('socket');
    try {
      const opened = h.slack.socket.connectionsOpened;
      h.slack.socket.sendDisconnect('refresh_requested');
      await h.slack.until(() => h.slack.socket.connectionsOpened > opened && h.slack.socket.connected);
      const { responses } = await h.command('add "mixture of experts"');
      expect(String(responses[0]!.body.text)).toContain('Subscribed #1');
      expect(h.slack.calls.filter((c) => c.method === 'apps.connections.open' && c.outcome === 'ok').length).toBe(opened + 1);
    } finally {
      await h.close();
    }
  });
});
