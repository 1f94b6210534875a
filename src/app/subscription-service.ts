/** Subscriptions: validated by the query parser, stored, and kept in step with the live matcher. */
import { channelKey } from '../chat/ports.js';
import { capabilityOff, UserError } from '../errors.js';
import { topicTerms } from '../radar/query-ast.js';
import { checkArxivCategories } from '../radar/query-categories.js';
import { parseQuery } from '../radar/query-parser.js';
import type { Subscription, SubscriptionMatcher } from '../radar/subscription.js';
import type { TopicService } from '../topics/topic-service.js';
import type { RadarStore } from '../store/ports.js';
import type { SubscriptionService } from '../services.js';

/** A channel may hold this many subscriptions (a public bot must bound per-channel work). */
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 200;

export function createSubscriptionService(deps: {
  store: RadarStore;
  matcher: SubscriptionMatcher;
  /** Topic matching; without it `topic:` / `like:` queries are refused (capability off). */
  topics?: TopicService;
  /** Runs after every change, before the caller hears of it (match index, census, digest schedule). */
  onChange: (change: 'added' | 'removed', subscription: Subscription) => Promise<void>;
}): SubscriptionService {
  const { store, matcher } = deps;
  return {
    async add(channel, query, user) {
      const key = channelKey(channel);
      const text = query.trim();
      const parsed = parseQuery(text); // throws UserError pointing at the bad token; nothing is stored
      checkArxivCategories(parsed);
      const topics = topicTerms(parsed.root);
      if (topics.length > 0 && !deps.topics) throw capabilityOff('topics');
      for (const t of topics) {
        if (t.kind === 'like' && !(await store.papers.get(t.text))) throw new UserError('unknown_paper', 'like.unknown', { id: t.text });
      }
      const existing = await store.subscriptions.list(key);
      if (existing.length >= MAX_SUBSCRIPTIONS_PER_CHANNEL) {
        throw new UserError('too_many_subscriptions', 'sub.tooMany', { count: existing.length, limit: MAX_SUBSCRIPTIONS_PER_CHANNEL });
      }
      const same = existing.find((s) => s.query === text);
      if (same) throw new UserError('duplicate_subscription', 'sub.duplicate', { number: same.number, query: same.query });
      const sub = await store.subscriptions.add(key, text, user.id);
      matcher.add(sub);
      await deps.onChange('added', sub);
      return sub;
    },
    async remove(channel, number) {
      const key = channelKey(channel);
      const removed = await store.subscriptions.remove(key, number);
      if (!removed) {
        throw new UserError('unknown_subscription', 'sub.unknown', { number });
      }
      matcher.remove(removed.id);
      await deps.onChange('removed', removed);
      return removed;
    },
    list: (channel) => store.subscriptions.list(channelKey(channel)),
  };
}
