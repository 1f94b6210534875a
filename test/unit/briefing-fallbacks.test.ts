/**
 * No LLM at all: no key, 401, 429 after retries, 500 and a hanging server all yield the labelled
 * extractive briefing with the same citations; a spent budget too, saying why. TL;DRs give up quietly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiEmulator, type Fault, type OpenAiEmulator } from '../emulators/openai/openai-emulator.js';
import { channelKey } from '../../src/chat/ports.js';
import { citedNumbers } from '../../src/briefing/output-guard.js';
import { FIXTURE_PAPERS } from './radar-fixture-papers.js';
import { toCard } from '../../src/digest/cards.js';
import { reconcileOpenRuns } from '../../src/digest/outbox-delivery.js';
import { silentLogger } from '../../src/logger.js';
import { channelRef, harness, recordingResponder, type Harness } from './briefing-helpers.js';
import { deliveredDigest } from '../fakes/delivered-digest.js';

let emu: OpenAiEmulator;
beforeEach(async () => {
  emu = await startOpenAiEmulator();
});
afterEach(async () => {
  await emu.close();
});

const PAPERS = FIXTURE_PAPERS.slice(0, 4);

async function briefOnce(h: Harness, id = 'f1') {
  await h.store.papers.putMany(FIXTURE_PAPERS);
  const channel = channelRef(id);
  const key = channelKey(channel);
  await h.store.subscriptions.add(key, '"diffusion"');
  await h.store.subscriptions.add(key, '"convex"');
  await deliveredDigest(h.store, key, PAPERS.map((p) => p.id), {
    [PAPERS[0]!.id]: [{ field: 'title' as const, term: 'diffusion' }],
    [PAPERS[1]!.id]: [{ field: 'title' as const, term: 'convex' }],
    [PAPERS[2]!.id]: [{ field: 'abstract' as const, term: 'convex' }],
    [PAPERS[3]!.id]: [{ field: 'title' as const, term: 'squint' }],
  });
  const responder = recordingResponder(channel);
  await h.service.brief(channel, undefined, responder);
  expect(responder.replies).toHaveLength(1);
  return responder.replies[0]!.text;
}

function expectExtractive(text: string, reason: string) {
  expect(text).toContain(`_Produced without an LLM (${reason})`);
  const [body, refs] = text.split('**Papers**');
  // grouped by the subscription that matched, key sentence of each abstract, same citations
  expect(body).toContain('**#1 "diffusion"**');
  expect(body).toContain('**#2 "convex"**');
  expect(body).toContain('**Other matches**');
  expect(body).toContain('We present TIDE, the first framework for cross-architecture dLLM distillation');
  expect(citedNumbers(body!).sort()).toEqual([1, 2, 3, 4]);
  expect(refs).toContain('[4] [A Note on How to Remove the $\\ln\\ln T$ Term from the Squint Bound](');
}

describe('extractive fallback', () => {
  it('no key: no request at all', async () => {
    const text = await briefOnce(await harness());
    expectExtractive(text, 'no LLM is configured');
    expect(emu.requests).toHaveLength(0);
  });

  const cases: [string, Fault, string, (n: number) => boolean][] = [
    ['401', { kind: 'status', status: 401 }, 'the LLM API refused the key', (n) => n === 1],
    ['429 after retries', { kind: 'status', status: 429 }, 'the LLM API is rate-limiting requests', (n) => n === 3],
    ['500', { kind: 'status', status: 500 }, 'the LLM API had a server error', (n) => n === 3],
    ['timeout', { kind: 'hang' }, 'the LLM API timed out', (n) => n === 3],
  ];
  for (const [name, fault, reason, attempts] of cases) {
    it(`${name}: labelled extractive briefing`, async () => {
      emu.fail(fault);
      const text = await briefOnce(await harness({ baseURL: emu.baseURL }));
      expectExtractive(text, reason);
      expect(attempts(emu.requests.length)).toBe(true); // 401 is not retried; the others are, twice
    });
  }

  it('covers a digest that a restart finished after a crash (what was delivered, not what a finished process noted)', async () => {
    const h = await harness();
    await h.store.papers.putMany(FIXTURE_PAPERS);
    const channel = channelRef('crash');
    const key = channelKey(channel);
    await h.store.subscriptions.add(key, '"diffusion"');
    const cards = PAPERS.map((p, i) => ({ ...toCard(p, i + 1, []), reasons: i === 0 ? [{ label: 'title', term: 'diffusion' }] : [] }));
    const works = PAPERS.map((p) => ({ paperId: p.id, at: '2026-04-30T08:00:00Z' }));
    await h.store.outbox.plan({ channelKey: key, kind: 'digest', after: {}, parts: [{ message: { text: 'digest', cards }, works }] });
    // the process that planned it died after posting; the restart finds the message and closes the run
    const platform = { post: async () => [{ id: 'm1', channel, paperIds: PAPERS.map((p) => p.id) }], reply: async () => [] };
    expect((await reconcileOpenRuns({ store: h.store, chat: platform, logger: silentLogger() }, { channelKey: key })).closed).toBe(1);
    const responder = recordingResponder(channel);
    await h.service.brief(channel, undefined, responder);
    const text = responder.replies[0]!.text;
    expect(text).toContain('**#1 "diffusion"**');
    expect(citedNumbers(text.split('**Papers**')[0]!).sort()).toEqual([1, 2, 3, 4]);
  });

  it('a budget too small for the call falls back and says why, without calling the LLM; /radar usage reports it', async () => {
    const h = await harness({ baseURL: emu.baseURL, env: { RADAR_LLM_DAILY_TOKENS: '100' } });
    const first = await briefOnce(h, 'b1');
    expect(first).toContain('this channel’s daily LLM budget of 100 tokens is spent');
    expect(emu.requests).toHaveLength(0);
    const report = await h.service.usage(channelRef('b1'));
    expect(report.today.promptTokens + report.today.completionTokens).toBe(0);
    expect(report.reservedToday).toBe(0);
    expect(report.remainingToday).toBe(100);
  });

  it('thread answers fall back to the relevant abstract sentences, or say the abstract does not say', async () => {
    emu.fail({ kind: 'status', status: 401 });
    const h = await harness({ baseURL: emu.baseURL });
    const paper = FIXTURE_PAPERS[0]!;
    const hit = await h.service.answerInThread('shell:x/t', paper, 'What HumanEval score?', 'en');
    expect(hit).toContain('Answered without an LLM (the LLM API refused the key)');
    expect(hit).toContain('HumanEval scores reach 48.78');
    const miss = await h.service.answerInThread('shell:x/t', paper, 'Which GPU cluster trained it?', 'en');
    expect(miss).toContain('The abstract does not say.');
  });

  it('TL;DR failures resolve to undefined and pause further TL;DR calls', async () => {
    emu.fail({ kind: 'hang' });
    const h = await harness({ baseURL: emu.baseURL });
    expect(await h.service.tldrFor(FIXTURE_PAPERS[0]!, 'en')).toBeUndefined();
    expect(emu.requests).toHaveLength(1); // no retries for best-effort TL;DRs
    expect(await h.service.tldrFor(FIXTURE_PAPERS[1]!, 'en')).toBeUndefined();
    expect(emu.requests).toHaveLength(1); // paused: the next card does not wait for a dead API
  });
});
