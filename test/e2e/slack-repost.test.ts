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

  it('a post whose answer was lost is found in the history, not posted again', async () => {
    const channel = { platform: 'slack' as const, id: h.actor.channelId };
    h.slack.injectLostResponse('chat.postMessage');
    const before = h.slack.messages.length;
    const [posted] = await h.adapter.post(channel, { text: 'An answer lost on the way', delivery: { id: 'lost1.1' } });
    const sent = h.slack.messages.slice(before);
    expect(sent.map((m) => m.text)).toEqual(['An answer lost on the way']);
    expect(posted!.id).toBe(sent[0]!.ts);
  });

  it('a post Slack failed with a 5xx is sent again, once', async () => {
    const channel = { platform: 'slack' as const, id: h.actor.channelId };
    h.slack.injectHttpError('chat.postMessage', 503);
    const before = h.slack.messages.length;
    const [posted] = await h.adapter.post(channel, { text: 'After a 503', delivery: { id: 'http1.1' } });
    const sent = h.slack.messages.slice(before);
    expect(sent.map((m) => m.text)).toEqual(['After a 503']);
    expect(posted!.id).toBe(sent[0]!.ts);
  });

  it('a post Slack never answers fails after the request timeout and is sent again, once', async () => {
    const channel = { platform: 'slack' as const, id: h.actor.channelId };
    h.slack.injectHang('chat.postMessage');
    const before = h.slack.messages.length;
    const [posted] = await h.adapter.post(channel, { text: 'After a hang', delivery: { id: 'hang1.1' } });
    const sent = h.slack.messages.slice(before);
    expect(sent.map((m) => m.text)).toEqual(['After a hang']);
    expect(posted!.id).toBe(sent[0]!.ts);
    expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.text === 'After a hang').map((c) => c.outcome)).toEqual(['hung', 'ok']);
  });
});
