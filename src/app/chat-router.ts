/** Routes outbound messages to the adapter of the channel's platform. */
import type { ChatAdapter } from '../chat/ports.js';
import { defuseMentions, type OutboundMessage } from '../chat/message.js';
import { DeliveryError } from '../errors.js';
import type { ChatRouter } from '../services.js';

/** Mass mentions never leave the core, whatever a paper or a model wrote. */
export function sanitizeOutbound(message: OutboundMessage): OutboundMessage {
  return {
    ...message,
    text: defuseMentions(message.text),
    cards: message.cards?.map((c) => ({
      ...c,
      title: defuseMentions(c.title),
      summary: defuseMentions(c.summary),
      authors: defuseMentions(c.authors),
      tldr: c.tldr === undefined ? undefined : defuseMentions(c.tldr),
      note: c.note === undefined ? undefined : defuseMentions(c.note),
    })),
  };
}

export function createChatRouter(adapters: () => readonly ChatAdapter[]): ChatRouter {
  const find = (platform: string) => {
    const adapter = adapters().find((a) => a.platform === platform);
    if (!adapter) throw new DeliveryError('no_adapter', `No ${platform} adapter is running`, true);
    return adapter;
  };
  return {
    post: (channel, message) => find(channel.platform).post(channel, sanitizeOutbound(message)),
    reply: (thread, message) => find(thread.channel.platform).reply(thread, sanitizeOutbound(message)),
  };
}
