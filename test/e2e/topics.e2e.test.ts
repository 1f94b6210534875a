/**
 * Topic subscriptions through the core: `startRadar` with the topics capability, the REAL `openai` client
 * against the OpenAI emulator's meaning-carrying embeddings, the arXiv emulator serving the topic corpus,
 * a manual scheduler and a fake clock. Commands enter through `radar.handlers` as an adapter would call them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReason } from '../../src/chat/message.js';
import { paperText } from '../../src/topics/topic-service.js';
import { buildRssListing, startArxivEmulator, type ArxivEmulator, type SyntheticPaper } from '../emulators/arxiv/arxiv-emulator.js';
import type { OpenAiEmulator } from '../emulators/openai/openai-emulator.js';
import { MOE_IDS, TOPIC_CORPUS } from '../emulators/openai/topic-corpus.js';
import { manager, shellChannel } from '../fakes/recording.js';
import { llmRadarSuite } from './helpers/llm-radar.js';

const DAY = '2026-06-15';
const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
const LISTING: SyntheticPaper[] = TOPIC_CORPUS.map((p) => ({
  id: p.id.slice('arxiv:'.length),
  version: 1,
  title: p.title,
  abstract: p.abstract,
  authors: p.authors.map((a) => a.name),
  categories: p.categories,
  announceType: 'new' as const,
}));

let arxiv: ArxivEmulator;
let emu: OpenAiEmulator;
const suite = llmRadarSuite('topics');

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: DAY });
  arxiv.setListing(CATS, buildRssListing(LISTING, { categories: CATS, day: DAY }));
});
afterAll(() => arxiv.close());

async function boot(opts: { embeddings: boolean; env?: Record<string, string> }) {
  const booted = await suite.boot({
    env: (e) => ({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: e.baseURL,
      ...(opts.embeddings ? { RADAR_EMBEDDING_MODEL: 'emu-embed-v1', RADAR_EMBEDDING_BATCH: '5' } : {}),
      RADAR_EMBEDDING_TIMEOUT_MS: '2000',
      RADAR_CATEGORIES: 'cs.AI,cs.CL,cs.CV,cs.LG',
      ARXIV_RSS_URL: arxiv.rssUrl,
      ARXIV_MIN_INTERVAL_MS: '0',
      ARXIV_EMPTY_RETRIES: '0',
      HTTP_RETRIES: '1',
      ...opts.env,
    }),
    capabilities: { topics: {} },
    now: `${DAY}T07:00:00Z`,
  });
  const { radar, adapter } = booted;
  emu = booted.emu;
  await radar.ingestNow();
  const command = (channel: string, name: string, options: Record<string, string> = {}) =>
    radar.handlers.onCommand({ name, options, channel: shellChannel(channel), user: manager }, adapter.responder(shellChannel(channel)));
  const last = () => adapter.sent.at(-1)!.message;
  return { radar, adapter, command, last };
}

describe('topic subscriptions with embeddings (emulator)', () => {
  it('topic:"sparse expert routing" brings the MoE papers, including those never saying "mixture of experts", with a scored reason', async () => {
    const { command, last } = await boot({ embeddings: true });
    await command('a', 'add', { query: 'topic:"sparse expert routing"' });
    expect(last().text).toContain('by meaning');
    expect(last().text).toContain('emu-embed-v1');
    await command('a', 'digest');
    const cards = last().cards ?? [];
    expect(cards.map((c) => c.paperId).sort()).toEqual([...MOE_IDS].sort());
    for (const c of cards) {
      const why = c.reasons.map(formatReason).join(' ');
      expect(why).toMatch(/^topic: sparse expert routing \(0\.\d\d\)$/);
      expect(c.reasons[0]!.score).toBeGreaterThan(0.4);
    }
  });

  it('combines with the rest of the language, like: ranks MoE first, /radar similar lists the nearest', async () => {
    const { command, last } = await boot({ embeddings: true });
    await command('b', 'add', { query: 'topic:"sparse expert routing" AND cat:cs.CL -multilingual' });
    await command('b', 'add', { query: 'topic:"graph community detection" -leiden' });
    await command('b', 'digest');
    expect((last().cards ?? []).map((c) => c.paperId)).toEqual(['arxiv:2606.20003']);

    await command('c', 'add', { query: 'topic:"sparse expert routing" AND cat:cs.CL' });
    await command('c', 'digest');
    expect((last().cards ?? []).map((c) => c.paperId)).toEqual(['arxiv:2606.10005']);

    await command('d', 'add', { query: 'like:https://arxiv.org/abs/2606.10002v1' });
    await command('d', 'digest');
    expect((last().cards ?? []).map((c) => c.paperId).sort()).toEqual(MOE_IDS.filter((id) => id !== 'arxiv:2606.10002').sort());

    await command('d', 'similar', { paper: 'arXiv:2606.10002' });
    const near = (last().cards ?? []).map((c) => c.paperId);
    expect(near.slice(0, 4).sort()).toEqual(MOE_IDS.filter((id) => id !== 'arxiv:2606.10002').sort());
    expect(near).not.toContain('arxiv:2606.10002');
    expect(last().cards![0]!.reasons[0]!.score).toBeGreaterThan(near.length > 4 ? last().cards![4]!.reasons[0]!.score! : 0);
  });

  it('embeds each paper once per model, however many channels and topics need it; usage counts the tokens', async () => {
    const { command, last } = await boot({ embeddings: true });
    const queries = ['topic:"sparse expert routing"', 'topic:"speculative decoding"', 'like:2606.10001', 'topic:"graph community detection" cat:cs.SI'];
    for (const [i, q] of queries.entries()) await command(`ch${i}`, 'add', { query: q });
    for (let i = 0; i < queries.length; i++) await command(`ch${i}`, 'digest');
    await command('ch0', 'preview', { query: 'topic:"diffusion models for images"' });
    await command('ch0', 'search', { query: 'topic:"sparse expert routing"' });
    const inputs = emu.embeddedInputs();
    for (const p of TOPIC_CORPUS) expect(inputs.filter((s) => s === paperText(p))).toHaveLength(1);
    expect(inputs.filter((s) => s === 'sparse expert routing')).toHaveLength(1);
    expect(emu.embeddingRequests().every((r) => (r.body.input as string[]).length <= 5)).toBe(true);
    await command('ch0', 'usage');
    const requests = emu.embeddingRequests().length;
    expect(last().text).toContain(`today ${emu.totals.promptTokens} tokens in ${requests} ${requests === 1 ? 'request' : 'requests'}`);
  });

  it('/radar preview topic:"…" shows papers per day and the daily cap; the cap bounds a vague topic', async () => {
    const { command, last } = await boot({ embeddings: true, env: { RADAR_TOPIC_DAILY_CAP: '2' } });
    await command('p', 'preview', { query: 'topic:"sparse expert routing"' });
    expect(last().text).toContain(`• ${DAY}: 2`);
    expect(last().text).toContain('at most 2 papers per subscription and day');
    await command('p', 'add', { query: 'topic:"sparse expert routing"' });
    await command('p', 'digest');
    const cards = last().cards ?? [];
    expect(cards).toHaveLength(2);
    expect(cards.map((c) => c.paperId).every((id) => MOE_IDS.includes(id))).toBe(true);
  });

  it('bad input is refused with a clear error and nothing is stored', async () => {
    const { radar, command, last } = await boot({ embeddings: true });
    const bad: [string, RegExp][] = [
      ['topic:""', /topic needs words/],
      ['topic:"   "', /topic needs words/],
      [`topic:"${'x'.repeat(5000)}"`, /too long: 5008 characters/],
      [`topic:"${'graph '.repeat(60)}"`, /at most 300 characters/],
      ['like:9912.99999', /do not have the paper `arxiv:9912.99999`/],
      ['like:not-a-paper', /needs a paper id/],
      ['like:2606.100', /needs a paper id/],
    ];
    for (const [query, message] of bad) {
      await command('x', 'add', { query });
      expect(last().ephemeral).toBe(true);
      expect(last().text).toMatch(message);
    }
    expect(await radar.services.store.subscriptions.list('shell:x')).toEqual([]);
    await command('x', 'settings', { name: 'language', value: 'zh' });
    await command('x', 'add', { query: 'topic:""' });
    expect(last().text).toContain('主题需要有可匹配的词语');
  });

  it('a 500, wrong dimensions or NaN from the embeddings server: the digest goes out, lexical, with a note', async () => {
    for (const fault of [{ kind: 'status', status: 500 }, { kind: 'badVectors', problem: 'dimensions' }, { kind: 'badVectors', problem: 'nan' }] as const) {
      const { radar, command, last } = await boot({ embeddings: true, env: { RADAR_EMBEDDING_DIMENSIONS: '256' } });
      await command('f', 'add', { query: 'topic:"graph community detection"' });
      emu.fail(fault);
      await command('f', 'digest');
      const msg = last();
      expect(msg.text).toContain('fell back to lexical mode today');
      expect((msg.cards ?? []).map((c) => c.paperId).sort()).toEqual(['arxiv:2606.20003', 'arxiv:2606.20004']);
      expect(msg.cards![0]!.reasons.map(formatReason)).toEqual(['topic: graph community detection (lexical)']);
      await radar.stop(); // its emulator is closed with the test's
    }
  });
});

describe('topic subscriptions in lexical mode (no embedding model)', () => {
  it('says so on add, in /radar list and on the cards; no embeddings are requested', async () => {
    const { command, last } = await boot({ embeddings: false });
    await command('l', 'add', { query: 'topic:"graph community detection"' });
    expect(last().text).toContain('**lexical**');
    await command('l', 'list');
    expect(last().text).toContain('`topic:"graph community detection"` (lexical)');
    await command('l', 'digest');
    const cards = last().cards ?? [];
    expect(cards.map((c) => c.paperId).sort()).toEqual(['arxiv:2606.20003', 'arxiv:2606.20004']);
    expect(cards.every((c) => c.reasons.map(formatReason).join() === 'topic: graph community detection (lexical)')).toBe(true);
    expect(emu.embeddingRequests()).toHaveLength(0);
  });
});
