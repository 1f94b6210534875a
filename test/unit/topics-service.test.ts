/**
 * The topic service through the REAL openai client against the emulator's meaning-carrying embeddings:
 * `topic:"sparse expert routing"` finds the MoE papers that never say "mixture of experts", `like:` ranks
 * MoE papers first, each paper is embedded once per model whatever the number of topics and service
 * instances, and every embeddings failure falls back to lexical mode with a note instead of throwing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiEmulator, type OpenAiEmulator, type Fault } from '../emulators/openai/openai-emulator.js';
import { MOE_IDS, TOPIC_CORPUS } from '../emulators/openai/topic-corpus.js';
import { createOpenAiEmbeddingClient } from '../../src/briefing/openai-llm-client.js';
import { createUsageLedger } from '../../src/briefing/usage-ledger.js';
import { createStoreUsageCounter } from '../../src/briefing/store-usage-counter.js';
import { memoryUsageCounters } from '../fakes/usage-counters.js';
import { silentLogger } from '../../src/logger.js';
import { likeKey, topicKey, type TopicLeaf } from '../../src/radar/topic-leaf.js';
import type { KeyValueStore } from '../../src/store/ports.js';
import { slowStore } from '../fakes/slow-store.js';
import { createTopicService, paperText, type TopicService } from '../../src/topics/topic-service.js';
import { createTopicServiceFromConfig } from '../../src/topics/index.js';
import { loadConfig } from '../../src/config.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { createVectorStore } from '../../src/topics/vector-store.js';

function memoryKv(): KeyValueStore & { size(): number } {
  const m = new Map<string, unknown>();
  return {
    get: async <T>(k: string) => m.get(k) as T | undefined,
    set: async (k, v) => void m.set(k, v),
    delete: async (k) => m.delete(k),
    size: () => m.size,
  };
}

const clock = { now: () => new Date('2026-06-15T12:00:00Z') };
let emu: OpenAiEmulator;
beforeEach(async () => {
  emu = await startOpenAiEmulator();
});
afterEach(async () => {
  await emu.close();
});

function service(kv = memoryKv(), usageCounters = memoryUsageCounters(), batchSize = 4): TopicService {
  const client = createOpenAiEmbeddingClient({ apiKey: 'sk-x', baseURL: emu.baseURL, model: 'emu-embed-v1', timeoutMs: 2000, maxRetries: 0 });
  const usage = createUsageLedger(createStoreUsageCounter(usageCounters, 'embedding'), clock, { dailyBudget: Number.MAX_SAFE_INTEGER, globalDailyCap: Number.MAX_SAFE_INTEGER });
  return createTopicService({
    clock,
    logger: silentLogger(),
    usage,
    vectors: createVectorStore({ client, kv, usage, batchSize }),
    dailyCap: 15,
    getPaper: async (id) => TOPIC_CORPUS.find((p) => p.id === id),
  });
}

const topic = (text: string): TopicLeaf => ({ kind: 'topic', key: topicKey(text), text });
const hitIds = (hits: { keysOf(id: string): readonly string[] }, key: string) =>
  TOPIC_CORPUS.filter((p) => hits.keysOf(p.id).includes(key)).map((p) => p.id);

describe('topic service, embedding mode (emulator)', () => {
  it('topic:"sparse expert routing" finds every MoE paper, including those never saying "mixture of experts"', async () => {
    const leaf = topic('sparse expert routing');
    const hits = await service().hits(TOPIC_CORPUS, [leaf]);
    expect(hits.mode).toBe('embedding');
    expect(hitIds(hits, leaf.key).sort()).toEqual([...MOE_IDS].sort());
    const silent = TOPIC_CORPUS.filter((p) => MOE_IDS.includes(p.id) && !/mixture[- ]of[- ]experts/i.test(paperText(p)));
    expect(silent.length).toBeGreaterThanOrEqual(4);
    for (const p of silent) expect(hits.scoreOf(p.id, leaf.key)).toBeGreaterThan(0.4);
  });

  it('like:<an MoE paper> ranks MoE papers above the rest, in hits and in similar()', async () => {
    const s = service();
    const liked = TOPIC_CORPUS.find((p) => p.id === MOE_IDS[1])!;
    const hits = await s.hits(TOPIC_CORPUS, [{ kind: 'like', key: likeKey(liked.id), text: liked.id }]);
    expect(hitIds(hits, likeKey(liked.id)).sort()).toEqual(MOE_IDS.filter((id) => id !== liked.id).sort());
    const near = await s.similar(liked, TOPIC_CORPUS, 6);
    expect(near.mode).toBe('embedding');
    expect(near.hits.slice(0, 4).map((h) => h.paper.id).sort()).toEqual(MOE_IDS.filter((id) => id !== liked.id).sort());
    expect(near.hits.map((h) => h.paper.id)).not.toContain(liked.id);
  });

  it('embeds each paper once per model, however many topics, calls and service instances need it', async () => {
    const kv = memoryKv();
    await service(kv).hits(TOPIC_CORPUS, [topic('sparse expert routing'), topic('graph community detection')]);
    await service(kv).hits(TOPIC_CORPUS, [topic('speculative decoding'), topic('sparse expert routing')]);
    const s = service(kv);
    await Promise.all([s.hits(TOPIC_CORPUS, [topic('diffusion')]), s.hits(TOPIC_CORPUS, [topic('diffusion'), topic('robots')])]);
    const inputs = emu.embeddedInputs();
    for (const p of TOPIC_CORPUS) expect(inputs.filter((i) => i === paperText(p))).toHaveLength(1);
    expect(inputs.filter((i) => i === 'sparse expert routing')).toHaveLength(1);
    expect(emu.embeddingRequests().every((r) => (r.body.input as string[]).length <= 4)).toBe(true);
  });

  it('counts embedding tokens in the usage ledger', async () => {
    const s = service(memoryKv(), memoryUsageCounters());
    await s.hits(TOPIC_CORPUS, [topic('sparse expert routing')]);
    const report = await s.usage();
    expect(report.today.promptTokens).toBe(emu.totals.promptTokens);
    expect(report.today.calls).toBe(emu.embeddingRequests().length);
  });

  it('counts every embedding call of several processes sharing one store (the store’s atomic counters)', async () => {
    const defaults = { size: 10, time: '08:00', timezone: 'UTC', language: 'en' as const, summaries: false, crosslists: true, replacements: false };
    const store = await openSqlRadarStore('memory://', { defaults });
    try {
      const config = loadConfig({ RADAR_EMBEDDING_MODEL: 'emu-embed-v1', RADAR_EMBEDDING_URL: emu.baseURL, OPENAI_API_KEY: 'sk-x', RADAR_EMBEDDING_BATCH: '1' });
      // two services on one store, as two processes on one database are; the store answers in 5 ms, so their
      // calls' accounting overlaps
      const slow = slowStore(store, 5);
      const [a, b] = [0, 1].map(() => createTopicServiceFromConfig({ config, store: slow, clock, logger: silentLogger() }));
      const half = Math.ceil(TOPIC_CORPUS.length / 2);
      await Promise.all([a!.hits(TOPIC_CORPUS.slice(0, half), [topic('sparse expert routing')]), b!.hits(TOPIC_CORPUS.slice(half), [topic('robots')])]);
      expect(emu.embeddingRequests().length).toBeGreaterThan(4);
      const report = await a!.usage();
      expect(report.today.promptTokens).toBe(emu.totals.promptTokens);
      expect(report.today.calls).toBe(emu.embeddingRequests().length);
      expect((await b!.usage()).today).toEqual(report.today);
    } finally {
      await store.close();
    }
  });

  const faults: [string, Fault][] = [
    ['HTTP 500', { kind: 'status', status: 500 }],
    ['HTTP 401', { kind: 'status', status: 401 }],
    ['HTTP 429', { kind: 'status', status: 429, retryAfterMs: 1 }],
    ['wrong dimensions', { kind: 'badVectors', problem: 'dimensions' }],
    ['NaN in a vector', { kind: 'badVectors', problem: 'nan' }],
  ];
  for (const [name, fault] of faults) {
    it(`${name} → lexical mode for the day with a note; nothing invalid is stored`, async () => {
      const kv = memoryKv();
      // a good day first: the model's dimensions are known (a server switching models is caught)
      await service(kv).hits(TOPIC_CORPUS.slice(0, 1), [topic('robots')]);
      const stored = kv.size();
      const s = service(kv, memoryUsageCounters(), 64);
      emu.fail(fault, 1);
      const leaf = topic('graph community detection');
      const hits = await s.hits(TOPIC_CORPUS, [leaf]);
      expect(hits.mode).toBe('lexical');
      expect(hits.note).toMatch(/^(llm_|embedding_)/);
      expect(hitIds(hits, leaf.key)).toEqual(['arxiv:2606.20003', 'arxiv:2606.20004'].filter((id) => hitIds(hits, leaf.key).includes(id)));
      expect(hitIds(hits, leaf.key).length).toBeGreaterThan(0);
      expect(kv.size()).toBe(stored); // nothing of the failed answer was kept
      // the rest of the day stays lexical, without asking the server again
      const before = emu.embeddingRequests().length;
      expect((await s.hits(TOPIC_CORPUS, [topic('speculative decoding')])).mode).toBe('lexical');
      expect(emu.embeddingRequests().length).toBe(before);
    });
  }
});
