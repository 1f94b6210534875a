/**
 * A loopback Discord: REST under `/api/v10` and the gateway WebSocket on one 127.0.0.1 port, enough for the
 * real discord.js client to log in, register commands, receive interactions and mentions, and post.
 * Tests drive it (dispatch interactions, force a reconnect, inject 429 / 403) and assert on `calls`.
 *
 * Point a client at it with `new Client({ rest: { api: emu.apiUrl } })` (our adapter: DISCORD_API_URL).
 */
import { once, EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatedGateway, shardOfGuild } from './gateway.js';
import { DiscordRateLimits, type RateLimitOptions } from './rate-limits.js';
import { EmulatedRest, snowflake, type InteractionRecord, type RestResult } from './rest-api.js';
import {
  MANAGER_PERMISSIONS, MEMBER_PERMISSIONS, autocompleteInteraction, componentInteraction, guildCreateData, helloFrame,
  mentionMessage, reactionData, readyData, REACTIONS_INTENT, slashInteraction, type EmuUser, type EmuWorld, type InteractionBase, type OptionValue,
} from './payloads.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One REST call the bot made, as received. */
export interface RecordedCall {
  readonly method: string;
  /** After `/api/v10`, percent-decoded. */
  readonly path: string;
  readonly query: string;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly authorization: string | undefined;
  readonly status: number;
  /** When it arrived (ms since the epoch). */
  readonly at: number;
}

export interface FaultSpec {
  readonly method: string;
  readonly path: RegExp;
  /** How many matching calls fail (default 1). */
  readonly times?: number;
}

interface Fault extends FaultSpec {
  left: number;
  readonly result: (call: { method: string; path: string }) => { status: number; body: Json; headers: Record<string, string> };
}

export interface DiscordEmulatorOptions {
  readonly token?: string;
  readonly heartbeatIntervalMs?: number;
  /** Permissions of the bot's @everyone role in the guild (default: all but Administrator). */
  readonly botPermissions?: bigint;
  /** Gateway shards the bot must identify with (and `GET /gateway/bot` recommends); default 1. */
  readonly shards?: number;
  /** Enforce Discord's global and per-route rate limits (429 on excess); off by default. */
  readonly rateLimits?: RateLimitOptions | true;
}

export interface ActorOptions {
  /** Member with Manage Channels (default) or an ordinary member. */
  readonly manager?: boolean;
  readonly user?: EmuUser;
  readonly channelId?: string;
}

export const MANAGER: EmuUser = { id: '200000000000000001', username: 'mira' };
export const MEMBER: EmuUser = { id: '200000000000000002', username: 'tomo' };

export interface DiscordEmulator {
  readonly apiUrl: string;
  readonly token: string;
  readonly world: EmuWorld;
  readonly gateway: EmulatedGateway;
  readonly rest: EmulatedRest;
  readonly calls: RecordedCall[];
  /** Calls answered 429 by the rate limits (a subset of `calls`). */
  readonly rateLimited: RecordedCall[];
  /** Adds a guild with one text channel (on `shard` when given); announced live to a connected shard. */
  addGuild(options?: { shard?: number; name?: string }): { guildId: string; channelId: string };
  /** Resolves with the first recorded call (past or future) that satisfies `pred`. */
  waitForCall(pred: (c: RecordedCall) => boolean): Promise<RecordedCall>;
  slash(sub: string, options?: Record<string, OptionValue>, actor?: ActorOptions): InteractionRecord;
  /** `others`: options already typed in the command (Discord sends them with the focused one). */
  autocomplete(sub: string, option: string, partial: string, actor?: ActorOptions, others?: Readonly<Record<string, string>>): InteractionRecord;
  click(message: Json, customId: string, actor?: ActorOptions, values?: string[]): InteractionRecord;
  /** A member @mentions the bot in `channelId` (a thread); returns the message id. */
  mention(channelId: string, text: string, user?: EmuUser): string;
  /**
   * A member adds (or removes) a reaction on a message. Dispatched only when the bot identified with the
   * GuildMessageReactions intent, as Discord does; resolves to whether it was dispatched.
   */
  react(messageId: string, emoji: string, options?: { user?: EmuUser; channelId?: string; remove?: boolean }): boolean;
  /** Messages in a channel or thread, oldest first. */
  messagesIn(channelId: string): Json[];
  inject429(spec: FaultSpec & { retryAfterSeconds?: number }): void;
  injectError(spec: FaultSpec & { status: number; code: number; message: string }): void;
  close(): Promise<void>;
}

