/**
 * HTTP mode's front door, through the real Bolt HTTPReceiver the adapter starts: forged signatures and
 * stale timestamps are refused with 401, url_verification is answered with the challenge, and a recorded
 * slash-command body (test/fixtures/slack) is accepted byte for byte.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../emulators/slack/signed-http.js';
import { startSlackHarness, type SlackHarness } from './slack-harness.js';

const fixtureBody = readFileSync(new URL('../fixtures/slack/slash_command_body_slack_docs_webhook-collect.txt', import.meta.url), 'utf8').trim();

describe('Slack HTTP mode request verification', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses a forged signature with 401 and runs nothing', async () => {
    const url = h.slack.responseUrl();
    const fields = new URLSearchParams({ command: '/radar', text: 'add "mixture of experts"', channel_id: 'C0RADAR', user_id: 'U0EVE', team_id: h.slack.teamId, response_url: url });
    const forged = signSlackRequest('not-the-secret', Math.floor(Date.now() / 1000), fields.toString());
    const res = await h.http!.raw(fields.toString(), 'application/x-www-form-urlencoded', { signature: forged });
    expect(res.status).toBe(401);
    await h.adapter.idle();
    expect(await h.radar.services.store.subscriptions.list('slack:C0RADAR')).toEqual([]);
    expect(h.slack.responses).toEqual([]);
  });

  it('refuses a correctly signed but stale request (older than 5 minutes) with 401', async () => {
    const body = JSON.stringify(h.mention('hello', '1780000001.000001'));
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.http!.raw(body, 'application/json', { timestamp: stale });
    expect(res.status).toBe(401);
    const fresh = await h.http!.raw(JSON.stringify({ type: 'url_verification', challenge: 'fresh-check' }), 'application/json');
    expect(fresh.status).toBe(200);
  });

  it('answers url_verification with the challenge', async () => {
    const res = await h.http!.event({ token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
  });

  it('accepts the recorded slash-command body (empty text → help, answered ephemerally)', async () => {
    const url = h.slack.responseUrl();
    const body = fixtureBody
      .replace('command=%2Fwebhook-collect', 'command=%2Fradar')
      .replace(/response_url=[^&]+/, `response_url=${encodeURIComponent(url)}`);
    const res = await h.http!.raw(body, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    await h.adapter.idle();
    const id = url.slice(url.lastIndexOf('/') + 1);
    const answers = h.slack.responses.filter((r) => r.id === id);
    expect(answers.length).toBeGreaterThanOrEqual(1);
    expect(answers.map((a) => a.body.response_type)).toContain('ephemeral');
    expect(JSON.stringify(answers)).toContain('/radar add');
  });
});
