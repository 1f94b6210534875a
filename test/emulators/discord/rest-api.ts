/**
 * The REST half of the Discord emulator: the `/api/v10` routes discord.js calls, over an in-memory guild.
 * Handlers return `{ status, body }`; the server in discord-emulator.ts records, authenticates and injects
 * faults around them.
 */
import { messageProblems, LIMITS } from './limits.js';
import { messageJson, textChannelJson, threadChannelJson, userJson, type EmuWorld } from './payloads.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface RestResult {
  readonly status: number;
  readonly body?: unknown;
}

export interface RestRequest {
  readonly method: string;
  /** Path after `/api/v10`, percent-decoded (`@original` arrives as `%40original`). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Json | Json[] | undefined;
}

/** What the bot did with one interaction: its callbacks, original response and follow-ups. */
export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly callbacks: Json[];
  original?: Json;
  readonly followups: Json[];
}

let counter = 0n;
/** Increasing snowflakes, so discord.js derives sane timestamps from them. */
export function snowflake(): string {
  counter += 1n;
  return String(((BigInt(Date.now()) - 1420070400000n) << 22n) + (counter % 4096n));
}

const invalid = (problems: string[]): RestResult => ({
  status: 400,
  body: { code: 50035, message: 'Invalid Form Body', errors: { _errors: problems.map((message) => ({ code: 'BASE_TYPE_INVALID', message })) } },
});
const notFound = (code: number, what: string): RestResult => ({ status: 404, body: { code, message: `Unknown ${what}` } });

