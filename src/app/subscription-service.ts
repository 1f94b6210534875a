/** Subscriptions: validated by the query parser, stored, and kept in step with the live matcher. */
import { channelKey } from '../chat/ports.js';
import { capabilityOff, ImportRejected, UserError, type ImportProblem } from '../errors.js';
import { topicTerms } from '../radar/query-ast.js';
import { checkArxivCategories } from '../radar/query-categories.js';
import { parseQuery } from '../radar/query-parser.js';
import type { Subscription, SubscriptionMatcher } from '../radar/subscription.js';
import { subscriptionKeyOf } from '../radar/subscription-key.js';
import type { TopicService } from '../topics/topic-service.js';
import type { RadarStore } from '../store/ports.js';
import type { SubscriptionService } from '../services.js';

/** A channel may hold this many subscriptions (a public bot must bound per-channel work). */
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 200;

/** Queries one `/radar import` may carry (the channel's limit: more could never be stored). */
export const MAX_IMPORT = MAX_SUBSCRIPTIONS_PER_CHANNEL;

export function createSubscriptionService(deps: {
  store: RadarStore;
  matcher: SubscriptionMatcher;
  /** Topic matching; without it `topic:` / `like:` queries are refused (capability off). */
  topics?: TopicService;
  /** Runs after every change, before the caller hears of it (match index, census, digest schedule). */
  onChange: (change: 'added' | 'removed', subscription: Subscription) => Promise<void>;
}): SubscriptionService {
  const { store, matcher } = deps;

  /** Parses and checks a query (categories, topic capability, papers a `like:` names): UserError if refused. */
  async function validate(text: string): Promise<void> {
    const parsed = parseQuery(text);
    checkArxivCategories(parsed);
    const topics = topicTerms(parsed.root);
    if (topics.length > 0 && !deps.topics) throw capabilityOff('topics');
    for (const t of topics) {
      if (t.kind === 'like' && !(await store.papers.get(t.text))) throw new UserError('unknown_paper', 'like.unknown', { id: t.text });
    }
  }

  /** Every query validated; ImportRejected lists each refused one (a failing store is thrown as it is). */
  async function validateAll(texts: readonly string[]): Promise<void> {
    const problems: ImportProblem[] = [];
    for (const [i, text] of texts.entries()) {
      try {
        await validate(text);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        problems.push({ position: i + 1, query: text, error: err });
      }
    }
    if (problems.length > 0) throw new ImportRejected(problems);
  }

  /** Stored subscriptions join the matcher, then the rest of the local view hears of them. */
  async function added(subs: readonly Subscription[]): Promise<void> {
    for (const sub of subs) matcher.add(sub);
    for (const sub of subs) await deps.onChange('added', sub);
  }

  return {
    async add(channel, query, user) {
      const key = channelKey(channel);
      const text = query.trim();
      await validate(text); // throws UserError pointing at the bad token; nothing is stored
      // the duplicate and the limit are decided inside the store's transaction: two adds at once cannot
      // both pass them
      const { added: [sub], before, existing: [same] } = await store.subscriptions.addMany(key, [text], { createdBy: user.id, limit: MAX_SUBSCRIPTIONS_PER_CHANNEL });
      if (same) throw new UserError('duplicate_subscription', 'sub.duplicate', { number: same.number, query: same.query });
      if (!sub) throw new UserError('too_many_subscriptions', 'sub.tooMany', { count: before, limit: MAX_SUBSCRIPTIONS_PER_CHANNEL });
      await added([sub]);
      return sub;
    },
    async addMany(channel, queries, user) {
      const key = channelKey(channel);
      const texts = queries.map((q) => q.trim()).filter((q) => q.length > 0);
      if (texts.length === 0) throw new UserError('command_syntax', 'import.empty');
      if (texts.length > MAX_IMPORT) throw new UserError('import_too_long', 'import.tooLong', { count: texts.length, limit: MAX_IMPORT });
      await validateAll(texts);
      const { added: subs, before, existing } = await store.subscriptions.addMany(key, texts, { createdBy: user.id, limit: MAX_SUBSCRIPTIONS_PER_CHANNEL });
      const skipped = skippedQueries(texts, existing);
      const adding = texts.length - skipped.length;
      if (adding > 0 && subs.length === 0) {
        throw new UserError('too_many_subscriptions', 'import.tooMany', { adding, count: before, limit: MAX_SUBSCRIPTIONS_PER_CHANNEL });
      }
      await added(subs);
      return { added: subs, skipped };
    },
    async replace(channel, number, query) {
      const key = channelKey(channel);
      const text = query.trim();
      await validate(text);
      const changed = await store.subscriptions.replace(key, number, text);
      if (!changed) throw new UserError('unknown_subscription', 'sub.unknown', { number });
      if ('duplicateOf' in changed) {
        const same = changed.duplicateOf;
        throw new UserError('duplicate_subscription', 'sub.duplicate', { number: same.number, query: same.query });
      }
      if (changed.before.query === changed.after.query) return changed;
      matcher.remove(changed.before.id);
      await deps.onChange('removed', changed.before);
      await added([changed.after]);
      return changed;
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

/** The queries of an import not added: ones the channel had (with its number) and repeats within it. */
function skippedQueries(texts: readonly string[], existing: readonly Subscription[]): { query: string; number?: number }[] {
  const numberOf = new Map(existing.map((s) => [subscriptionKeyOf(s.query), s.number]));
  const seen = new Set<string>();
  const skipped: { query: string; number?: number }[] = [];
  for (const text of texts) {
    const key = subscriptionKeyOf(text);
    const number = numberOf.get(key);
    if (number !== undefined) skipped.push({ query: text, number });
    else if (seen.has(key)) skipped.push({ query: text });
    seen.add(key);
  }
  return skipped;
}
