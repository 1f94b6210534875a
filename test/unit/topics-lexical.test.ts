/**
 * Lexical mode (no embedding model) on a fixed real corpus: every recorded listing in test/fixtures
 * (arXiv RSS and API results, Hugging Face daily papers, a Nature feed: 178 records), taken as one
 * announcement day. For three topics a person picked the papers they would want (by reading titles and
 * abstracts); the topic service must rank at least 8 of them in its top 10 (P@10 ≥ 0.8; missing slots
 * count as misses). A topic for which the corpus holds fewer than 8 fitting papers cannot pass by
 * construction ("superfluid helium and interacting bosons" has 6: lexically all 6 rank first).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUsageLedger } from '../../src/briefing/usage-ledger.js';
import { createStoreUsageCounter } from '../../src/briefing/store-usage-counter.js';
import { memoryUsageCounters } from '../fakes/usage-counters.js';
import { silentLogger } from '../../src/logger.js';
import type { Paper } from '../../src/papers/paper.js';
import { topicKey } from '../../src/radar/topic-leaf.js';
import { parseArxivAtom } from '../../src/sources/arxiv-atom.js';
import { parseArxivRss } from '../../src/sources/arxiv-rss.js';
import { parseHfDailyPapers } from '../../src/sources/hf-papers.js';
import { parseJournalFeed } from '../../src/sources/journal-feed.js';
import { createTopicService } from '../../src/topics/topic-service.js';

const F = join(import.meta.dirname, '..', 'fixtures');
const read = (p: string) => readFileSync(join(F, p));

function corpus(): Paper[] {
  const papers: Paper[] = [
    ...parseArxivRss(read('arxiv-rss/rss2_new_format_2024-11-28_all_archives_trimmed.xml')).papers,
    ...['current_search_cat_cs.LG_OR_cs.AI_20_results.xml', 'current_search_all_testing_10_results.xml', 'legacy_search_au_del_maestro.xml'].flatMap(
      (f) => parseArxivAtom(read(`arxiv-api/${f}`)).papers,
    ),
    ...parseHfDailyPapers(read('huggingface/daily_papers_2026-06-12_30_items.json').toString('utf8'), '2026-06-12'),
    ...parseJournalFeed(read('journal-feeds/nature_current_rss1_rdf_2024-08-20.xml')).items,
  ];
  return papers.map((p) => ({ ...p, announced: '2026-06-15' }));
}

/** Topics and the papers a person would pick for them (ids without the `arxiv:` prefix). */
const JUDGED: { topic: string; relevant: string[] }[] = [
  {
    topic: 'automated software testing',
    relevant: ['2202.12139', '2405.13786', '2005.14124', '2204.08348', '2302.03287', '1202.4527', '2503.05378', '1205.1866', '2502.07719', '1812.11470'],
  },
  {
    topic: 'LLM agents that use tools and memory',
    relevant: ['2606.13594', '2606.13174', '2606.10423', '2606.07867', '2606.13572', '2606.13120', '2606.13681', '2606.09290', '2604.26904', '2606.12451', '2606.11662'],
  },
  {
    topic: 'multimodal vision-language models',
    relevant: ['2606.08063', '2606.13572', '2606.13289', '2606.06113', '2606.12303', '2606.11096', '2606.08788', '2606.09290', '2606.12575'],
  },
];

describe('lexical topic matching on the fixture corpus', () => {
  const papers = corpus();
  const clock = { now: () => new Date('2026-06-15T12:00:00Z') };
  const service = createTopicService({
    clock,
    logger: silentLogger(),
    usage: createUsageLedger(createStoreUsageCounter(memoryUsageCounters(), 'embedding'), clock, { dailyBudget: Number.MAX_SAFE_INTEGER, globalDailyCap: Number.MAX_SAFE_INTEGER }),
    dailyCap: 15,
    getPaper: async () => undefined,
  });

  it('reads the whole corpus', () => {
    expect(papers.length).toBeGreaterThanOrEqual(170);
  });

  for (const { topic, relevant } of JUDGED) {
    it(`topic:"${topic}" — P@10 ≥ 0.8`, async () => {
      const leaf = { kind: 'topic' as const, key: topicKey(topic), text: topic };
      const hits = await service.hits(papers, [leaf]);
      expect(hits.mode).toBe('lexical');
      const ranked = papers
        .filter((p) => hits.keysOf(p.id).includes(leaf.key))
        .sort((a, b) => hits.scoreOf(b.id, leaf.key)! - hits.scoreOf(a.id, leaf.key)!)
        .slice(0, 10)
        .map((p) => p.id.replace(/^arxiv:/, ''));
      const precision = ranked.filter((id) => relevant.includes(id)).length / 10;
      expect({ topic, ranked, precision }).toMatchObject({ precision: expect.any(Number) });
      expect(precision, `top 10: ${ranked.join(', ')}`).toBeGreaterThanOrEqual(0.8);
    });
  }
});