export class EmulatedRest {
  readonly channels = new Map<string, Json>();
  readonly messages = new Map<string, Json>();
  /** `${channel}|${nonce}` → the message created with it (for enforce_nonce). */
  readonly nonces = new Map<string, { id: string; at: number }>();
  /** How long a nonce protects against a repeat (Discord: "the past few minutes"). */
  nonceWindowMs = 5 * 60_000;
  readonly globalCommands: Json[] = [];
  readonly guildCommands = new Map<string, Json[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  /** The shard count `GET /gateway/bot` recommends. */
  recommendedShards = 1;

  constructor(
    private readonly world: EmuWorld,
    private readonly gatewayUrl: () => string,
    private readonly dispatch: (t: string, d: Json) => void,
  ) {
    this.channels.set(world.channelId, textChannelJson(world, world.channelId, 'radar'));
  }

  addTextChannel(id: string, name: string, guildId = this.world.guildId): void {
    this.channels.set(id, textChannelJson(this.world, id, name, guildId));
  }

  handle(req: RestRequest): RestResult {
    const { method, path } = req;
    const body = (req.body ?? {}) as Json;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return { status: 200, body: { url: this.gatewayUrl(), shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
    }
    if (method === 'GET' && path === '/users/@me') return { status: 200, body: { ...userJson(this.world.bot), bot: true } };
    if (method === 'GET' && path === '/applications/@me') {
      return { status: 200, body: { id: this.world.applicationId, name: 'AcademicHub', description: '', bot_public: true, bot_require_code_grant: false, flags: 565248, owner: userJson({ id: '1', username: 'owner' }) } };
    }
    if ((m = path.match(/^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/))) {
      if (m[1] !== this.world.applicationId) return notFound(10002, 'Application');
      const guildId = m[2];
      if (method === 'GET') return { status: 200, body: guildId ? (this.guildCommands.get(guildId) ?? []) : this.globalCommands };
      if (method === 'PUT') return this.putCommands(req.body as Json[], guildId);
    }
    if ((m = path.match(/^\/channels\/(\d+)$/)) && method === 'GET') {
      const ch = this.channels.get(m[1]!);
      return ch ? { status: 200, body: ch } : notFound(10003, 'Channel');
    }
    if ((m = path.match(/^\/channels\/(\d+)\/typing$/)) && method === 'POST') {
      return this.channels.has(m[1]!) ? { status: 204 } : notFound(10003, 'Channel');
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'GET') {
      if (!this.channels.has(m[1]!)) return notFound(10003, 'Channel');
      return { status: 200, body: this.history(m[1]!, req.query) };
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      if (!this.channels.has(m[1]!)) return notFound(10003, 'Channel');
      const problems = messageProblems(body);
      if (body.nonce !== undefined && String(body.nonce).length > 25) problems.push('nonce: longer than 25 characters');
      if (problems.length) return invalid(problems);
      // Like Discord: with enforce_nonce, a nonce this author used in the last few minutes returns that message.
      const repeated = body.enforce_nonce === true && body.nonce !== undefined ? this.byNonce(m[1]!, String(body.nonce)) : undefined;
      if (repeated) return { status: 200, body: repeated };
      const msg = this.store(messageJson(this.world, snowflake(), m[1]!, body));
      msg.guild_id = this.channels.get(m[1]!)!.guild_id; // the channel's guild (the emulator may hold several)
      if (body.nonce !== undefined) this.nonces.set(`${m[1]}|${String(body.nonce)}`, { id: msg.id, at: Date.now() });
      this.dispatch('MESSAGE_CREATE', msg);
      return { status: 200, body: msg };
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const msg = this.messages.get(m[2]!);
      if (!msg || msg.channel_id !== m[1]) return notFound(10008, 'Message');
      if (method === 'GET') return { status: 200, body: msg };
      if (method === 'PATCH') return this.edit(msg, body);
      if (method === 'DELETE') return this.messages.delete(msg.id), { status: 204 };
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/)) && method === 'POST') {
      const msg = this.messages.get(m[2]!);
      if (!msg || msg.channel_id !== m[1]) return notFound(10008, 'Message');
      return this.createThread(m[1]!, msg.id, body);
    }
    if ((m = path.match(/^\/channels\/(\d+)\/threads$/)) && method === 'POST') {
      if (!this.channels.has(m[1]!)) return notFound(10003, 'Channel');
      return this.createThread(m[1]!, snowflake(), body);
    }
    if ((m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) && method === 'POST') {
      return this.callback(m[1]!, m[2]!, body, req.query.get('with_response') === 'true');
    }
    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/))) {
      const rec = [...this.interactions.values()].find((r) => r.token === m![2]);
      if (!rec || m[1] !== this.world.applicationId) return notFound(10015, 'Webhook');
      return this.webhook(rec, method, m[3], body);
    }
    return { status: 404, body: { code: 0, message: `404: Not Found (${method} ${path})` } };
  }

  private putCommands(list: Json[], guildId?: string): RestResult {
    if (!Array.isArray(list)) return invalid(['expected an array of commands']);
    const problems = list.flatMap((c) => commandProblems(c));
    if (problems.length) return invalid(problems);
    const stored = list.map((c) => ({ ...c, id: snowflake(), application_id: this.world.applicationId, version: snowflake(), ...(guildId ? { guild_id: guildId } : {}) }));
    if (guildId) this.guildCommands.set(guildId, stored);
    else this.globalCommands.splice(0, this.globalCommands.length, ...stored);
    return { status: 200, body: stored };
  }

  /**
   * Like Discord's Get Channel Messages: with `after`, the `limit` (default 50, at most 100) messages right
   * after that id, otherwise the latest; always newest first. Messages carry no nonce when read back.
   */
  private history(channelId: string, query: URLSearchParams): Json[] {
    const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50)));
    const after = query.get('after');
    const inChannel = [...this.messages.values()].filter((x) => x.channel_id === channelId).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const page = after ? inChannel.filter((x) => BigInt(x.id) > BigInt(after)).slice(0, limit) : inChannel.slice(-limit);
    return page.reverse().map(({ nonce: _nonce, ...rest }) => rest);
  }

  private byNonce(channelId: string, nonce: string): Json | undefined {
    const seen = this.nonces.get(`${channelId}|${nonce}`);
    if (!seen || Date.now() - seen.at > this.nonceWindowMs) return undefined;
    return this.messages.get(seen.id);
  }

  private store(msg: Json): Json {
    this.messages.set(msg.id, msg);
    return msg;
  }

  private edit(msg: Json, body: Json): RestResult {
    const problems = messageProblems(body, true);
    if (problems.length) return invalid(problems);
    for (const k of ['content', 'embeds', 'components', 'flags'] as const) if (body[k] !== undefined) msg[k] = body[k];
    msg.edited_timestamp = new Date().toISOString();
    return { status: 200, body: msg };
  }

  private createThread(parentId: string, id: string, body: Json): RestResult {
    const name = String(body.name ?? '');
    if (name.length < 1 || name.length > LIMITS.threadName) return invalid([`name: length ${name.length} not in 1..100`]);
    if (this.channels.has(id)) return { status: 400, body: { code: 160004, message: 'A thread has already been created for this message' } };
    const thread = threadChannelJson(this.world, id, parentId, name, this.channels.get(parentId)?.guild_id);
    this.channels.set(id, thread);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return { status: 201, body: thread };
  }

  /** Registers an interaction the emulator is about to dispatch, so its callbacks can be checked. */
  expectInteraction(id: string, token: string, channelId: string): InteractionRecord {
    const rec: InteractionRecord = { id, token, channelId, callbacks: [], followups: [] };
    this.interactions.set(id, rec);
    return rec;
  }

  private callback(id: string, token: string, body: Json, withResponse: boolean): RestResult {
    const rec = this.interactions.get(id);
    if (!rec || rec.token !== token) return notFound(10062, 'interaction');
    if (rec.callbacks.length > 0) return { status: 400, body: { code: 40060, message: 'Interaction has already been acknowledged.' } };
    const data = (body.data ?? {}) as Json;
    if (body.type === 4 || body.type === 7) {
      const problems = messageProblems(data);
      if (problems.length) return invalid(problems);
    }
    rec.callbacks.push(body);
    if (body.type === 4) rec.original = this.store(messageJson(this.world, snowflake(), rec.channelId, { ...data, webhook_id: this.world.applicationId }));
    if (body.type === 5) rec.original = this.store(messageJson(this.world, snowflake(), rec.channelId, { flags: (Number(data.flags ?? 0) & 64) | 128, webhook_id: this.world.applicationId }));
    if (!withResponse) return { status: 204 };
    const message = rec.original;
    return {
      status: 200,
      body: {
        interaction: { id, type: 2, activity_instance_id: null, response_message_id: message?.id ?? null, response_message_loading: body.type === 5, response_message_ephemeral: Boolean(Number(message?.flags ?? 0) & 64) },
        resource: { type: body.type, ...(message ? { message } : {}) },
      },
    };
  }

  private webhook(rec: InteractionRecord, method: string, target: string | undefined, body: Json): RestResult {
    if (method === 'POST' && target === undefined) {
      if (rec.callbacks.length === 0) return notFound(10015, 'Webhook');
      const problems = messageProblems(body);
      if (problems.length) return invalid(problems);
      const msg = this.store(messageJson(this.world, snowflake(), rec.channelId, { ...body, webhook_id: this.world.applicationId }));
      rec.followups.push(msg);
      return { status: 200, body: msg };
    }
    const msg = target === '@original' ? rec.original : this.messages.get(target ?? '');
    if (!msg) return notFound(10008, 'Message');
    if (method === 'GET') return { status: 200, body: msg };
    if (method === 'PATCH') {
      const result = this.edit(msg, body);
      if (result.status === 200) msg.flags = Number(msg.flags ?? 0) & ~128; // no longer "thinking…"
      return result;
    }
    if (method === 'DELETE') {
      this.messages.delete(msg.id);
      if (msg === rec.original) rec.original = undefined;
      return { status: 204 };
    }
    return { status: 405, body: { code: 0, message: '405: Method Not Allowed' } };
  }
}

/** Discord's validation of one application command (names, descriptions, option counts and order). */
export function commandProblems(c: Json, depth = 0): string[] {
  const p: string[] = [];
  const where = String(c.name);
  if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(String(c.name ?? ''))) p.push(`${where}: bad name`);
  const desc = String(c.description ?? '');
  if (desc.length < 1 || desc.length > 100) p.push(`${where}: description length ${desc.length}`);
  const options: Json[] = c.options ?? [];
  if (options.length > 25) p.push(`${where}: ${options.length} options > 25`);
  let seenOptional = false;
  for (const o of options) {
    if (o.type === 1 || o.type === 2) {
      if (depth > 0 && o.type === 1 && c.type !== 2) p.push(`${where}: nested subcommand`);
      p.push(...commandProblems(o, depth + 1));
      continue;
    }
    p.push(...commandProblems({ ...o, options: [] }, depth + 1));
    if (o.required && seenOptional) p.push(`${where}.${o.name}: required option after an optional one`);
    if (!o.required) seenOptional = true;
    if (o.autocomplete && o.choices?.length) p.push(`${where}.${o.name}: autocomplete with choices`);
    if ((o.choices ?? []).length > 25) p.push(`${where}.${o.name}: too many choices`);
  }
  return p;
}
