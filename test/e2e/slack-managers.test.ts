/**
 * Who may manage on Slack, through the real Bolt app against the loopback Slack (which serves `users.info`
 * and `conversations.info`): by default only workspace admins/owners and the channel's creator; `*` opens
 * it to every member; guests never.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startSlackHarness, type SlackHarness } from './slack-harness.js';

const refused = 'Only channel managers';

describe('Slack management defaults (RADAR_SLACK_MANAGERS)', () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const subs = () => h!.radar.services.store.subscriptions.list(`slack:${h!.actor.channelId}`);
  const text = (r: { responses: { body: Record<string, unknown> }[] }) => String(r.responses[0]!.body.text);

  it('unset: a plain member is refused /radar add; an admin, an owner and the channel creator succeed; a guest is refused', async () => {
    h = await startSlackHarness('socket');
    h.slack.setUser('U0OWNER', { is_owner: true });
    h.slack.setUser('U0GUEST', { is_restricted: true });
    h.slack.setChannelCreator(h.actor.channelId, 'U0MAKER');

    const member = await h.commandAs('U0MEMBER', 'add "mixture of experts"');
    expect(member.responses[0]!.body.response_type).toBe('ephemeral');
    expect(text(member)).toContain(refused);
    expect(await subs()).toEqual([]);
    expect(text(await h.commandAs('U0GUEST', 'add guests'))).toContain(refused);

    expect(text(await h.command('add "mixture of experts"'))).toContain('Subscribed #1'); // U0ALICE is an admin
    expect(text(await h.commandAs('U0OWNER', 'add experts'))).toContain('Subscribed #2');
    expect(text(await h.commandAs('U0MAKER', 'add routing'))).toContain('Subscribed #3');
    expect((await subs()).map((s) => s.query)).toEqual(['"mixture of experts"', 'experts', 'routing']);

    // read-only commands stay open to members
    expect(text(await h.commandAs('U0MEMBER', 'list'))).toContain('#1');
    // the facts are cached: one users.info per user, one conversations.info per channel
    const infos = h.slack.calls.filter((c) => c.method === 'users.info' && c.args.user === 'U0MEMBER');
    expect(infos).toHaveLength(1);
    expect(h.slack.calls.filter((c) => c.method === 'conversations.info' && c.outcome === 'ok').length).toBeLessThanOrEqual(1);
  });

  it('`*` opens management to every member, still not to guests, with a warning at start', async () => {
    const logged: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (logged.push(String(chunk)), done()) });
    h = await startSlackHarness('http', { env: { RADAR_SLACK_MANAGERS: '*' }, logger: createLogger('warn', { destination: sink }) });
    expect(logged.join('')).toContain('RADAR_SLACK_MANAGERS=* lets every channel member');
    h.slack.setUser('U0GUEST', { is_ultra_restricted: true });
    expect(text(await h.commandAs('U0MEMBER', 'add "mixture of experts"'))).toContain('Subscribed #1');
    expect(text(await h.commandAs('U0GUEST', 'add guests'))).toContain(refused);
    expect(await subs()).toHaveLength(1);
  });

  it('when Slack cannot say who the user is, the answer is no', async () => {
    h = await startSlackHarness('socket');
    h.slack.injectError('users.info', 'user_not_found');
    expect(text(await h.commandAs('U0WHO', 'add experts'))).toContain(refused);
    expect(await subs()).toEqual([]);
  });
});
