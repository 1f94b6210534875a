/**
 * The shared summary cache: one summary per distinct paper across 20 channels briefing at once, reused by
 * later briefings and by TL;DRs; cached summaries cost a channel nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiEmulator, type OpenAiEmulator, type RecordedRequest } from '../emulators/openai/openai-emulator.js';
import { channelKey } from '../../src/chat/ports.js';
import { FIXTURE_PAPERS } from './radar-fixture-papers.js';
import { channelRef, harness, recordingResponder } from './briefing-helpers.js';
import { deliveredDigest } from '../fakes/delivered-digest.js';

let emu: OpenAiEmulator;
beforeEach(async () => {
  emu = await startOpenAiEmulator();
});
afterEach(async () => {
  await emu.close();
});

const summaryCalls = (reqs: RecordedRequest[]) =>
  reqs.filter((r) => r.path === '/v1/chat/completions' && r.body.messages![0]!.content.includes('You summarise research papers'));
/** Titles of every paper sent for summarising, one entry per time it was sent. */
const summarisedTitles = (reqs: RecordedRequest[]) =>
  summaryCalls(reqs).flatMap((r) => [...r.body.messages![1]!.content.matchAll(/<paper n="\d+">\nTitle: (.*)\n/g)].map((m) => m[1]!));

describe('summary cache', () => {
  it('20 channels whose digests share papers: exactly one summary per distinct paper; a second briefing reuses them', async () => {
    const h = await harness({ baseURL: emu.baseURL, env: { RADAR_LLM_TIMEOUT_MS: '10000' } }); // about sharing, not timeouts: a loaded machine must not time out
    await h.store.papers.putMany(FIXTURE_PAPERS);
    const channels = Array.from({ length: 20 }, (_, i) => channelRef(`c${i}`));
    for (const [i, ch] of channels.entries()) {
      // each channel gets 4 of the 10 papers, overlapping its neighbours
      const ids = [0, 1, 3, 6].map((k) => FIXTURE_PAPERS[(i + k) % 10]!.id);
      await h.store.subscriptions.add(channelKey(ch), `q${i}`);
      await deliveredDigest(h.store, channelKey(ch), ids, {});
    }
    const responders = channels.map((ch) => recordingResponder(ch));
    await Promise.all(channels.map((ch, i) => h.service.brief(ch, undefined, responders[i]!)));

    const titles = summarisedTitles(emu.requests);
    expect([...titles].sort()).toEqual(FIXTURE_PAPERS.map((p) => p.title.replace(/\s+/g, ' ')).sort());
    for (const r of responders) expect(r.replies[0]!.text.slice(0, 400)).not.toContain("without an LLM");

    const before = emu.requests.length;
    await h.service.brief(channels[0]!, undefined, recordingResponder(channels[0]!));
    expect(summaryCalls(emu.requests.slice(before))).toHaveLength(0);
  });

  it('TL;DRs come from the same cache, batched per tick; cached summaries cost nothing', async () => {
    const h = await harness({ baseURL: emu.baseURL });
    await h.store.papers.putMany(FIXTURE_PAPERS);
    const tldrs = await Promise.all(FIXTURE_PAPERS.slice(0, 6).map((p) => h.service.tldrFor(p, 'en')));
    expect(tldrs[0]).toMatch(/^Diffusion large language models/);
    expect(tldrs.every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
    expect(summaryCalls(emu.requests)).toHaveLength(1);

    const a = channelRef('paid');
    await h.store.subscriptions.add(channelKey(a), 'x');
    await deliveredDigest(h.store, channelKey(a), FIXTURE_PAPERS.slice(0, 6).map((p) => p.id), {});
    await h.service.brief(a, undefined, recordingResponder(a));
    expect(summaryCalls(emu.requests)).toHaveLength(1);
    const usage = await h.service.usage(a);
    expect(usage.today.calls).toBe(1); // only the synthesis
    expect(usage.thisMonth.promptTokens).toBe(usage.today.promptTokens);
    expect(usage.today.promptTokens).toBeGreaterThan(0);
  });

  it('a different language is a different cache entry', async () => {
    const h = await harness({ baseURL: emu.baseURL });
    const p = FIXTURE_PAPERS[2]!;
    await h.service.tldrFor(p, 'en');
    await h.service.tldrFor(p, 'en');
    await h.service.tldrFor(p, 'zh');
    expect(summaryCalls(emu.requests)).toHaveLength(2);
  });
});
