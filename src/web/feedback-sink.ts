/**
 * Where the page's 👍/👎 go: the channel's feedback, one vote per (channel, paper, voter), the latest
 * replacing earlier ones. The port is small on purpose so the preference model's own votes store can
 * implement it; the KeyValueStore version below keeps votes until then.
 */
import type { KeyValueStore } from '../store/ports.js';
import { KeyLock } from '../store/key-lock.js';

export interface Vote {
  readonly channelKey: string;
  /** Versionless paper id (`arxiv:2606.04101`). */
  readonly paperId: string;
  /** Who voted: the platform user the signed link was given to (`web:` + user id). */
  readonly voter: string;
  readonly value: 1 | -1;
  readonly at: string;
}

export interface FeedbackSink {
  record(vote: Vote): Promise<void>;
  /** The votes on these papers in one channel (one per voter and paper): one read for a whole page. */
  votesOn(channelKey: string, paperIds: readonly string[]): Promise<Vote[]>;
}

type VoteMap = Record<string, Vote>;

/** Votes kept under `<channel>|<paper>` in a namespaced key-value store (e.g. `store.namespace('votes')`). */
export function createKeyValueFeedbackSink(kv: KeyValueStore): FeedbackSink {
  const keyOf = (channelKey: string, paperId: string) => `${channelKey}|${paperId}`;
  const lock = new KeyLock(); // read-modify-write of one key, serialised within this process
  return {
    record(vote) {
      const key = keyOf(vote.channelKey, vote.paperId);
      return lock.run(key, async () => {
        const votes = (await kv.get<VoteMap>(key)) ?? {};
        await kv.set<VoteMap>(key, { ...votes, [vote.voter]: vote });
      });
    },
    async votesOn(channelKey, paperIds) {
      const maps = await Promise.all(paperIds.map((id) => kv.get<VoteMap>(keyOf(channelKey, id))));
      return maps.flatMap((votes) => Object.values(votes ?? {}));
    },
  };
}
