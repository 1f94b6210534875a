/**
 * LLM budgets that hold under concurrency, through the core: `startRadar` with briefings, the REAL `openai`
 * client against the loopback OpenAI emulator (which charges deterministic token counts), commands entering
 * through `radar.handlers` as an adapter would call them.
 */
import { describe, expect, it, vi } from 'vitest';
import { estimateTokens } from '../../src/briefing/usage-ledger.js';
import type { ChannelRef } from '../../src/chat/ports.js';
import type { OpenAiEmulator } from '../emulators/openai/openai-emulator.js';
import { SECRETS } from '../unit/briefing-helpers.js';
import { FIXTURE_PAPERS } from '../unit/radar-fixture-papers.js';
import { shellChannel } from '../fakes/recording.js';
import { llmRadarSuite } from './helpers/llm-radar.js';

const PAPER = FIXTURE_PAPERS[0]!;
let emu: OpenAiEmulator;
const suite = llmRadarSuite('budget');

async function boot(env: Record<string, string>) {
  const booted = await suite.boot({
    env: (e) => ({ ...SECRETS, OPENAI_BASE_URL: e.baseURL, RADAR_LLM_TIMEOUT_MS: '20000', ...env }),
    capabilities: { briefing: {} },
    now: '2026-11-23T10:00:00Z',
  });
  const { radar, adapter, clock } = booted;
  emu = booted.emu;
  await radar.services.store.papers.putMany(FIXTURE_PAPERS);
  const ask = (channel: ChannelRef, userId: string, question = 'What is new here?') =>
    radar.handlers.onCommand(
      { name: 'ask', options: { paper: PAPER.id.slice('arxiv:'.length), question }, channel, user: { id: userId, canManage: false } },
      adapter.responder(channel),
    );
  return { radar, adapter, clock, ask };
}

/** The estimate the ledger reserves for one of these asks (from a request the emulator saw). */
const oneAskEstimate = (e: OpenAiEmulator) => estimateTokens({ messages: e.chatRequests()[0]!.body.messages as never, maxTokens: 400 });
const spent = (e: OpenAiEmulator) => e.totals.promptTokens + e.totals.completionTokens;

describe('LLM budgets', () => {
  it('20 concurrent asks against a 2,000-token daily budget spend at most 2,000 + one call’s estimate', async () => {
    const { radar, adapter, ask } = await boot({ RADAR_LLM_DAILY_TOKENS: '2000' });
    const channel = shellChannel('lab');
    await Promise.all(Array.from({ length: 20 }, (_, i) => ask(channel, `user${i}`)));
    const calls = emu.chatRequests().length;
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(20);
    expect(spent(emu)).toBeLessThanOrEqual(2000 + oneAskEstimate(emu));
    const answers = adapter.texts();
    expect(answers).toHaveLength(20);
    expect(answers.filter((t) => t.includes('daily LLM budget of 2000 tokens is spent'))).toHaveLength(20 - calls);
    // the ledger agrees with what the API charged, and nothing stays reserved
    const report = await radar.services.briefing!.usage(channel);
    expect(report.today.promptTokens + report.today.completionTokens).toBe(spent(emu));
    expect(report.today.calls).toBe(calls);
    expect(report.reservedToday).toBe(0);
  });

  it('the 21st LLM request of one user within an hour gets the throttle message with the wait', async () => {
    const { adapter, clock, ask } = await boot({});
    const channel = shellChannel('lab');
    for (let i = 0; i < 20; i++) await ask(channel, 'eager');
    expect(emu.chatRequests()).toHaveLength(20);
    await ask(channel, 'eager');
    const last = adapter.sent.at(-1)!;
    expect(last.where).toBe('ephemeral:lab');
    expect(last.message.text).toBe('You have made many LLM requests in the last hour. Please wait about 3 minutes and try again.');
    expect(emu.chatRequests()).toHaveLength(20);
    await ask(channel, 'someone-else'); // another user is not held back
    expect(emu.chatRequests()).toHaveLength(21);
    clock.set('2026-11-23T10:03:00Z');
    await ask(channel, 'eager');
    expect(emu.chatRequests()).toHaveLength(22);
  });

  it('the deployment-wide daily cap stops every channel, whatever their own budgets', async () => {
    const probe = await boot({});
    await probe.ask(shellChannel('probe'), 'p');
    const estimate = oneAskEstimate(emu);
    const oneCall = spent(emu);
    await probe.radar.stop(); // its emulator is closed with the test's

    // room for exactly one call: after it, no channel can reserve another
    const { adapter, ask, radar } = await boot({ RADAR_LLM_GLOBAL_DAILY_TOKENS: String(estimate + oneCall - 1) });
    await ask(shellChannel('a'), 'u1');
    expect(emu.chatRequests()).toHaveLength(1);
    for (const id of ['a', 'b', 'c']) await ask(shellChannel(id), `u-${id}`);
    expect(emu.chatRequests()).toHaveLength(1);
    expect(adapter.texts().slice(1)).toEqual(Array(3).fill(expect.stringContaining('the deployment’s daily LLM budget is spent')));
    await radar.handlers.onCommand({ name: 'usage', options: {}, channel: shellChannel('b'), user: { id: 'u', canManage: false } }, adapter.responder(shellChannel('b')));
    expect(adapter.texts().at(-1)).toContain('remaining 200000'); // channel b's own budget is untouched
  });

  it('direct messages of one workspace share one budget (a new DM brings no fresh budget)', async () => {
    const probe = await boot({});
    await probe.ask(shellChannel('probe'), 'p');
    const budget = oneAskEstimate(emu) + spent(emu) - 1;
    await probe.radar.stop(); // its emulator is closed with the test's

    const { ask } = await boot({ RADAR_LLM_DAILY_TOKENS: String(budget) });
    const dm = (id: string, workspaceId: string): ChannelRef => ({ platform: 'slack', id, workspaceId });
    await ask(dm('D111', 'T1'), 'alice');
    await ask(dm('D222', 'T1'), 'bob');
    expect(emu.chatRequests()).toHaveLength(1);
    await ask(dm('D333', 'T2'), 'carol'); // another workspace has its own pool
    expect(emu.chatRequests()).toHaveLength(2);
  });

  it('/radar usage shows tokens reserved by a call still in flight', async () => {
    const { adapter, radar, ask } = await boot({ RADAR_LLM_TIMEOUT_MS: '4000' });
    emu.fail({ kind: 'hang' }, 1);
    const channel = shellChannel('lab');
    const pending = ask(channel, 'u1');
    await vi.waitFor(() => expect(emu.chatRequests()).toHaveLength(1), { timeout: 10_000 });
    await radar.handlers.onCommand({ name: 'usage', options: {}, channel, user: { id: 'u2', canManage: false } }, adapter.responder(channel));
    const shown = adapter.texts().at(-1)!;
    expect(shown).toMatch(/Reserved by requests in progress: \d+ tokens\./);
    await pending;
    await radar.handlers.onCommand({ name: 'usage', options: {}, channel, user: { id: 'u2', canManage: false } }, adapter.responder(channel));
    expect(adapter.texts().at(-1)).not.toContain('Reserved by requests in progress');
  });
});
