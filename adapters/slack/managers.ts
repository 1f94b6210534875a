/**
 * Who may manage a channel's radar on Slack (subscriptions, settings, feed URLs). With no
 * `RADAR_SLACK_MANAGERS`, only workspace admins/owners and the channel's creator; an explicit list names
 * the managers; `*` opens management to every member. Guests (single- and multi-channel) never manage.
 * Facts come from `users.info` and `conversations.info`, cached for a few minutes; when Slack cannot
 * answer, the answer is "no" (safe), logged.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

type WebClient = InstanceType<typeof webApi.WebClient>;

export interface ManagerPolicy {
  /** True when the management is open to every member (`*`): worth a warning at start. */
  readonly openToEveryone: boolean;
  canManage(userId: string, channelId: string): Promise<boolean>;
}

interface UserFacts {
  readonly admin: boolean;
  readonly guest: boolean;
}

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 5_000;

/** A small TTL cache with a size bound (oldest entries go first). */
class TtlCache<T> {
  private readonly map = new Map<string, { value: Promise<T>; until: number }>();
  constructor(private readonly now: () => number) {}
  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.map.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    const value = load();
    this.map.delete(key);
    this.map.set(key, { value, until: this.now() + TTL_MS });
    // a failed lookup is not remembered
    value.catch(() => this.map.get(key)?.value === value && this.map.delete(key));
    while (this.map.size > MAX_ENTRIES) this.map.delete(this.map.keys().next().value!);
    return value;
  }
}

export function createManagerPolicy(options: { client: WebClient; managers: readonly string[]; logger: Logger; now?: () => number }): ManagerPolicy {
  const { client, logger } = options;
  const now = options.now ?? Date.now;
  const listed = new Set(options.managers.filter((m) => m !== '*'));
  const open = options.managers.includes('*');
  const users = new TtlCache<UserFacts>(now);
  const creators = new TtlCache<string | undefined>(now);

  const userFacts = (userId: string): Promise<UserFacts> =>
    users.get(userId, async () => {
      const res = await client.users.info({ user: userId });
      const u = res.user;
      return { admin: !!(u?.is_admin || u?.is_owner || u?.is_primary_owner), guest: !!(u?.is_restricted || u?.is_ultra_restricted) };
    });
  const creatorOf = (channelId: string): Promise<string | undefined> =>
    creators.get(channelId, async () => (await client.conversations.info({ channel: channelId })).channel?.creator);

  return {
    openToEveryone: open,
    async canManage(userId, channelId) {
      try {
        const facts = await userFacts(userId);
        if (facts.guest) return false;
        if (open) return true;
        if (listed.size > 0) return listed.has(userId);
        if (facts.admin) return true;
        return (await creatorOf(channelId)) === userId;
      } catch (err) {
        logger.warn({ err, user: userId, channel: channelId }, 'Slack: cannot tell whether the user may manage; refusing');
        return false;
      }
    },
  };
}
