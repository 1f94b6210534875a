/**
 * A ChatAdapter that records what the core sends, for tests whose subject is the core (the platform
 * adapters have their own e2e suites against the Discord and Slack emulators).
 */
import type { ChannelRef, ChatAdapter, InboundHandlers, PostedMessage, Responder, ThreadRef } from '../../../src/chat/ports.js';
import type { OutboundMessage } from '../../../src/chat/message.js';
import { DeliveryError } from '../../../src/errors.js';

export interface Recorded {
  readonly where: string;
  readonly message: OutboundMessage;
}

export class RecordingAdapter implements ChatAdapter {
  readonly platform = 'shell' as const;
  readonly sent: Recorded[] = [];
  handlers!: InboundHandlers;
  /** When set, `post` fails with this error (a platform refusing delivery). */
  failWith?: DeliveryError;
  private seq = 0;

  async start(handlers: InboundHandlers): Promise<void> {
    this.handlers = handlers;
  }
  async stop(): Promise<void> {}

  async post(channel: ChannelRef, message: OutboundMessage): Promise<PostedMessage[]> {
    if (this.failWith) throw this.failWith;
    this.sent.push({ where: `#${channel.id}`, message });
    return [{ id: `m${++this.seq}`, channel }];
  }

  async reply(thread: ThreadRef, message: OutboundMessage): Promise<PostedMessage[]> {
    this.sent.push({ where: `thread:${thread.id}`, message });
    return [{ id: `m${++this.seq}`, channel: thread.channel, threadId: thread.id }];
  }

  /** A responder for one interaction in `channel`, recording into the same log. */
  responder(channel: ChannelRef): Responder {
    return {
      reply: async (m) => {
        this.sent.push({ where: m.ephemeral ? `ephemeral:${channel.id}` : `#${channel.id}`, message: m });
        return [{ id: `m${++this.seq}`, channel }];
      },
      progress: async () => {},
      openThread: async (m) => {
        this.sent.push({ where: `#${channel.id}`, message: m });
        return { channel, id: `t${++this.seq}` };
      },
    };
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

/** A clock tests move by hand. */
export class FakeClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}
