/**
 * The one recorder of the test suite: a ChatAdapter that records what the core posts, and Responders that
 * record what a command answers (into the same log when made by the adapter). For tests whose subject is
 * the core; the platform adapters have their own e2e suites against the Discord and Slack emulators.
 */
import type { ChannelRef, ChatAdapter, InboundHandlers, PostedMessage, Responder, ThreadRef } from '../../src/chat/ports.js';
import type { OutboundMessage } from '../../src/chat/message.js';
import type { DeliveryError } from '../../src/errors.js';

export interface Recorded {
  /** `#channel`, `ephemeral:channel` or `thread:id`. */
  readonly where: string;
  readonly message: OutboundMessage;
}

export interface RecordingResponder extends Responder {
  readonly replies: OutboundMessage[];
  readonly progresses: string[];
}

/** A responder for one interaction in `channel`; `log` (optional) receives every message too. */
export function recordingResponder(channel: ChannelRef, log?: Recorded[], nextId: () => string = counter('m')): RecordingResponder {
  const replies: OutboundMessage[] = [];
  const progresses: string[] = [];
  return {
    replies,
    progresses,
    async reply(message): Promise<PostedMessage[]> {
      replies.push(message);
      log?.push({ where: message.ephemeral ? `ephemeral:${channel.id}` : `#${channel.id}`, message });
      return [{ id: nextId(), channel }];
    },
    async progress(text) {
      progresses.push(text);
    },
    async openThread(message): Promise<ThreadRef> {
      replies.push(message);
      log?.push({ where: `#${channel.id}`, message });
      return { channel, id: nextId().replace(/^m/, 't') };
    },
  };
}

function counter(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

export class RecordingAdapter implements ChatAdapter {
  readonly platform = 'shell' as const;
  readonly sent: Recorded[] = [];
  handlers!: InboundHandlers;
  /** When set, `post` fails with this error (a platform refusing delivery). */
  failWith?: DeliveryError;
  /** Runs inside `post` after the message was accepted (fault tests act "mid-digest" here). */
  onPost?: () => Promise<void>;
  /** Like the real platforms: a part posted again under the same delivery id is not shown twice. */
  private readonly byDelivery = new Map<string, PostedMessage[]>();
  private readonly nextId = counter('m');

  async start(handlers: InboundHandlers): Promise<void> {
    this.handlers = handlers;
  }
  async stop(): Promise<void> {}

  async post(channel: ChannelRef, message: OutboundMessage): Promise<PostedMessage[]> {
    if (this.failWith) throw this.failWith;
    const again = message.delivery ? this.byDelivery.get(message.delivery.id) : undefined;
    if (again) return again;
    this.sent.push({ where: `#${channel.id}`, message });
    const posted = [{ id: this.nextId(), channel }];
    if (message.delivery) this.byDelivery.set(message.delivery.id, posted);
    await this.onPost?.();
    return posted;
  }

  async reply(thread: ThreadRef, message: OutboundMessage): Promise<PostedMessage[]> {
    this.sent.push({ where: `thread:${thread.id}`, message });
    return [{ id: this.nextId(), channel: thread.channel, threadId: thread.id }];
  }

  /** A responder for one interaction in `channel`, recording into the same log. */
  responder(channel: ChannelRef): RecordingResponder {
    return recordingResponder(channel, this.sent, this.nextId);
  }

  cards(): string[] {
    return this.sent.flatMap((r) => r.message.cards?.map((c) => c.paperId) ?? []);
  }

  texts(): string[] {
    return this.sent.map((r) => r.message.text);
  }
}

export const shellChannel = (id = 'lab'): ChannelRef => ({ platform: 'shell', id });
export const manager = { id: 'u1', name: 'Ada', canManage: true };
export const member = { id: 'u2', name: 'Bob', canManage: false };
