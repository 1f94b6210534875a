/**
 * The Discord adapter: a discord.js Client on the gateway (Guilds + GuildMessages, no privileged Message
 * Content intent), one `/radar` command generated from the neutral specs, embeds and buttons out,
 * interactions and thread @mentions in. Posts go over REST, so they survive a gateway reconnect.
 */
import { once } from 'node:events';
import {
  Client, DefaultRestOptions, Events, GatewayIntentBits, Partials, PermissionFlagsBits, Routes,
  type Interaction, type Message, type PermissionsBitField, type RepliableInteraction,
} from 'discord.js';
import type { CommandSpec } from '../../src/chat/command-spec.js';
import type { ChannelRef, ChatAdapter, InboundHandlers, PostedMessage, RequestPacer, ThreadRef, UserRef } from '../../src/chat/ports.js';
import type { OutboundMessage } from '../../src/chat/message.js';
import type { Logger } from '../../src/logger.js';
import { buildRadarCommand, ROOT_COMMAND } from './command-json.js';
import { postPayloads } from './delivery.js';
import { truncate } from './markdown.js';
import { parseCustomId, renderMessage } from './render.js';
import { parseVoteCustomId } from './feedback-buttons.js';
import { listenForReactions } from './feedback-reactions.js';
import { InteractionResponder, ThreadResponder } from './responders.js';

export interface DiscordAdapterOptions {
  readonly token: string;
  /** REST base, `https://discord.com/api` in production; the gateway URL then comes from GET /gateway/bot. */
  readonly apiUrl?: string;
  /** Register `/radar` in this guild only (updates at once); global otherwise. */
  readonly guildId?: string;
  /** When true (default), only members with Manage Channels may change subscriptions. */
  readonly managerOnly?: boolean;
  readonly logger: Logger;
  /**
   * Hold gateway shards and answer interactions (default true). False: REST only, for a cluster worker that
   * just posts digests (any worker may post to any guild over REST).
   */
  readonly gateway?: boolean;
  /** Total gateway shards (`auto`: Discord's recommendation from GET /gateway/bot); unset: one. */
  readonly shardCount?: number | 'auto';
  /** The shards this process holds (default: all of `shardCount`). */
  readonly shardIds?: readonly number[];
  /** Cluster mode: every REST request (interaction answers aside) waits for its cluster-wide slot. */
  readonly pacer?: RequestPacer;
}

/** Interaction callbacks and their webhooks are outside Discord's global limit; everything else is paced. */
const UNPACED = /\/(interactions|webhooks)\//;

/** discord.js REST options: the API base and, in cluster mode, a request function that waits for its slot. */
function restOptions(o: DiscordAdapterOptions): { api: string; makeRequest?: typeof DefaultRestOptions.makeRequest } {
  const api = o.apiUrl ?? 'https://discord.com/api';
  const pacer = o.pacer;
  if (!pacer) return { api };
  return {
    api,
    makeRequest: async (url, init) => {
      if (!UNPACED.test(url)) await pacer.slot();
      return DefaultRestOptions.makeRequest(url, init);
    },
  };
}

/** discord.js sharding options: `shards` (ids held here) and `shardCount`, or `auto`. */
function shardOptions(o: DiscordAdapterOptions): { shards?: number[] | 'auto'; shardCount?: number } {
  if (o.shardCount === undefined) return {};
  if (o.shardCount === 'auto') return { shards: 'auto' };
  return { shardCount: o.shardCount, shards: [...(o.shardIds ?? Array.from({ length: o.shardCount }, (_, i) => i))] };
}

