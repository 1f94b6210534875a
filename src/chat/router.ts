/** The outbound side of the chat ports as the core uses it: route a message to the channel's adapter. */
import type { ChannelRef, PostedMessage, ThreadRef } from './ports.js';
import type { OutboundMessage } from './message.js';

/** Sends a message somewhere; digests are delivered through one of these and recorded only on success. */
export type Deliver = (message: OutboundMessage) => Promise<PostedMessage[]>;

/** Routes outbound messages to the adapter of the channel's platform. */
export interface ChatRouter {
  post(channel: ChannelRef, message: OutboundMessage): Promise<PostedMessage[]>;
  reply(thread: ThreadRef, message: OutboundMessage): Promise<PostedMessage[]>;
}

