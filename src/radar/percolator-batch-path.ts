/**
 * The percolator's batch path as its matcher methods: `matchSteps` runs BatchMatcher passes step by step,
 * `matchMany` runs them to the end at once. A BatchMatcher holds one pass's scratch, so passes suspended side by
 * side (two windows being indexed) each take their own from a small pool.
 */
import type { Paper } from '../papers/paper.js';
import { BatchMatcher, drain, type BatchIndex } from './percolator-batch.js';
import { matchTableOf, type MatchTable, type SubscriptionMatcher } from './subscription.js';
import type { TopicHits } from './topic-leaf.js';

/** `matchSteps` and `matchMany` over an index; passes suspended side by side each get their own scratch. */
export function createBatchPath(index: BatchIndex): Pick<SubscriptionMatcher, 'matchSteps' | 'matchMany'> {
  const idle: BatchMatcher[] = [];
  function* matchSteps(papers: readonly Paper[], topics?: TopicHits): Generator<void, MatchTable, void> {
    if (index.empty) return matchTableOf(papers.map(() => []));
    const batch = idle.pop() ?? new BatchMatcher(index);
    const table = yield* batch.steps(papers, topics);
    idle.push(batch);
    return table;
  }
  const matchMany = (papers: readonly Paper[], topics?: TopicHits): MatchTable => drain(matchSteps(papers, topics));
  return { matchSteps, matchMany };
}
