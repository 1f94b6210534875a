/** The Slack emulator itself keeps Slack's shapes honest: the signing vector, auth, both body encodings. */
import { readFileSync } from 'node:fs';
import { verifySlackRequest, webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../emulators/slack/signed-http.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack-emulator.js';

const vector = JSON.parse(readFileSync(new URL('../fixtures/slack/request_signing_vector_slack_docs.json', import.meta.url), 'utf8')) as {
  signing_secret: string;
  timestamp: string;
  body: string;
  expected_signature: string;
};

describe('Slack request signing', () => {
  it('reproduces the published signing vector', () => {
    expect(signSlackRequest(vector.signing_secret, vector.timestamp, vector.body)).toBe(vector.expected_signature);
  });

  it('agrees with Bolt’s verifier (clock pinned to the vector’s timestamp) and rejects a changed body', () => {
    const headers = { 'x-slack-signature': vector.expected_signature, 'x-slack-request-timestamp': Number(vector.timestamp) };
    const nowMilliseconds = Number(vector.timestamp) * 1000;
    expect(() => verifySlackRequest({ signingSecret: vector.signing_secret, body: vector.body, headers, nowMilliseconds })).not.toThrow();
    expect(() => verifySlackRequest({ signingSecret: vector.signing_secret, body: `${vector.body}x`, headers, nowMilliseconds })).toThrow(/signature/);
    expect(() => verifySlackRequest({ signingSecret: vector.signing_secret, body: vector.body, headers })).toThrow(/stale/);
  });
});

describe('Slack emulator Web API', () => {
  let emu: SlackEmulator;
  beforeAll(async () => {
    emu = await startSlackEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('accepts form and JSON bodies with the bot token, refuses other tokens', async () => {
    const form = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: 'C1', text: 'hi', blocks: JSON.stringify([{ type: 'divider' }]) }).toString(),
    }).then((r) => r.json());
    expect(form).toMatchObject({ ok: true, channel: 'C1' });
    const json = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C1', text: 'json', thread_ts: '1.2' }),
    }).then((r) => r.json());
    expect(json).toMatchObject({ ok: true });
    expect(emu.messages.slice(-2).map((m) => [m.text, m.blocks.length, m.threadTs])).toEqual([
      ['hi', 1, undefined],
      ['json', 0, '1.2'],
    ]);
    const bad = await fetch(`${emu.apiUrl}auth.test`, { method: 'POST', headers: { authorization: 'Bearer xoxb-wrong' } }).then((r) => r.json());
    expect(bad).toEqual({ ok: false, error: 'invalid_auth' });
    const appTokenForBotMethod = await fetch(`${emu.apiUrl}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${emu.appToken}` } }).then((r) => r.json());
    expect(appTokenForBotMethod).toMatchObject({ ok: false, error: 'invalid_auth' });
  });

  it('serves the real WebClient, including apps.connections.open with the app token only', async () => {
    const bot = new webApi.WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
    expect(await bot.auth.test()).toMatchObject({ ok: true, user_id: emu.botUserId });
    await expect(bot.apps.connections.open({})).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    const app = new webApi.WebClient(emu.appToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
    const open = await app.apps.connections.open({});
    expect(open.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket\/\d+$/);
  });

  it('injects per-method errors and 429s with Retry-After, and records every call', async () => {
    const bot = new webApi.WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 }, logLevel: webApi.LogLevel.ERROR });
    emu.injectError('chat.postMessage', 'not_in_channel');
    await expect(bot.chat.postMessage({ channel: 'C2', text: 'x' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    emu.injectRateLimit('chat.postMessage', 0);
    const before = emu.calls.length;
    await bot.chat.postMessage({ channel: 'C2', text: 'after 429' });
    expect(emu.calls.slice(before).map((c) => c.outcome)).toEqual(['ratelimited', 'ok']);
  });

  it('records response_url posts', async () => {
    const url = emu.responseUrl();
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', text: 'hi' }) });
    expect(emu.responses.at(-1)).toEqual({ id: url.slice(url.lastIndexOf('/') + 1), body: { response_type: 'ephemeral', text: 'hi' } });
  });
});
