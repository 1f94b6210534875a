/**
 * A part posted again after a crash on Slack, through the real Bolt app's Web API client and the Slack
 * emulator: the channel's history since the plan is read for the part's delivery id (message metadata),
 * page after page — a busy channel may have hundreds of messages after it — and nothing is posted twice.
 * The same holds without a crash: a post whose answer was lost (the connection dropped after Slack took it) or
 * that Slack failed with a 5xx or never answered is looked up in the history before it is sent again — the Web
 * API client's own retries would post it twice, and without a request timeout a hung call held its digest forever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from './slack-harness.js';

describe('slack: a re-post after a crash in a busy channel', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('socket');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds the part behind 250 later messages and posts nothing new', async () => {
    const channel = { platform: 'slack' as const, id: h.actor.channelId };
    // planned an hour before the harness clock's now (the emulator's message times all come later than that)
    const planned = new Date(h.clock.now().getTime() - 3_600_000).toISOString();
    const [first] = await h.adapter.post(channel, { text: 'Today on the radar', delivery: { id: 'busy1.1' } });
    // the team talks on while the bot is down
    for (let i = 0; i < 250; i++) {
      const res = await fetch(`${h.slack.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.slack.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: channel.id, text: `chat ${i}` }),
      });
      expect(res.ok).toBe(true);
    }
    const before = h.slack.messages.length;
    const [again] = await h.adapter.post(channel, { text: 'Today on the radar', delivery: { id: 'busy1.1', since: planned } });
    expect(again!.id).toBe(first!.id);
    expect(h.slack.messages).toHaveLength(before);
    expect(h.slack.calls.filter((c) => c.method === 'conversations.history').length).toBeGreaterThan(1);
  });

  // each fault hits the first attempt; the message must reach the channel exactly once, under the id the adapter returns
  const faults = [
    { fault: 'whose answer was lost (taken, then the connection dropped)', text: 'An answer lost on the way', id: 'lost1.1', inject: () => h.slack.injectLostResponse('chat.postMessage'), outcomes: ['ok'] },
    { fault: 'that Slack failed with a 503', text: 'After a 503', id: 'http1.1', inject: () => h.slack.injectHttpError('chat.postMessage', 503), outcomes: ['http_503', 'ok'] },
    { fault: 'that Slack never answered (past the request timeout)', text: 'After a hang', id: 'hang1.1', inject: () => h.slack.injectHang('chat.postMessage'), outcomes: ['hung', 'ok'] },
  ];
  it.each(faults)('a post $fault reaches the channel once', async ({ text, id, inject, outcomes }) => {
    const channel = { platform: 'slack' as const, id: h.actor.channelId };
    inject();
    const before = h.slack.messages.length;
    const [posted] = await h.adapter.post(channel, { text, delivery: { id } });
    const sent = h.slack.messages.slice(before);
    expect(sent.map((m) => m.text)).toEqual([text]);
    expect(posted!.id).toBe(sent[0]!.ts);
    expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.text === text).map((c) => c.outcome)).toEqual(outcomes);
  });
});
