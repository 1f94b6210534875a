/**
 * In cluster mode a subscription added through one process's gateway is stored in PostgreSQL but sits only
 * in that process's matcher (and its census of categories and counts). Before digest work on a channel,
 * this brings the local view in step with the channel's stored subscriptions (one indexed read, which the
 * digest needs anyway); before an ingest run, with every stored subscription.
 */
import { channelKey } from '../chat/ports.js';
import type { Subscription, SubscriptionMatcher } from '../radar/subscription.js';
import type { DigestService } from '../services.js';
import type { SubscriptionStore } from '../store/ports.js';

type Sub = Pick<Subscription, 'id' | 'channelKey' | 'query'>;

export interface MatcherSync {
  /** Adds, replaces or drops the channel's subscriptions locally; true when anything changed. */
  channel(key: string): Promise<boolean>;
  /** The same for every channel (before an ingest run, which needs every subscribed category). */
  all(): Promise<void>;
}

export function createMatcherSync(deps: {
  subscriptions: Pick<SubscriptionStore, 'list' | 'listAll'>;
  matcher: SubscriptionMatcher;
  /** What the matcher holds now (from the start-up load). */
  loaded: Iterable<Sub>;
  /** Keeps the rest of the local view (census, match index) in step. */
  onChange: (change: 'added' | 'removed', sub: Sub) => void;
}): MatcherSync {
  const known = new Map<string, Map<string, Sub>>();
  for (const s of deps.loaded) mapOf(s.channelKey).set(s.id, s);

  function mapOf(key: string): Map<string, Sub> {
    let m = known.get(key);
    if (!m) known.set(key, (m = new Map()));
    return m;
  }

  function reconcile(key: string, stored: readonly Sub[]): boolean {
    const mine = mapOf(key);
    let changed = false;
    for (const [id, old] of [...mine]) {
      if (stored.some((s) => s.id === id && s.query === old.query)) continue;
      deps.matcher.remove(id);
      mine.delete(id);
      deps.onChange('removed', old);
      changed = true;
    }
    for (const s of stored) {
      if (mine.has(s.id)) continue;
      mine.set(s.id, s);
      try {
        deps.matcher.add(s);
      } catch {
        // A stored query that no longer parses matches nothing (start-up logs it; /radar list shows it).
      }
      deps.onChange('added', s);
      changed = true;
    }
    return changed;
  }

  return {
    async channel(key) {
      return reconcile(key, await deps.subscriptions.list(key));
    },
    async all() {
      const byChannel = new Map<string, Sub[]>();
      for (const s of await deps.subscriptions.listAll()) (byChannel.get(s.channelKey) ?? byChannel.set(s.channelKey, []).get(s.channelKey)!).push(s);
      for (const key of new Set([...known.keys(), ...byChannel.keys()])) reconcile(key, byChannel.get(key) ?? []);
    },
  };
}

/** The digest service with the local matcher synced for the channel before each operation. */
export function withMatcherSync<T extends DigestService>(digests: T, sync: MatcherSync): T {
  return {
    ...digests,
    digestNow: async (channel, deliver) => (await sync.channel(channelKey(channel)), digests.digestNow(channel, deliver)),
    more: async (channel, deliver) => (await sync.channel(channelKey(channel)), digests.more(channel, deliver)),
    runScheduled: async (channel, firedAt) => (await sync.channel(channelKey(channel)), digests.runScheduled(channel, firedAt)),
  };
}
