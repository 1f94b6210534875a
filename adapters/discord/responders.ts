/**
 * Responders: how the core answers on Discord. An interaction is answered through its token (reply, edit,
 * follow-up; ephemeral where asked); a thread mention is answered by posting in the thread.
 */
import { MessageFlags, type REST, type RepliableInteraction } from 'discord.js';
import type { ChannelRef, PostedMessage, Responder, ThreadRef } from '../../src/chat/ports.js';
import type { OutboundMessage } from '../../src/chat/message.js';
import type { Logger } from '../../src/logger.js';
import { postPayloads, postWithThread } from './delivery.js';
import { renderMessage, type DiscordPayload } from './render.js';

/** If a quick command has not answered by then, defer so Discord's 3 s window never lapses. */
const SAFETY_DEFER_MS = 2_300;

interface Shared {
  readonly rest: REST;
  readonly logger: Logger;
  readonly discussLabel?: string;
}

const options = (p: DiscordPayload) => ({
  content: p.content ?? '',
  embeds: p.embeds,
  components: p.components as never, // plain API JSON; discord.js accepts it as-is
  allowedMentions: p.allowedMentions,
});

/**
 * Answers one interaction. `mode: 'command'` may `deferReply` (slow commands, or the safety timer);
 * `mode: 'component'` has already `deferUpdate`d, so every answer is a follow-up and the message carrying
 * the button is never overwritten. Calls are serialised: the safety timer can never race a reply.
 */
export class InteractionResponder implements Responder {
  private answered = false;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly interaction: RepliableInteraction,
    private readonly channel: ChannelRef,
    private readonly mode: 'command' | 'component',
    private readonly shared: Shared,
  ) {
    if (mode === 'command' && !interaction.deferred && !interaction.replied) {
      this.timer = setTimeout(() => void this.serial(() => this.safetyDefer()), SAFETY_DEFER_MS);
      this.timer.unref();
    }
  }

  reply(message: OutboundMessage): Promise<PostedMessage[]> {
    return this.serial(() => this.doReply(message));
  }

  progress(text: string): Promise<void> {
    return this.serial(async () => {
      if (this.answered || this.mode === 'component') return; // a finished answer is never overwritten
      if (!this.interaction.deferred && !this.interaction.replied) await this.interaction.deferReply();
      await this.interaction.editReply({ content: text.slice(0, 2000), allowedMentions: { parse: [] } });
    });
  }

  openThread(message: OutboundMessage, name: string): Promise<ThreadRef> {
    return this.serial(async () => {
      const payloads = renderMessage(message, { discussLabel: this.shared.discussLabel });
      const id = await postWithThread(this.shared.rest, this.channel, payloads, name, this.shared.logger);
      return { channel: this.channel, id };
    });
  }

  /** Called after the core returns: a deferred "thinking…" that got no answer is removed, not left hanging. */
  async finish(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.serial(async () => {
      if (this.mode === 'command' && this.interaction.deferred && !this.answered) {
        await this.interaction.deleteReply().catch(() => undefined);
      }
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async safetyDefer(): Promise<void> {
    if (this.answered || this.interaction.deferred || this.interaction.replied) return;
    this.shared.logger.debug({ interaction: this.interaction.id }, 'slow answer: deferring');
    await this.interaction.deferReply().catch((err: unknown) => this.shared.logger.warn({ err }, 'safety defer failed'));
  }

  private async doReply(message: OutboundMessage): Promise<PostedMessage[]> {
    if (this.timer) clearTimeout(this.timer);
    const i = this.interaction;
    const payloads = renderMessage(message, { discussLabel: this.shared.discussLabel });
    const flags = message.ephemeral ? MessageFlags.Ephemeral : undefined;
    const posted: PostedMessage[] = [];
    for (const [n, p] of payloads.entries()) {
      const push = (id: string | undefined): void => {
        if (id) posted.push({ id, channel: this.channel, ...(p.paperIds ? { paperIds: p.paperIds } : {}) });
      };
      const first = n === 0 && !this.answered;
      if (first && !i.deferred && !i.replied) {
        const res = await i.reply({ ...options(p), flags, withResponse: true });
        push(res.resource?.message?.id);
      } else if (first && this.mode === 'command' && i.deferred && !(message.ephemeral && !i.ephemeral)) {
        push((await i.editReply(options(p))).id);
      } else if (first && this.mode === 'command' && i.deferred) {
        // A public "thinking…" cannot turn ephemeral: remove it and answer privately instead.
        await i.deleteReply().catch(() => undefined);
        push((await i.followUp({ ...options(p), flags })).id);
      } else {
        push((await i.followUp({ ...options(p), flags })).id);
      }
      this.answered = true;
    }
    return posted;
  }
}

/** Answers a mention inside a thread: replies go to the thread, a new thread opens on the parent channel. */
export class ThreadResponder implements Responder {
  constructor(
    private readonly thread: ThreadRef,
    private readonly shared: Shared,
  ) {}

  reply(message: OutboundMessage): Promise<PostedMessage[]> {
    const payloads = renderMessage(message, { discussLabel: this.shared.discussLabel });
    return postPayloads(this.shared.rest, this.thread.id, payloads, { channel: this.thread.channel, threadId: this.thread.id }, this.shared.logger);
  }

  async progress(): Promise<void> {
    // "AcademicHub is typing…" is the only progress a plain message context has; best effort.
    await this.shared.rest.post(`/channels/${this.thread.id}/typing`).catch(() => undefined);
  }

  async openThread(message: OutboundMessage, name: string): Promise<ThreadRef> {
    const payloads = renderMessage(message, { discussLabel: this.shared.discussLabel });
    const id = await postWithThread(this.shared.rest, this.thread.channel, payloads, name, this.shared.logger);
    return { channel: this.thread.channel, id };
  }
}