export async function startDiscordEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const token = options.token ?? 'emulator-bot-token.0123456789';
  const world: EmuWorld = {
    applicationId: '300000000000000001',
    bot: { id: '300000000000000001', username: 'AcademicHub', bot: true },
    guildId: '400000000000000001',
    channelId: '500000000000000001',
    everyoneRoleId: '400000000000000001',
  };
  const botPermissions = options.botPermissions ?? MEMBER_PERMISSIONS;
  const calls: RecordedCall[] = [];
  const rateLimited: RecordedCall[] = [];
  const faults: Fault[] = [];
  const shardCount = options.shards ?? 1;
  const limits = options.rateLimits ? new DiscordRateLimits(options.rateLimits === true ? {} : options.rateLimits) : undefined;
  const guilds = new Map<string, { id: string; name: string }>([[world.guildId, { id: world.guildId, name: 'Radar Lab' }]]);
  const guildsOn = (shard: number) => [...guilds.values()].filter((g) => shardOfGuild(g.id, shardCount) === shard);
  const guildCreate = (g: { id: string; name: string }) => {
    const all = [...rest.channels.values()].filter((c) => c.guild_id === g.id);
    return guildCreateData(world, all.filter((c) => c.type !== 11), all.filter((c) => c.type === 11), botPermissions, g);
  };
  const events = new EventEmitter();
  let port = 0;

  const gateway: EmulatedGateway = new EmulatedGateway({
    token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    shardCount,
    hello: () => helloFrame(options.heartbeatIntervalMs ?? 41_250),
    ready: (sessionId, shard) =>
      readyData(world, sessionId, `ws://127.0.0.1:${port}/resume`, guildsOn(shard).map((g) => g.id), shardCount > 1 ? [shard, shardCount] : undefined),
    guildCreates: (shard) => guildsOn(shard).map(guildCreate),
  });
  const rest: EmulatedRest = new EmulatedRest(world, () => `ws://127.0.0.1:${port}`, (t, d) => gateway.dispatch(t, d));
  rest.recommendedShards = shardCount;

  const server = createServer((req, res) => void serve(req, res));
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const prefix = '/api/v10';
    const path = decodeURIComponent(url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname);
    const method = req.method ?? 'GET';
    const authorization = req.headers.authorization;
    let headers: Record<string, string> = {};
    let result: RestResult;
    const noAuth = /^\/(interactions|webhooks)\//.test(path); // interaction tokens authorise these
    const fault = faults.find((f) => f.left > 0 && f.method === method && f.path.test(path));
    if (!url.pathname.startsWith(prefix)) result = { status: 404, body: { code: 0, message: 'expected /api/v10' } };
    else if (!noAuth && authorization !== `Bot ${token}`) result = { status: 401, body: { code: 0, message: '401: Unauthorized' } };
    else if (fault) {
      fault.left -= 1;
      const r = fault.result({ method, path });
      result = { status: r.status, body: r.body };
      headers = r.headers;
    } else {
      const verdict = limits?.check(method, path);
      if (verdict && !verdict.ok) result = { status: 429, body: verdict.body };
      else result = rest.handle({ method, path, query: url.searchParams, body: body as Json | undefined });
      headers = verdict?.headers ?? {};
    }
    const call: RecordedCall = { method, path, query: url.search, body, authorization, status: result.status, at: Date.now() };
    calls.push(call);
    if (result.status === 429) rateLimited.push(call);
    events.emit('call', call);
    // Ordinary per-route bucket headers, as Discord sends them; plenty remaining so discord.js never waits.
    const base = { 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '49', 'x-ratelimit-reset-after': '1.0', 'x-ratelimit-bucket': 'emu' };
    if (result.status === 204 || result.body === undefined) {
      res.writeHead(result.status, { ...base, ...headers }); // a 204 must carry no JSON content type
      res.end();
      return;
    }
    res.writeHead(result.status, { 'content-type': 'application/json', ...base, ...headers });
    res.end(JSON.stringify(result.body));
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;

  const base = (actor: ActorOptions = {}): InteractionBase => {
    const channelId = actor.channelId ?? world.channelId;
    const channel = rest.channels.get(channelId);
    if (!channel) throw new Error(`emulator: no channel ${channelId}`);
    const manager = actor.manager ?? true;
    return {
      id: snowflake(), token: `itok-${snowflake()}`, user: actor.user ?? (manager ? MANAGER : MEMBER),
      permissions: manager ? MANAGER_PERMISSIONS : MEMBER_PERMISSIONS, channel,
    };
  };
  const radarCommand = (): Json => {
    const all = [...rest.globalCommands, ...[...rest.guildCommands.values()].flat()];
    const cmd = all.find((c) => c.name === 'radar');
    if (!cmd) throw new Error('emulator: /radar is not registered');
    return cmd;
  };
  const send = (b: InteractionBase, payload: Json): InteractionRecord => {
    const rec = rest.expectInteraction(b.id, b.token, b.channel.id);
    gateway.dispatch('INTERACTION_CREATE', payload);
    return rec;
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    world,
    gateway,
    rest,
    calls,
    rateLimited,
    addGuild(opts = {}) {
      const guildId = snowflakeOnShard(opts.shard ?? 0, shardCount);
      const channelId = snowflake();
      const guild = { id: guildId, name: opts.name ?? `Lab ${guilds.size + 1}` };
      guilds.set(guildId, guild);
      rest.addTextChannel(channelId, 'radar', guildId);
      if (gateway.connectedShards().includes(shardOfGuild(guildId, shardCount))) gateway.dispatch('GUILD_CREATE', guildCreate(guild));
      return { guildId, channelId };
    },
    waitForCall(pred) {
      const hit = calls.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve) => {
        const on = (c: RecordedCall): void => {
          if (!pred(c)) return;
          events.off('call', on);
          resolve(c);
        };
        events.on('call', on);
      });
    },
    slash(sub, opts = {}, actor) {
      const b = base(actor);
      const cmd = radarCommand();
      return send(b, slashInteraction(world, b, cmd.id, cmd.name, sub, opts));
    },
    autocomplete(sub, option, partial, actor, others) {
      const b = base(actor);
      const cmd = radarCommand();
      return send(b, autocompleteInteraction(world, b, cmd.id, cmd.name, sub, option, partial, others));
    },
    click(message, customId, actor, values) {
      const b = base({ ...actor, channelId: actor?.channelId ?? message.channel_id });
      return send(b, componentInteraction(world, b, message, customId, values));
    },
    mention(channelId, text, user = MEMBER) {
      const id = snowflake();
      gateway.dispatch('MESSAGE_CREATE', mentionMessage(world, id, channelId, user, text));
      return id;
    },
    react(messageId, emoji, opts = {}) {
      const identify = [...gateway.received].reverse().find((f) => f.op === 2)?.d as { intents?: number } | undefined;
      if (!identify || ((identify.intents ?? 0) & REACTIONS_INTENT) === 0) return false;
      const channelId = opts.channelId ?? rest.messages.get(messageId)?.channel_id ?? world.channelId;
      const added = !opts.remove;
      gateway.dispatch(added ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', reactionData(world, messageId, channelId, opts.user ?? MEMBER, emoji, added));
      return true;
    },
    messagesIn(channelId) {
      return [...rest.messages.values()].filter((m) => m.channel_id === channelId).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    },
    inject429(spec) {
      const retry = spec.retryAfterSeconds ?? 1;
      faults.push({
        ...spec, left: spec.times ?? 1,
        result: () => ({
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: retry, global: false },
          headers: {
            'retry-after': String(retry), 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': String(retry), 'x-ratelimit-bucket': 'emu-429', 'x-ratelimit-scope': 'user',
          },
        }),
      });
    },
    injectError(spec) {
      faults.push({ ...spec, left: spec.times ?? 1, result: () => ({ status: spec.status, body: { code: spec.code, message: spec.message }, headers: {} }) });
    },
    async close() {
      gateway.close();
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
}

/** A fresh snowflake whose guild would live on `shard` of `count` (`(id >> 22) % count`). */
function snowflakeOnShard(shard: number, count: number): string {
  const id = BigInt(snowflake());
  const ts = id >> 22n;
  const n = BigInt(count);
  return String(((ts - (ts % n) + BigInt(shard)) << 22n) | (id & 0x3fffffn));
}
