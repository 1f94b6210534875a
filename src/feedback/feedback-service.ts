/**
 * The feedback capability: 👍/👎 on cards (buttons, reactions, `/like`, the web page) become per-channel
 * votes; the votes become the channel's `Preference`, which the one ranking (src/radar/rank.ts) applies to
 * its next digests. Votes are checked at this edge: the paper must be known and must have been posted to
 * the channel the vote comes from — a card of another channel or an unknown card is refused (UserError).
 */
import type { Clock } from '../clock.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Preference } from '../radar/rank.js';
import type { SubscriptionMatcher } from '../radar/subscription.js';
import { threadKeyOf, type KeyValueStore, type RadarStore } from '../store/ports.js';
import { paperFeatures, subscriptionNumberOf } from './features.js';
import { FeatureCache, preferenceFromVotes } from './preference.js';
import type { PutOutcome, Vote, VoteValue } from './vote-store.js';

export interface VoteResult {
  readonly outcome: PutOutcome;
  readonly paperId: string;
  readonly title: string;
}

/** Which paper a message is about, for reactions: one card, several (ambiguous), or not one of ours. */
export type MessagePaper = { readonly paperId: string } | { readonly ambiguous: number } | undefined;

export interface FeedbackSummary {
  readonly learning: boolean;
  readonly liked: readonly { feature: string; weight: number }[];
  readonly disliked: readonly { feature: string; weight: number }[];
  readonly total: { readonly up: number; readonly down: number };
  readonly thisWeek: { readonly up: number; readonly down: number };
}

export interface FeedbackService {
  /**
   * Records a voter's 👍 (+1) or 👎 (-1) on a paper posted to the channel; a later vote replaces theirs.
   * `shownToChannel`: the paper was shown to the channel another way (its web page lists every match,
   * posted or not), so it need not be in the channel's delivery ledger.
   */
  vote(channelKey: string, paperId: string, voterId: string, value: VoteValue, options?: { shownToChannel?: boolean }): Promise<VoteResult>;
  /** Takes a vote back (a removed reaction); only a vote of `value` when given. */
  retract(channelKey: string, paperId: string, voterId: string, value?: VoteValue): Promise<boolean>;
  /** The channel's votes, oldest first. */
  votes(channelKey: string): Promise<Vote[]>;
  /** The channel's votes on these papers (a page of cards). */
  votesOn(channelKey: string, paperIds: readonly string[]): Promise<Vote[]>;
  /** Deletes the channel's votes (what it taught the radar); resolves to how many there were. */
  forget(channelKey: string): Promise<number>;
  /** The paper a reaction on `messageId` votes on: its one card, how many when it carries several, or none. */
  paperOfMessage(channelKey: string, messageId: string): Promise<MessagePaper>;
  /** The channel's learned preference; undefined (the unlearned ranking) with no votes or learning off. */
  preferenceFor(channelKey: string): Promise<Preference | undefined>;
  summary(channelKey: string, limit?: number): Promise<FeedbackSummary>;
}

export interface FeedbackServiceDeps {
  /** The votes are the store's (`store.votes`). */
  readonly store: RadarStore;
  readonly matcher: SubscriptionMatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where the message → card maps of messages posted before the ledger named them live (default: the store's `feedback` namespace). */
  readonly messages?: KeyValueStore;
}

const WEEK_MS = 7 * 86_400_000;

export function createFeedbackService(deps: FeedbackServiceDeps): FeedbackService {
  const { store, matcher, clock } = deps;
  const votes = store.votes;
  const messages = deps.messages ?? store.namespace('feedback');
  const cache = new FeatureCache();
  const msgKey = (channelKey: string, messageId: string): string => `msg:${channelKey}:${messageId}`;

  return {
    async vote(channelKey, paperId, voterId, value, options) {
      if (value !== 1 && value !== -1) throw new UserError('vote_invalid', 'feedback.invalidVote');
      const paper = await store.papers.get(paperId);
      if (!paper) throw new UserError('vote_unknown_card', 'feedback.unknownCard');
      if (!options?.shownToChannel && !(await store.ledger.has(channelKey, paper.id))) throw new UserError('vote_other_channel', 'feedback.otherChannel');
      const mine = matcher.match(paper).filter((m) => m.subscriptionId.startsWith(`${channelKey}#`));
      const numbers = mine.map((m) => subscriptionNumberOf(m.subscriptionId)).filter((n): n is number => n !== undefined);
      const features = Object.fromEntries(paperFeatures(paper, numbers));
      const outcome = await votes.put(channelKey, { paperId: paper.id, voterId, value, at: clock.now().toISOString(), features });
      deps.logger.info({ channel: channelKey, paper: paper.id, value, outcome }, 'vote');
      return { outcome, paperId: paper.id, title: paper.title };
    },

    retract: (channelKey, paperId, voterId, value) => votes.remove(channelKey, paperId, voterId, value),
    votes: (channelKey) => votes.list(channelKey),
    votesOn: (channelKey, paperIds) => votes.on(channelKey, paperIds),
    forget: (channelKey) => votes.forget(channelKey),

    async paperOfMessage(channelKey, messageId) {
      // the ledger names the message of each paper, recorded with the digest's part in one transaction (also
      // when a crash left the digest to be finished by another process or a restart)
      const recorded = await store.ledger.papersOfMessage(channelKey, messageId);
      // messages posted before the ledger named them: their map entries, until they expire
      const ids = recorded.length > 0 ? recorded : ((await messages.get<string[]>(msgKey(channelKey, messageId))) ?? []);
      if (ids.length === 1) return { paperId: ids[0]! };
      if (ids.length > 1) return { ambiguous: ids.length };
      // A Discuss message: its thread (Discord: same id as the message; Slack: its ts) is bound to the paper.
      const paperId = await store.threads.paperOf(threadKeyOf(channelKey, messageId));
      return paperId ? { paperId } : undefined;
    },

    async preferenceFor(channelKey) {
      const settings = await store.channels.getSettings(channelKey);
      if (settings.learning === false) return undefined;
      return preferenceFromVotes(await votes.list(channelKey), cache, channelKey);
    },

    async summary(channelKey, limit = 8) {
      const settings = await store.channels.getSettings(channelKey);
      const all = await votes.list(channelKey);
      const model = preferenceFromVotes(all, cache, channelKey)?.model;
      // A feature every voted paper has (the channel's one category, its only subscription) tells nothing.
      const papers = [...new Map(all.map((v) => [v.paperId, v.features])).values()];
      const everywhere = (f: string): boolean => papers.length > 1 && papers.every((x) => f in x);
      const strongest = (sign: 1 | -1) => (model?.strongest(sign, limit + 10) ?? []).filter((x) => !everywhere(x.feature)).slice(0, limit);
      const since = clock.now().getTime() - WEEK_MS;
      const count = (vs: readonly Vote[]) => ({ up: vs.filter((v) => v.value > 0).length, down: vs.filter((v) => v.value < 0).length });
      return {
        learning: settings.learning !== false,
        liked: strongest(1),
        disliked: strongest(-1),
        total: count(all),
        thisWeek: count(all.filter((v) => Date.parse(v.at) >= since)),
      };
    },
  };
}
