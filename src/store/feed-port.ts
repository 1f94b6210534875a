/** The journal feeds port: which feeds each channel reads (`/radar source add`), a row per channel and feed. */

/** A journal feed a channel reads (`/radar source add`). */
export interface ChannelFeed {
  /** The feed URL (catalogue or user-supplied). */
  readonly url: string;
  /** The journal name: the card's source label. */
  readonly name: string;
  /** Catalogue short name, when added by name. */
  readonly key?: string;
  readonly addedAt: string;
  readonly addedBy?: string;
}

/** The journal feeds of every channel: a row per channel and feed URL. */
export interface ChannelFeedStore {
  /** The channel's feeds, in the order they were added (a replaced one counts as added last). */
  list(channelKey: string): Promise<ChannelFeed[]>;
  /**
   * Adds `feed`, replacing the channel's feed of the same URL, unless the channel would then hold more than
   * `limit` feeds — decided inside the transaction, so concurrent adds cannot pass it together. Resolves to
   * the channel's feeds, or undefined when refused.
   */
  add(channelKey: string, feed: ChannelFeed, limit: number): Promise<ChannelFeed[] | undefined>;
  /** Removes the channel's feed of this URL; true when there was one. */
  remove(channelKey: string, url: string): Promise<boolean>;
  /** Every channel's feeds (channels without feeds are absent). */
  all(): Promise<Map<string, ChannelFeed[]>>;
}
