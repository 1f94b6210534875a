/**
 * `/radar` through the real Bolt app (Socket Mode and HTTP mode) against the loopback Slack, with the
 * real core behind it: subscriptions, parser errors, digests split to Block Kit limits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/radar/query-parser.js';
import { LISTING_DAY, moePapers, startSlackHarness, type SlackHarness, type SlackMode } from './slack-harness.js';

type Block = { type: string; text?: { text: string }; accessory?: { action_id: string; value: string }; elements?: { action_id?: string; text?: string | { text: string } }[] };

describe.each<SlackMode>(['socket', 'http'])('Slack /radar commands (%s mode)', (mode) => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('stores `/radar add "mixture of experts"` and confirms it in the channel', async () => {
    h = await startSlackHarness(mode);
    const { responses } = await h.command('add "mixture of experts"');
    expect(responses).toHaveLength(1);
    expect(responses[0]!.body.response_type).toBe('in_channel');
    expect(String(responses[0]!.body.text)).toContain('Subscribed #1');
    const subs = await h.radar.services.store.subscriptions.list(`slack:${h.actor.channelId}`);
    expect(subs.map((s) => s.query)).toEqual(['"mixture of experts"']);
  });

  it('answers a bad query with the parser’s message, ephemerally, and stores nothing', async () => {
    h = await startSlackHarness(mode);
    const bad = '(mixture AND';
    let expected = '';
    try {
      parseQuery(bad);
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(expected).not.toBe('');
    const { responses } = await h.command(`add ${bad}`);
    expect(responses).toHaveLength(1);
    expect(responses[0]!.body.response_type).toBe('ephemeral');
    // The mrkdwn escaping may change &, < and >; compare on the first words of the parser's message.
    expect(String(responses[0]!.body.text)).toContain(expected.slice(0, 20));
    expect(await h.radar.services.store.subscriptions.list(`slack:${h.actor.channelId}`)).toEqual([]);
  });

  it('answers command-line mistakes (unknown subcommand) ephemerally, and empty text with help', async () => {
    h = await startSlackHarness(mode);
    const wrong = await h.command('frobnicate');
    expect(wrong.responses[0]!.body.response_type).toBe('ephemeral');
    expect(String(wrong.responses[0]!.body.text)).toContain('Unknown command');
    const help = await h.command('');
    const helpText = JSON.stringify(help.responses.map((r) => r.body)) + JSON.stringify(h.slack.messages);
    expect(helpText).toContain('add');
    expect(helpText).toContain('remove');
  });

  it('lets only RADAR_SLACK_MANAGERS change subscriptions when that list is set', async () => {
    h = await startSlackHarness(mode, { env: { RADAR_SLACK_MANAGERS: 'U0BOSS,U0OTHER' } });
    const { responses } = await h.command('add "mixture of experts"');
    expect(responses[0]!.body.response_type).toBe('ephemeral');
    expect(String(responses[0]!.body.text)).toContain('Only channel managers');
    expect(await h.radar.services.store.subscriptions.list(`slack:${h.actor.channelId}`)).toEqual([]);
    const list = await h.command('list');
    expect(list.responses[0]!.body.response_type).toBe('in_channel');
  });

  it('lists and removes subscriptions by number', async () => {
    h = await startSlackHarness(mode);
    await h.command('add "mixture of experts"');
    await h.command('add author:"Yinmin Zhong"');
    const list = await h.command('list');
    const listed = String(list.responses[0]!.body.text);
    expect(listed).toContain('#1');
    expect(listed).toContain('#2');
    expect(listed).toContain('Yinmin Zhong');
    const removed = await h.command('remove 1');
    expect(String(removed.responses[0]!.body.text)).toContain('Removed #1');
    const subs = await h.radar.services.store.subscriptions.list(`slack:${h.actor.channelId}`);
    expect(subs.map((s) => s.number)).toEqual([2]);
  });

  it('imports queries typed one per line and exports them in a code block', async () => {
    h = await startSlackHarness(mode);
    const { responses } = await h.command('import cat:cs.LG\nauthor:"Yinmin Zhong"\n"mixture of experts" -survey');
    expect(String(responses[0]!.body.text)).toContain('Imported 3 subscriptions');
    const subs = await h.radar.services.store.subscriptions.list(`slack:${h.actor.channelId}`);
    expect(subs.map((s) => s.query)).toEqual(['cat:cs.LG', 'author:"Yinmin Zhong"', '"mixture of experts" -survey']);
    const exported = JSON.stringify((await h.command('export')).responses.map((r) => r.body));
    expect(exported).toContain('```');
    expect(exported).toContain(JSON.stringify('/radar import cat:cs.LG; author:"Yinmin Zhong"; "mixture of experts" -survey').slice(1, -1));
  });

  it('posts a 30-card digest as Block Kit, split to ≤ 50 blocks and ≤ 3,000 chars, every matching card once', async () => {
    h = await startSlackHarness(mode, { papers: moePapers(30, 7), env: { RADAR_DIGEST_SIZE: '30' }, clock: `${LISTING_DAY}T12:00:00Z` });
    await h.command('add "mixture of experts"');
    const before = h.slack.messages.length;
    await h.command('digest');
    const posted = h.slack.messages.slice(before).filter((m) => !m.ephemeralUser);
    expect(posted.length).toBeGreaterThanOrEqual(2);
    const ids: string[] = [];
    for (const m of posted) {
      expect(m.channel).toBe(h.actor.channelId);
      expect(m.text.length).toBeGreaterThan(0);
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      for (const b of m.blocks as Block[]) {
        if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(3000);
        if (b.accessory?.action_id === 'radar_discuss') ids.push(b.accessory.value);
      }
    }
    const expected = Array.from({ length: 30 }, (_, i) => `arxiv:2604.${30000 + i}`);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(new Set(ids).size).toBe(30);
    const all = JSON.stringify(posted);
    expect(all).not.toContain('Graph neural networks');
    expect(all).toContain('<https://arxiv.org/abs/2604.30000');
  });

  it('names a /radar watch watcher as <@U…> under the digest header, in the blocks and the notification text', async () => {
    h = await startSlackHarness(mode, { papers: moePapers(2, 1), clock: `${LISTING_DAY}T12:00:00Z` });
    await h.command('add "mixture of experts"');
    const watch = await h.commandAs('U0WATCHER1', 'watch 1');
    expect(watch.responses[0]!.body.response_type).toBe('ephemeral');
    const before = h.slack.messages.length;
    await h.command('digest');
    const header = h.slack.messages.slice(before).find((m) => !m.ephemeralUser && m.text.includes('AcademicHub digest'))!;
    expect((header.blocks as Block[])[0]!.text!.text).toContain('\n🔔 <@U0WATCHER1> 01, 02');
    expect(header.text).toContain('🔔 <@U0WATCHER1> 01, 02');
    expect(JSON.stringify(h.slack.messages.slice(before))).not.toContain(`<@${h.actor.userId}>`);
  });

  it('recovers from a 429 on chat.postMessage by waiting Retry-After and retrying', async () => {
    h = await startSlackHarness(mode, { papers: moePapers(3, 0), clock: `${LISTING_DAY}T12:00:00Z` });
    await h.command('add "mixture of experts"');
    h.slack.injectRateLimit('chat.postMessage', 1);
    const before = h.slack.calls.length;
    await h.command('digest');
    const calls = h.slack.calls.slice(before).filter((c) => c.method === 'chat.postMessage');
    expect(calls.map((c) => c.outcome)).toEqual(['ratelimited', 'ok']);
    const cards = h.slack.messages.flatMap((m) => m.blocks as Block[]).filter((b) => b.accessory?.action_id === 'radar_discuss');
    expect(cards).toHaveLength(3);
  });
});
