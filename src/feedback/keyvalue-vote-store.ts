/** The VoteStore over the store's namespaced key-value port (used when the store has no votes table). */
import type { KeyValueStore } from '../store/ports.js';
import { KeyLock } from '../store/key-lock.js';
import type { Vote, VoteStore } from './vote-store.js';

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
