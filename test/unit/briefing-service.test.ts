/**
 * The briefing service with the REAL `openai` client talking to the loopback OpenAI emulator, over a real
 * (in-memory Keyv) store: briefings, citations, Q&A context, language, streaming and progress.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiEmulator, type OpenAiEmulator } from '../emulators/openai/openai-emulator.js';
import { channelKey } from '../../src/chat/ports.js';
import { citedNumbers } from '../../src/briefing/output-guard.js';
import { FIXTURE_PAPERS } from './radar-fixture-papers.js';
import { channelRef, harness, recordingResponder, type Harness } from './briefing-helpers.js';
import { deliveredDigest } from '../fakes/delivered-digest.js';

let emu: OpenAiEmulator;
beforeEach(async () => {
  emu = await startOpenAiEmulator();
});
afterEach(async () => {
  await emu.close();
});

const isSynthesis = (b: { messages?: readonly { role: string; content: string }[] }) =>
  (b.messages?.[0]?.content ?? '').includes('cross-disciplinary briefing');
const isSummary = (b: { messages?: readonly { role: string; content: string }[] }) =>
  (b.messages?.[0]?.content ?? '').includes('You summarise research papers');

async function seedDigest(h: Harness, id: string, papers = FIXTURE_PAPERS.slice(0, 5)) {
  await h.store.papers.putMany(FIXTURE_PAPERS);
  const channel = channelRef(id);
  await h.store.subscriptions.add(channelKey(channel), '"diffusion" OR "mixture of experts"');
  await deliveredDigest(h.store, channelKey(channel), papers.map((p) => p.id), Object.fromEntries(papers.map((p) => [p.id, [{ field: 'title' as const, term: 'diffusion' }]])));
  return channel;
}

describe('/radar brief over the latest digest', () => {
  it('cites only digest papers: a planted [9] of 5 is removed; references list the 5 papers', async () => {
    emu.script((body) => (isSynthesis(body) ? '**Themes**\n• Diffusion LMs distil across architectures [1][9].\n• Convexity helps OT [2] and [9].\n**Open questions**\n• Does it scale? [3, 9]' : undefined));
    const h = await harness({ baseURL: emu.baseURL });
    const channel = await seedDigest(h, 'c1');
    const responder = recordingResponder(channel);
    await h.service.brief(channel, undefined, responder);

    expect(responder.replies).toHaveLength(1);
    const text = responder.replies[0]!.text;
    expect(text).not.toContain('[9]');
    expect(text).not.toContain('without an LLM');
    const [body, refs] = text.split('**Papers**');
    expect(citedNumbers(body!)).toEqual([1, 2, 3]);
    for (const [i, p] of FIXTURE_PAPERS.slice(0, 5).entries()) expect(refs).toContain(`[${i + 1}] [${p.title.replace(/[[\]]/g, '')}](`);
    // map-reduce: one batched summary call for 5 papers, then one streamed synthesis call
    const calls = emu.chatRequests();
    expect(calls.filter((c) => isSummary(c.body))).toHaveLength(1);
    const synth = calls.filter((c) => isSynthesis(c.body));
    expect(synth).toHaveLength(1);
    expect(synth[0]!.body.stream).toBe(true);
    expect(responder.progresses).toContain('reading 5/5 papers…');
  });

  it('briefs the last 7 days matching a query instead of the digest', async () => {
    const h = await harness({ baseURL: emu.baseURL });
    await h.store.papers.putMany(FIXTURE_PAPERS);
    const channel = channelRef('q1');
    const responder = recordingResponder(channel);
    await h.service.brief(channel, '"mixture-of-experts"', responder);
    const text = responder.replies[0]!.text;
    expect(text).toContain('matching `"mixture-of-experts"`');
    expect(text).toContain('FaaSMoE');
    expect(text).not.toContain('KAYRA');
  });

  it('says there is nothing to brief when the channel has no digest', async () => {
    const h = await harness({ baseURL: emu.baseURL });
    const responder = recordingResponder(channelRef('empty'));
    await h.service.brief(channelRef('empty'), undefined, responder);
    expect(responder.replies[0]!.text).toContain('no digest to brief');
    expect(emu.requests).toHaveLength(0);
  });
});

describe('/radar ask and thread Q&A', () => {
  it('sends the paper and the earlier turns of the thread; keeps the turns', async () => {
    const h = await harness({ baseURL: emu.baseURL });
    const paper = FIXTURE_PAPERS[0]!;
    const channel = channelRef('a1');
    const thread = { channel, id: 'th1' };
    const first = await h.service.ask(channel, paper, 'Which benchmarks do they use?', thread);
    expect(first.text).toContain('According to the abstract');
    await h.service.ask(channel, paper, 'And how big is the student?', thread);

    const second = emu.chatRequests()[1]!.body.messages!;
    expect(second[0]!.role).toBe('system');
    expect(second[0]!.content).toContain(paper.title);
    expect(second[0]!.content).toContain('HumanEval scores reach 48.78');
    expect(second[0]!.content).toContain('Gongbo Zhang');
    expect(second[0]!.content).toContain('abstract does not say');
    expect(second.slice(1).map((m) => [m.role, m.content])).toEqual([
      ['user', 'Which benchmarks do they use?'],
      ['assistant', first.text],
      ['user', 'And how big is the student?'],
    ]);
    const turns = await h.store.threads.turns('shell:a1/th1', 10);
    expect(turns.map((t) => t.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('answerInThread uses the stored turns and leaves recording to the caller', async () => {
    const h = await harness({ baseURL: emu.baseURL });
    const paper = FIXTURE_PAPERS[6]!;
    await h.store.threads.appendTurn('shell:t/x', { role: 'user', text: 'earlier question about tenants', at: '2026-04-30T08:00:00Z' });
    await h.store.threads.appendTurn('shell:t/x', { role: 'assistant', text: 'earlier answer', at: '2026-04-30T08:00:01Z' });
    const text = await h.service.answerInThread('shell:t/x', paper, 'What model do they evaluate?', 'en');
    expect(text).toContain('FaaSMoE');
    const msgs = emu.chatRequests()[0]!.body.messages!;
    expect(msgs.map((m) => m.content)).toContain('earlier question about tenants');
    expect(await h.store.threads.turns('shell:t/x', 10)).toHaveLength(2);
  });
});

describe('language zh', () => {
  it('Chinese fixed messages and a Chinese instruction in every prompt', async () => {
    emu.script((body) => (isSynthesis(body) ? '**主题**\n• 扩散语言模型的跨架构蒸馏 [1]。' : undefined));
    const h = await harness({ baseURL: emu.baseURL });
    const channel = await seedDigest(h, 'zh1', FIXTURE_PAPERS.slice(0, 2));
    await h.store.channels.updateSettings(channelKey(channel), { language: 'zh' });
    const responder = recordingResponder(channel);
    await h.service.brief(channel, undefined, responder);
    const text = responder.replies[0]!.text;
    expect(text).toContain('跨学科简报');
    expect(text).toContain('**论文列表**');
    expect(responder.progresses).toContain('正在阅读第 2/2 篇论文…');
    const prompts = emu.chatRequests().map((r) => r.body.messages![0]!.content);
    expect(prompts.length).toBe(2);
    for (const p of prompts) expect(p).toContain('请使用简体中文撰写全部回答');
  });
});
