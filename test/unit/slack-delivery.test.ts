/** Slack refusals → DeliveryError, with real WebClient errors from the emulator (no hand-made error objects). */
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postPayloads, toDeliveryError } from '../../adapters/slack/delivery.js';
import { stripMention } from '../../adapters/slack/slack-adapter.js';
import { DeliveryError } from '../../src/errors.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack-emulator.js';

describe('Slack delivery errors', () => {
  let emu: SlackEmulator;
  let client: InstanceType<typeof webApi.WebClient>;
  beforeAll(async () => {
    emu = await startSlackEmulator();
    client = new webApi.WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
  });
  afterAll(async () => {
    await emu.close();
  });

  const channel = { platform: 'slack' as const, id: 'C9' };
  const payloads = [{ text: 'one', blocks: [] }, { text: 'two', blocks: [] }];

  it.each([
    ['not_in_channel', true, 'invite me with /invite @AcademicHub'],
    ['channel_not_found', true, 'invite me'],
    ['missing_scope', true, 'reinstall the app'],
    ['msg_too_long', false, 'Slack refused the message: msg_too_long'],
  ])('%s → DeliveryError(permanent=%s), stopping at the first refused part', async (code, permanent, text) => {
    emu.injectError('chat.postMessage', code);
    const before = emu.calls.length;
    const error = await postPayloads(client, channel, payloads).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code, permanent });
    expect((error as Error).message).toContain(text);
    expect(emu.calls.length - before).toBe(1);
  });

  it('treats an unreachable Slack as a temporary failure', async () => {
    const dead = new webApi.WebClient('xoxb-x', { slackApiUrl: 'http://127.0.0.1:1/api/', retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
    const error = await dead.auth.test().catch((e: unknown) => e);
    expect(toDeliveryError(error)).toMatchObject({ code: 'slack_unavailable', permanent: false });
  });

  it('posts every part in order and returns their ts (thread replies carry thread_ts)', async () => {
    const posted = await postPayloads(client, channel, payloads, '1780000000.000001');
    expect(posted.map((p) => p.threadId)).toEqual(['1780000000.000001', '1780000000.000001']);
    expect(emu.messages.slice(-2).map((m) => [m.text, m.threadTs, m.ts])).toEqual(posted.map((p, i) => [payloads[i]!.text, '1780000000.000001', p.id]));
  });
});

describe('stripMention', () => {
  it('removes the bot’s mention in both forms and leaves other mentions', () => {
    expect(stripMention('<@U0BOT> what about <@U0ALICE>?', 'U0BOT')).toBe('what about <@U0ALICE>?');
    expect(stripMention('hey <@U0BOT|radar>  there', 'U0BOT')).toBe('hey there');
  });
});
