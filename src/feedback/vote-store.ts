/**
 * The votes port: one vote per (channel, paper, voter), a later vote replacing the earlier one. Votes
 * carry the paper's features as the channel saw them when the vote was cast, so the model never needs
 * the paper again (papers age out of the window; subscriptions change).
 */
import type { KeyValueStore } from '../store/ports.js';
import { KeyLock } from '../store/key-lock.js';

export type VoteValue = 1 | -1;

export interface Vote {
  readonly paperId: string;
  readonly voterId: string;
  readonly value: VoteValue;
  /** ISO instant of the (latest) vote. */
  readonly at: string;
  /** The paper's features (src/feedback/features.ts) at voting time. */
  readonly features: Readonly<Record<string, number>>;
}

/** What a `put` did: a first vote, a switched vote (👍→👎), or the same vote again (counted once). */
export type PutOutcome = 'added' | 'changed' | 'unchanged';

export interface VoteStore {
  /** Records `vote`, replacing the voter's earlier vote on that paper in that channel. */
  put(channelKey: string, vote: Vote): Promise<PutOutcome>;
  /** Removes the voter's vote on the paper (only if it has `value`, when given); true when one was removed. */
  remove(channelKey: string, paperId: string, voterId: string, value?: VoteValue): Promise<boolean>;
  /** The channel's votes, oldest first. */
  list(channelKey: string): Promise<Vote[]>;
  /** Deletes every vote of the channel; resolves to how many there were. */
  forget(channelKey: string): Promise<number>;
}

/** Votes kept per channel; the oldest go first beyond this (a team never reaches it in years). */
export const MAX_VOTES_PER_CHANNEL = 5000;

/**
 * VoteStore over a namespaced key-value store: one entry per channel holding its votes. Writes are
 * serialised per channel inside the process (the key-value port has no compare-and-set).
 */
export function createKeyValueVoteStore(kv: KeyValueStore): VoteStore {
  const lock = new KeyLock();
  const keyOf = (channelKey: string): string => `votes:${channelKey}`;
  const read = async (channelKey: string): Promise<Vote[]> => (await kv.get<Vote[]>(keyOf(channelKey))) ?? [];
  const same = (a: Vote, paperId: string, voterId: string): boolean => a.paperId === paperId && a.voterId === voterId;

  return {
    put: (channelKey, vote) =>
      lock.run(channelKey, async () => {
        const votes = await read(channelKey);
        const old = votes.find((v) => same(v, vote.paperId, vote.voterId));
        if (old?.value === vote.value) return 'unchanged';
        const next = [...votes.filter((v) => v !== old), vote].slice(-MAX_VOTES_PER_CHANNEL);
        await kv.set(keyOf(channelKey), next);
        return old ? 'changed' : 'added';
      }),
    remove: (channelKey, paperId, voterId, value) =>
      lock.run(channelKey, async () => {
        const votes = await read(channelKey);
        const old = votes.find((v) => same(v, paperId, voterId) && (value === undefined || v.value === value));
        if (!old) return false;
        await kv.set(keyOf(channelKey), votes.filter((v) => v !== old));
        return true;
      }),
    list: (channelKey) => read(channelKey),
    forget: (channelKey) =>
      lock.run(channelKey, async () => {
        const n = (await read(channelKey)).length;
        await kv.delete(keyOf(channelKey));
        return n;
      }),
  };
}
