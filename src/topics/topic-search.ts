/** Topic hits for an ad-hoc query (`/radar search`, `/radar preview`): the query's own leaves over `papers`. */
import { capabilityOff } from '../errors.js';
import type { Paper } from '../papers/paper.js';
import type { TopicSearch } from '../radar/search.js';
import type { TopicService } from './topic-service.js';
import { topicLeavesOf } from './topic-matching.js';

/**
 * Undefined when the query has no topic leaves; throws `capabilityOff('topics')` when it has some and the
 * capability is off (and lets a malformed query through: the search reports the parser's error).
 */
export async function topicSearchFor(topics: TopicService | undefined, papers: readonly Paper[], query: string): Promise<TopicSearch | undefined> {
  const leaves = topicLeavesOf([query]);
  if (leaves.length === 0) return undefined;
  if (!topics) throw capabilityOff('topics');
  return { hits: await topics.hits(papers, leaves), dailyCap: topics.dailyCap };
}