/** The Discord ChatAdapter, plus `idle()` so tests can await in-flight inbound work instead of sleeping. */
export class DiscordAdapter implements ChatAdapter {
  readonly platform = 'discord' as const;
  readonly client: Client;
  private handlers: InboundHandlers | undefined;
  private specs: readonly CommandSpec[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly logger: Logger;

  constructor(private readonly options: DiscordAdapterOptions) {
    this.logger = options.logger;
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.GuildMessageReactions],
      // Reactions (votes) come for messages never cached here: ids are all the radar needs.
      partials: [Partials.Message, Partials.Reaction, Partials.User],
      rest: restOptions(options),
      allowedMentions: { parse: [] }, // default for every message discord.js sends for us
      ...shardOptions(options),
    });
    this.client.on(Events.Error, (err) => this.logger.error({ err }, 'discord client error'));
    this.client.on(Events.ShardReconnecting, (id) => this.logger.warn({ shard: id }, 'discord gateway reconnecting'));
    this.client.on(Events.ShardResume, (id, replayed) => this.logger.info({ shard: id, replayed }, 'discord gateway resumed'));
  }

  async start(handlers: InboundHandlers, commands: readonly CommandSpec[]): Promise<void> {
    this.handlers = handlers;
    this.specs = commands;
    if (this.options.gateway === false) {
      this.client.rest.setToken(this.options.token);
      // One request up front: a wrong token fails the start with Discord's answer instead of the first
      // digest, and the connection and the global bucket are known before the fan-out's first second.
      await this.client.rest.get(Routes.user());
      this.logger.info('discord adapter: REST only (no gateway role)');
      return;
    }
    this.client.on(Events.InteractionCreate, (i) => this.track(this.onInteraction(i)));
    this.client.on(Events.MessageCreate, (m) => this.track(this.onMessage(m)));
    listenForReactions({ client: this.client, handlers: () => this.handlers, place: (c, g) => this.place(c, g), track: (w) => this.track(w) });
    const ready = once(this.client, Events.ClientReady);
    await this.client.login(this.options.token);
    await ready;
    await this.registerCommands();
    this.logger.info({ user: this.client.user?.tag, guild: this.options.guildId ?? 'global' }, 'discord adapter ready');
  }

  async stop(): Promise<void> {
    await this.idle();
    await this.client.destroy();
  }

  /** Resolves when every inbound event being handled has finished. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  post(channel: ChannelRef, message: OutboundMessage): Promise<PostedMessage[]> {
    return postPayloads(this.client.rest, channel.id, renderMessage(message), { channel, botId: this.client.user?.id }, this.logger, message.delivery);
  }

  reply(thread: ThreadRef, message: OutboundMessage): Promise<PostedMessage[]> {
    return postPayloads(this.client.rest, thread.id, renderMessage(message), { channel: thread.channel, threadId: thread.id, botId: this.client.user?.id }, this.logger, message.delivery);
  }

  /** PUT the whole `/radar` command (idempotent: Discord replaces the set). */
  private async registerCommands(): Promise<void> {
    const appId = this.client.application?.id ?? this.client.user?.id;
    if (!appId) throw new Error('discord: no application id after READY');
    const route = this.options.guildId ? Routes.applicationGuildCommands(appId, this.options.guildId) : Routes.applicationCommands(appId);
    await this.client.rest.put(route, { body: [buildRadarCommand(this.specs)] });
  }

  private track(work: Promise<void>): void {
    const p = work
      .catch((err: unknown) => this.logger.error({ err }, 'discord inbound handling failed'))
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  private canManage(perms: Readonly<PermissionsBitField> | null | undefined): boolean {
    if (this.options.managerOnly === false) return true;
    return perms?.has(PermissionFlagsBits.ManageChannels) ?? false; // BigInt bitfield; Administrator implies it
  }

  /** Where an event happened: the channel, or for a thread its parent channel plus the thread. */
  private place(channelId: string, guildId: string | null): { channel: ChannelRef; thread?: ThreadRef } {
    const ch = this.client.channels.cache.get(channelId);
    const workspace = guildId ? { workspaceId: guildId } : {};
    if (ch?.isThread() && ch.parentId) {
      const channel: ChannelRef = { platform: 'discord', id: ch.parentId, ...workspace };
      return { channel, thread: { channel, id: ch.id } };
    }
    const name = ch && 'name' in ch && typeof ch.name === 'string' ? { name: ch.name } : {};
    return { channel: { platform: 'discord', id: channelId, ...name, ...workspace } };
  }

  private shared() {
    return { rest: this.client.rest, logger: this.logger };
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    const handlers = this.handlers;
    if (!handlers || !interaction.channelId) return;
    const { channel, thread } = this.place(interaction.channelId, interaction.guildId);
    const user: UserRef = {
      id: interaction.user.id,
      name: interaction.user.globalName ?? interaction.user.username,
      canManage: this.canManage(interaction.memberPermissions),
    };

    if (interaction.isAutocomplete()) {
      if (interaction.commandName !== ROOT_COMMAND) return;
      const focused = interaction.options.getFocused(true);
      const command = interaction.options.getSubcommand();
      const typed = interaction.options.data[0]?.options ?? [];
      const options = Object.fromEntries(typed.filter((o) => !o.focused && o.value !== undefined).map((o) => [o.name, o.value!]));
      const choices = await handlers.onAutocomplete({ command, option: focused.name, partial: String(focused.value ?? ''), channel, options });
      // Discord wants choice values of the option's own type: numbers for integer options.
      const integer = this.specs.find((s) => s.name === command)?.options.find((o) => o.name === focused.name)?.type === 'integer';
      const answer = choices
        .map((c) => ({ name: truncate(c.name, 100) || c.value, value: integer ? Number(c.value) : truncate(c.value, 100) }))
        .filter((c) => typeof c.value === 'string' || Number.isSafeInteger(c.value));
      await interaction.respond(answer.slice(0, 25));
      return;
    }

    if (interaction.isChatInputCommand()) {
      if (interaction.commandName !== ROOT_COMMAND) return;
      const name = interaction.options.getSubcommand();
      const spec = this.specs.find((s) => s.name === name);
      const values: Record<string, string | number | boolean | undefined> = {};
      for (const o of spec?.options ?? []) {
        const v = interaction.options.get(o.name)?.value;
        if (v !== undefined) values[o.name] = v;
      }
      if (spec?.slow) await interaction.deferReply(); // public: slow commands post digests
      await this.run(interaction, channel, 'command', (r) =>
        handlers.onCommand({ name, options: values, channel, user, ...(thread ? { thread } : {}) }, r),
      );
      return;
    }

    if (interaction.isButton() || interaction.isStringSelectMenu()) {
      const embeds = interaction.message.embeds.map((e) => ({ footer: e.footer }));
      const parsed = interaction.isStringSelectMenu() && interaction.customId === 'radar:discuss'
        ? (interaction.values[0] ? { kind: 'discuss' as const, paperId: interaction.values[0] } : undefined)
        : (parseVoteCustomId(interaction.customId, embeds) ?? parseCustomId(interaction.customId, embeds));
      if (!parsed) return;
      await interaction.deferUpdate(); // acknowledged at once; answers come as follow-ups
      const extra = parsed.kind === 'vote' ? { paperId: parsed.paperId, vote: parsed.vote } : parsed.kind === 'discuss' ? { paperId: parsed.paperId } : {};
      await this.run(interaction, channel, 'component', (r) => handlers.onAction({ kind: parsed.kind, channel, user, ...extra }, r));
    }
  }

  private async run(
    interaction: RepliableInteraction,
    channel: ChannelRef,
    mode: 'command' | 'component',
    work: (r: InteractionResponder) => Promise<void>,
  ): Promise<void> {
    const responder = new InteractionResponder(interaction, channel, mode, this.shared());
    try {
      await work(responder);
    } finally {
      await responder.finish();
    }
  }

  /** Thread Q&A: a member's @mention of the bot inside a thread (mentions carry content without the intent). */
  private async onMessage(message: Message): Promise<void> {
    const handlers = this.handlers;
    const me = this.client.user;
    if (!handlers || !me || message.author.bot || !message.inGuild()) return;
    if (!message.channel.isThread() || !message.mentions.users.has(me.id)) return;
    const { thread } = this.place(message.channelId, message.guildId);
    if (!thread) return;
    let perms: Readonly<PermissionsBitField> | undefined;
    try {
      perms = message.member?.permissions;
    } catch {
      perms = undefined; // roles not cached: treat as an ordinary member
    }
    const text = message.content.replace(new RegExp(`<@!?${me.id}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
    const user: UserRef = { id: message.author.id, name: message.member?.displayName ?? message.author.username, canManage: this.canManage(perms) };
    await handlers.onThreadMessage({ thread, user, text, eventId: message.id }, new ThreadResponder(thread, this.shared()));
  }
}

/** Build the adapter from explicit options (tests, scripts). */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  return new DiscordAdapter(options);
}
