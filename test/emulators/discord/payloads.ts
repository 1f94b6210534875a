/**
 * Gateway and REST payloads of the Discord emulator, built from the recorded captures in
 * `test/fixtures/discord/*.json`: each builder starts from a real frame and replaces only the ids and the
 * parts a test chooses, so discord.js parses the same shapes it meets in production.
 */
import { readFileSync } from 'node:fs';

const fixturesDir = new URL('../../fixtures/discord/', import.meta.url);
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function fixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(name, fixturesDir), 'utf8')) as Json;
}
const clone = <T>(v: T): T => structuredClone(v);

const READY = fixture('gateway_op0_READY_DiscordBM_capture.json');
const GUILD_CREATE = fixture('gateway_op0_GUILD_CREATE_DiscordBM_capture.json');
const HELLO = fixture('gateway_op10_hello_DiscordBM_capture.json');
const SLASH = fixture('gateway_op0_INTERACTION_CREATE_slash_command_arsd_capture.json');

/** Permission bits used by tests (Discord's documented values). */
export const Perm = {
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  ManageChannels: 1n << 4n,
  Administrator: 1n << 3n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** Everything except Administrator and Manage Channels: an ordinary member. */
export const MEMBER_PERMISSIONS = ((1n << 50n) - 1n) & ~Perm.ManageChannels & ~Perm.Administrator;
/** Manage Channels without Administrator, so the adapter must read the exact bit. */
export const MANAGER_PERMISSIONS = MEMBER_PERMISSIONS | Perm.ManageChannels;

export interface EmuUser {
  readonly id: string;
  readonly username: string;
  readonly bot?: boolean;
}

export interface EmuWorld {
  readonly applicationId: string;
  readonly bot: EmuUser;
  readonly guildId: string;
  readonly channelId: string;
  readonly everyoneRoleId: string;
}

export function userJson(u: EmuUser): Json {
  return { id: u.id, username: u.username, global_name: u.username, discriminator: '0', avatar: null, bot: u.bot ?? false, public_flags: 0 };
}

export function helloFrame(heartbeatIntervalMs: number): Json {
  const f = clone(HELLO);
  f.d.heartbeat_interval = heartbeatIntervalMs;
  return f;
}

export function readyData(world: EmuWorld, sessionId: string, resumeUrl: string, guildIds: readonly string[] = [world.guildId], shard?: [number, number]): Json {
  const d = clone(READY.d);
  d.user = { ...d.user, ...userJson(world.bot), bot: true, verified: true };
  d.session_id = sessionId;
  d.resume_gateway_url = resumeUrl;
  d.guilds = guildIds.map((id) => ({ id, unavailable: true }));
  if (shard) d.shard = shard;
  d.application = { id: world.applicationId, flags: 565248 };
  return d;
}

export function textChannelJson(world: EmuWorld, id: string, name: string, guildId = world.guildId): Json {
  return {
    id, type: 0, guild_id: guildId, name, position: 0, parent_id: null, topic: null, nsfw: false,
    rate_limit_per_user: 0, last_message_id: null, permission_overwrites: [], flags: 0,
  };
}

export function threadChannelJson(world: EmuWorld, id: string, parentId: string, name: string, guildId = world.guildId): Json {
  return {
    id, type: 11, guild_id: guildId, parent_id: parentId, name, owner_id: world.bot.id, flags: 0,
    last_message_id: null, rate_limit_per_user: 0, message_count: 0, member_count: 1, total_message_sent: 0,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
  };
}

export function guildCreateData(
  world: EmuWorld, channels: Json[], threads: Json[], botPermissions: bigint, guild = { id: world.guildId, name: 'Radar Lab' },
): Json {
  const d = clone(GUILD_CREATE.d);
  // @everyone's role id is the guild id, as on Discord.
  const everyone = { ...d.roles[0], id: guild.id === world.guildId ? world.everyoneRoleId : guild.id, permissions: String(botPermissions) };
  Object.assign(d, {
    id: guild.id, name: guild.name, owner_id: '1', application_id: null, emojis: [], stickers: [], presences: [],
    voice_states: [], stage_instances: [], guild_scheduled_events: [], embedded_activities: [], member_count: 2,
    channels, threads, roles: [everyone], system_channel_id: null, rules_channel_id: null, public_updates_channel_id: null,
    afk_channel_id: null, joined_at: new Date().toISOString(), unavailable: false,
  });
  d.members = [{ ...clone(d.members[0]), user: userJson(world.bot), roles: [], nick: null }];
  return d;
}

export function messageJson(world: EmuWorld, id: string, channelId: string, body: Json, author: EmuUser = world.bot): Json {
  return {
    id, channel_id: channelId, guild_id: world.guildId, author: userJson(author), type: 0, tts: false,
    content: body.content ?? '', embeds: body.embeds ?? [], components: body.components ?? [], attachments: [],
    mentions: body.mentions ?? [], mention_roles: [], mention_everyone: false, pinned: false,
    timestamp: new Date().toISOString(), edited_timestamp: null, flags: body.flags ?? 0,
    ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
    ...(body.webhook_id ? { webhook_id: body.webhook_id, application_id: world.applicationId } : {}),
  };
}

/** The member block of an interaction: the arsd capture's member with a chosen user and permissions. */
function memberJson(user: EmuUser, permissions: bigint): Json {
  const m = clone(SLASH.d.member);
  return { ...m, user: { ...m.user, ...userJson(user) }, nick: null, roles: [], permissions: String(permissions) };
}

export interface InteractionBase {
  readonly id: string;
  readonly token: string;
  readonly user: EmuUser;
  readonly permissions: bigint;
  readonly channel: Json;
}

function interactionJson(world: EmuWorld, base: InteractionBase, type: number, data: Json, extra: Json = {}): Json {
  const d = clone(SLASH.d);
  const guildId = String(base.channel.guild_id ?? world.guildId);
  return {
    ...d, id: base.id, token: base.token, type, data, application_id: world.applicationId, guild_id: guildId,
    guild: { locale: 'en-US', id: guildId, features: [] }, channel_id: base.channel.id,
    channel: { ...base.channel, permissions: String(base.permissions) }, member: memberJson(base.user, base.permissions),
    app_permissions: String((1n << 50n) - 1n),
    // Newer than the 2024 capture: Discord now always sends these (discord.js v14.16+ reads them).
    authorizing_integration_owners: { '0': guildId }, context: 0, ...extra,
  };
}

export type OptionValue = string | number | boolean;
const optionType = (v: OptionValue): number => (typeof v === 'string' ? 3 : typeof v === 'number' ? 4 : 5);

/** `/radar <sub> name:value …` as a CHAT_INPUT interaction (type 2) with a subcommand (option type 1). */
export function slashInteraction(
  world: EmuWorld, base: InteractionBase, commandId: string, command: string, sub: string, options: Record<string, OptionValue>,
): Json {
  const opts = Object.entries(options).map(([name, value]) => ({ type: optionType(value), name, value }));
  return interactionJson(world, base, 2, { type: 1, id: commandId, name: command, options: [{ type: 1, name: sub, options: opts }] });
}

/** An autocomplete request (type 4): the focused option carries `focused: true` and the partial text. */
export function autocompleteInteraction(
  world: EmuWorld, base: InteractionBase, commandId: string, command: string, sub: string, option: string, partial: string,
  others: Readonly<Record<string, string>> = {},
): Json {
  // the options typed before the focused one come first, as Discord sends them
  const opts = [...Object.entries(others).map(([name, value]) => ({ type: 3, name, value })), { type: 3, name: option, value: partial, focused: true }];
  return interactionJson(world, base, 4, { type: 1, id: commandId, name: command, options: [{ type: 1, name: sub, options: opts }] });
}

/** A button press (component_type 2) or select choice (3) on `message` (type 3 interaction). */
export function componentInteraction(
  world: EmuWorld, base: InteractionBase, message: Json, customId: string, values?: string[],
): Json {
  const data = values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 };
  return interactionJson(world, base, 3, data, { message });
}

/** A member's message that @mentions the bot (readable without the Message Content intent). */
export function mentionMessage(world: EmuWorld, id: string, channelId: string, author: EmuUser, text: string): Json {
  return {
    ...messageJson(world, id, channelId, { content: `<@${world.bot.id}> ${text}`, mentions: [userJson(world.bot)] }, author),
    member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null },
  };
}

/** GUILD_MESSAGE_REACTIONS (1 << 10): without it Discord sends no MESSAGE_REACTION_* events. */
export const REACTIONS_INTENT = 1 << 10;

/** MESSAGE_REACTION_ADD / _REMOVE data, as the gateway sends for a guild message (member only on add). */
export function reactionData(world: EmuWorld, messageId: string, channelId: string, user: EmuUser, emoji: string, added: boolean): Json {
  const base = { user_id: user.id, type: 0, message_id: messageId, emoji: { id: null, name: emoji }, channel_id: channelId, burst: false, guild_id: world.guildId };
  if (!added) return base;
  return {
    ...base, message_author_id: world.bot.id, burst_colors: [],
    member: { ...memberJson(user, MEMBER_PERMISSIONS), avatar: null, communication_disabled_until: null, pending: false },
  };
}
