/**
 * Responders: how the core answers one Slack interaction. Slash commands and button presses carry a
 * `response_url` (5 uses in 30 minutes): ephemeral answers and short in-channel answers go there. Cards and
 * multi-part answers go through chat.postMessage, which has no use limit and returns the message `ts`.
 * Thread messages have no response_url: replies are chat.postMessage with `thread_ts`.
 */
import type { RespondFn, webApi } from '@slack/bolt';
import type { OutboundMessage } from '../../src/chat/message.js';
import type { ChannelRef, PostedMessage, Responder, ThreadRef, UserRef } from '../../src/chat/ports.js';
import { postEphemeralPayloads, postPayloads, toDeliveryError } from './delivery.js';
import { renderMessage, type SlackPayload } from './render.js';

type WebClient = InstanceType<typeof webApi.WebClient>;

export interface SlackResponderContext {
  readonly client: WebClient;
  readonly channel: ChannelRef;
  readonly user: UserRef;
  /** Present for slash commands and block actions. */
  readonly respond?: RespondFn;
  /** Set when the interaction happened inside a thread: answers stay in it. */
  readonly threadTs?: string;
}

export class SlackResponder implements Responder {
  private progressShown = false;
  private responseUrlUses = 0;

  constructor(private readonly ctx: SlackResponderContext) {}

  async reply(message: OutboundMessage): Promise<PostedMessage[]> {
    const payloads = renderMessage(message);
    const { client, channel, user, respond, threadTs } = this.ctx;
    if (message.ephemeral) {
      if (respond && this.responseUrlUses + payloads.length <= 5) return this.viaResponseUrl(payloads, 'ephemeral');
      return postEphemeralPayloads(client, channel, user.id, payloads, threadTs);
    }
    const short = payloads.length === 1 && !(message.cards?.length) && !(message.buttons?.length);
    if (respond && short && !threadTs && this.responseUrlUses < 5) return this.viaResponseUrl(payloads, 'in_channel');
    return postPayloads(client, channel, payloads, threadTs);
  }

  /** One transient ephemeral line per interaction: Slack cannot edit ephemeral slash-command answers. */
  async progress(text: string): Promise<void> {
    if (this.progressShown || !this.ctx.respond || this.responseUrlUses >= 4) return;
    this.progressShown = true;
    await this.viaResponseUrl(renderMessage({ text: `:hourglass_flowing_sand: ${text}` }), 'ephemeral');
  }

  /** Slack threads have no name: the card message itself is the thread's root (`thread_ts` = its `ts`). */
  async openThread(message: OutboundMessage, _name: string): Promise<ThreadRef> {
    const posted = await postPayloads(this.ctx.client, this.ctx.channel, renderMessage(message));
    const root = posted[0];
    if (!root?.id) throw toDeliveryError(new Error('chat.postMessage returned no ts'));
    return { channel: this.ctx.channel, id: root.id };
  }

  private async viaResponseUrl(payloads: readonly SlackPayload[], type: 'ephemeral' | 'in_channel'): Promise<PostedMessage[]> {
    const out: PostedMessage[] = [];
    for (const p of payloads) {
      this.responseUrlUses++;
      try {
        await this.ctx.respond!({ response_type: type, text: p.text, blocks: p.blocks, replace_original: false });
      } catch (error) {
        throw toDeliveryError(error);
      }
      // A response_url post returns no ts; the id says where it went.
      out.push({ id: `response_url:${this.responseUrlUses}`, channel: this.ctx.channel });
    }
    return out;
  }
}
