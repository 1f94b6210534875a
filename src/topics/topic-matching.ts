/**
 * Topic leaves in the matching pipeline (digests, search, preview): which leaves the subscriptions use,
 * the scores and mode put on topic reasons after the matcher ran, and the per-subscription daily cap —
 * a subscription whose match involves a topic leaf brings at most `cap` papers per announcement day (its
 * best-scoring ones), so one vague topic cannot flood a digest.
 */
import type { Paper } from '../papers/paper.js';
import { topicTerms } from '../radar/query-ast.js';
import { parseQuery } from '../radar/query-parser.js';
import type { MatchReason, Subscription, SubscriptionMatch } from '../radar/subscription.js';
import type { ChannelHit } from '../digest/match-cache.js';
import { likeKey, topicKey, type TopicHits, type TopicLeaf } from '../radar/topic-leaf.js';

const MAY_HAVE_TOPIC = /\b(topic|like):/i;

/** The topic leaves of some query lines, each once (lines that do not parse are skipped). */
export function topicLeavesOf(queries: readonly string[]): TopicLeaf[] {
  const out = new Map<string, TopicLeaf>();
  for (const q of queries) {
    if (!MAY_HAVE_TOPIC.test(q)) continue;
    try {
      for (const t of topicTerms(parseQuery(q).root)) out.set(t.key, { kind: t.kind, key: t.key, text: t.text });
    } catch {
      // a stored line that no longer parses matches nothing (the matcher skipped it too)
    }
  }
  return [...out.values()];
}

export const topicLeavesOfSubscriptions = (subs: readonly Subscription[]): TopicLeaf[] => topicLeavesOf(subs.map((s) => s.query));

const isTopicReason = (r: MatchReason): boolean => r.field === 'topic' || r.field === 'like';

/** The reasons with each topic reason's score and mode filled in from `hits`. */
export function scoreTopicReasons(reasons: readonly MatchReason[], paperId: string, hits: TopicHits | undefined): readonly MatchReason[] {
  if (!hits || !reasons.some(isTopicReason)) return reasons;
  return reasons.map((r) => {
    if (!isTopicReason(r)) return r;
    const key = r.field === 'topic' ? topicKey(r.term) : likeKey(r.term);
    const score = hits.scoreOf(paperId, key);
    return { ...r, mode: hits.mode, ...(score !== undefined ? { score } : {}) };
  });
}

const dayOf = (p: Paper): string => p.announced ?? p.published?.slice(0, 10) ?? p.updated?.slice(0, 10) ?? 'unknown';

export interface PaperMatches {
  readonly paper: Paper;
  readonly matches: readonly SubscriptionMatch[];
}

/**
 * Applies the daily cap: for every subscription whose match carries a topic reason, only its `cap` best
 * papers of each day (by their best topic score, then paper id) keep that match. Papers left with no match
 * are dropped. Reasons must already be scored (scoreTopicReasons).
 */
export function capTopicMatches(items: readonly PaperMatches[], cap: number): PaperMatches[] {
  const groups = new Map<string, { index: number; score: number; id: string }[]>();
  items.forEach((item, index) => {
    for (const m of item.matches) {
      const topic = m.reasons.filter(isTopicReason);
      if (topic.length === 0) continue;
      const key = `${m.subscriptionId}\u0000${dayOf(item.paper)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push({ index, score: Math.max(...topic.map((r) => r.score ?? 0)), id: item.paper.id });
    }
  });
  const dropped = new Set<string>();
  for (const [key, g] of groups) {
    if (g.length <= cap) continue;
    const sub = key.slice(0, key.indexOf('\u0000'));
    g.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    for (const x of g.slice(cap)) dropped.add(`${x.index}\u0000${sub}`);
  }
  if (dropped.size === 0) return [...items];
  return items
    .map((item, index) => ({ paper: item.paper, matches: item.matches.filter((m) => !dropped.has(`${index}\u0000${m.subscriptionId}`)) }))
    .filter((item) => item.matches.length > 0);
}

/**
 * The daily cap on one channel's hits (the match index merges a paper's matches per channel): each topic
 * subscription keeps its `cap` best papers of each day, scored by its own leaves; a paper no subscription
 * keeps is dropped, and topic reasons of the subscriptions that dropped it go with it. Topic reasons are
 * scored from `hits`.
 */
export function capChannelHits(channelHits: readonly ChannelHit[], subs: readonly Subscription[], hits: TopicHits, cap: number): ChannelHit[] {
  const leavesOf = new Map(subs.map((s) => [s.id, topicLeavesOf([s.query]).map((l) => l.key)]));
  const best = (paperId: string, keys: readonly string[]) => Math.max(-Infinity, ...keys.map((k) => hits.scoreOf(paperId, k) ?? -Infinity));
  const dropped = new Set<string>();
  const groups = new Map<string, ChannelHit[]>();
  for (const h of channelHits) {
    for (const id of h.subscriptionIds) {
      if ((leavesOf.get(id) ?? []).length === 0) continue;
      const key = `${id}\u0000${dayOf(h.paper)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(h);
    }
  }
  for (const [key, g] of groups) {
    if (g.length <= cap) continue;
    const id = key.slice(0, key.indexOf('\u0000'));
    const keys = leavesOf.get(id)!;
    g.sort((a, b) => best(b.paper.id, keys) - best(a.paper.id, keys) || (a.paper.id < b.paper.id ? -1 : 1));
    for (const h of g.slice(cap)) dropped.add(`${id}\u0000${h.paper.id}`);
  }
  const out: ChannelHit[] = [];
  for (const h of channelHits) {
    const kept = h.subscriptionIds.filter((id) => !dropped.has(`${id}\u0000${h.paper.id}`));
    if (kept.length === 0) continue;
    const keptKeys = new Set(kept.flatMap((id) => leavesOf.get(id) ?? []));
    const reasons = h.reasons.filter((r) => !isTopicReason(r) || keptKeys.has(r.field === 'topic' ? topicKey(r.term) : likeKey(r.term)));
    out.push({ paper: h.paper, subscriptionIds: kept, reasons: scoreTopicReasons(reasons, h.paper.id, hits) });
  }
  return out;
}
