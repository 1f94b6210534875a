/**
 * A loopback Slack: the Web API methods the radar calls (form or JSON bodies, bearer token checked), a
 * `response_url` endpoint, Socket Mode (see socket-mode-server.ts) and, for HTTP mode, a signed-request
 * sender (signed-http.ts). Every call is recorded; 429s and platform errors can be injected per method.
 * Point a Bolt App at it with `clientOptions.slackApiUrl = emulator.apiUrl`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSocketModeServer, type SocketModeServer } from './socket-mode-server.js';

export interface SlackCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly token?: string;
  /** What the emulator answered: `ok`, an error code, or `ratelimited`. */
  readonly outcome: string;
  /** When it arrived (ms since the epoch). */
  readonly at: number;
}

export interface SlackMessageRecord {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
  readonly threadTs?: string;
  readonly ephemeralUser?: string;
  /** Message metadata (`event_type`, `event_payload`), as Slack keeps it for conversations.history. */
  readonly metadata?: Record<string, unknown>;
}

export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

export interface SlackEmulatorOptions {
  readonly botToken?: string;
  readonly appToken?: string;
  readonly signingSecret?: string;
  readonly botUserId?: string;
  readonly teamId?: string;
  /**
   * Enforce chat.postMessage limits with HTTP 429 + Retry-After: `perChannel` messages per second per
   * channel (Slack: 1, "short bursts permitted") and `perSecond` for the whole app (Slack publishes no
   * workspace figure; the radar's RADAR_SLACK_RATE is matched to this). Fixed one-second windows.
   */
  readonly rateLimits?: { readonly perChannel?: number; readonly perSecond?: number };
}

export interface SlackEmulator {
  /** Base URL for `slackApiUrl`, ending in `/api/`. */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly botUserId: string;
  readonly teamId: string;
  /** Every Web API call, in arrival order (including refused ones). */
  readonly calls: readonly SlackCall[];
  /** Messages accepted by chat.postMessage / chat.postEphemeral. */
  readonly messages: readonly SlackMessageRecord[];
  /** Bodies posted to response URLs. */
  readonly responses: readonly ResponseUrlPost[];
  readonly socket: SocketModeServer;
  /** A fresh response URL served by this emulator. */
  responseUrl(): string;
  /** The next `times` calls of `method` fail with `{ok:false, error}`. */
  injectError(method: string, error: string, times?: number): void;
  /** The next `times` calls of `method` get HTTP 429 with `Retry-After: retryAfterSec`. */
  injectRateLimit(method: string, retryAfterSec: number, times?: number): void;
  /**
   * The next `times` calls of `method` are carried out (a message is posted) but their answer is lost: the
   * connection drops before the response, as when a network path fails after Slack took the request.
   */
  injectLostResponse(method: string, times?: number): void;
  /** The next `times` calls of `method` are never answered (nor carried out): the request hangs until the client gives up. */
  injectHang(method: string, times?: number): void;
  /** The next `times` calls of `method` get HTTP `status` (a 5xx: Slack failing) without being carried out. */
  injectHttpError(method: string, status: number, times?: number): void;
  /** Sets what `users.info` says about a user (unknown users are plain members). */
  setUser(id: string, facts: SlackUserFacts): void;
  /** Sets the creator `conversations.info` reports for a channel (default `U0FOUNDER`). */
  setChannelCreator(channelId: string, userId: string): void;
  /** Resolves with the first truthy result of `check`, re-evaluated after every recorded activity. */
  until<T>(check: () => T | undefined | false | null): Promise<T>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

export interface SlackUserFacts {
  readonly is_admin?: boolean;
  readonly is_owner?: boolean;
  readonly is_primary_owner?: boolean;
  /** Multi-channel guest. */
  readonly is_restricted?: boolean;
  /** Single-channel guest. */
  readonly is_ultra_restricted?: boolean;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** WebClient sends form fields with objects JSON-encoded; JSON bodies come as they are. */
function parseArgs(raw: string, contentType: string | undefined): Json {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Json;
  const out: Json = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if ((v.startsWith('[') || v.startsWith('{')) && ['blocks', 'attachments', 'metadata'].includes(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        /* keep the string */
      }
    }
    out[k] = v;
  }
  return out;
}

export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const directory = new Map<string, SlackUserFacts>();
  const creators = new Map<string, string>();
  const botToken = options.botToken ?? 'xoxb-emulator-bot-token';
  const appToken = options.appToken ?? 'xapp-1-emulator-app-token';
  const signingSecret = options.signingSecret ?? '8f742231b10e8888abcd99yyyzzz85a5';
  const botUserId = options.botUserId ?? 'U0BOT';
  const teamId = options.teamId ?? 'T0G9PQBBK';
  const calls: SlackCall[] = [];
  const messages: SlackMessageRecord[] = [];
  const responses: ResponseUrlPost[] = [];
  const errors = new Map<string, string[]>();
  const limits = new Map<string, number[]>();
  const waiters = new Set<() => void>();
  let tsCounter = 0;
  let responseCounter = 0;
  let base = '';

  const notify = (): void => {
    for (const w of [...waiters]) w();
  };
  const socket = createSocketModeServer(notify);
  const lostResponses = new Map<string, number>();
  const httpErrors = new Map<string, number[]>();
  const hangs = new Map<string, number>();
  const postLimiter = options.rateLimits ? createPostLimiter(options.rateLimits.perChannel ?? 1, options.rateLimits.perSecond ?? 20) : undefined;
  const nextTs = (): string => `${1_780_000_000 + ++tsCounter}.${String(tsCounter).padStart(6, '0')}`;

  function send(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  function record(method: string, args: Json, token: string | undefined, outcome: string): void {
    calls.push({ method, args, token, outcome, at: Date.now() });
  }

  function webApi(method: string, args: Json, token: string | undefined, res: ServerResponse): void {
    const expected = method === 'apps.connections.open' ? appToken : botToken;
    if (token !== expected) {
      record(method, args, token, 'invalid_auth');
      return send(res, 200, { ok: false, error: token ? 'invalid_auth' : 'not_authed' });
    }
    const limited = method === 'chat.postMessage' ? postLimiter?.(String(args.channel ?? '')) : undefined;
    if (limited !== undefined) {
      record(method, args, token, 'ratelimited');
      return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limited) });
    }
    const limit = limits.get(method);
    if (limit?.length) {
      const retryAfter = limit.shift()!;
      record(method, args, token, 'ratelimited');
      return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
    }
    const hang = hangs.get(method) ?? 0;
    if (hang > 0) {
      hangs.set(method, hang - 1);
      record(method, args, token, 'hung');
      return;
    }
    const failed = httpErrors.get(method)?.shift();
    if (failed) {
      record(method, args, token, `http_${failed}`);
      return send(res, failed, { ok: false, error: 'internal_error' });
    }
    const injected = errors.get(method)?.shift();
    if (injected) {
      record(method, args, token, injected);
      return send(res, 200, { ok: false, error: injected });
    }
    const channel = String(args.channel ?? '');
    const blocks = (Array.isArray(args.blocks) ? args.blocks : []) as Json[];
    const text = String(args.text ?? '');
    const threadTs = args.thread_ts ? String(args.thread_ts) : undefined;
    let body: Json;
    switch (method) {
      case 'auth.test':
        body = { ok: true, url: 'https://emulator.slack.com/', team: 'Emulated', user: 'radar', team_id: teamId, user_id: botUserId, bot_id: 'B0BOT', is_enterprise_install: false };
        break;
      case 'chat.postMessage': {
        if (!channel) return (record(method, args, token, 'channel_not_found'), send(res, 200, { ok: false, error: 'channel_not_found' }));
        if (!text && blocks.length === 0) return (record(method, args, token, 'no_text'), send(res, 200, { ok: false, error: 'no_text' }));
        const ts = nextTs();
        const metadata = args.metadata && typeof args.metadata === 'object' ? (args.metadata as Record<string, unknown>) : undefined;
        messages.push({ channel, ts, text, blocks, threadTs, ...(metadata ? { metadata } : {}) });
        body = { ok: true, channel, ts, message: { type: 'message', user: botUserId, bot_id: 'B0BOT', text, ts, ...(threadTs ? { thread_ts: threadTs } : {}) } };
        break;
      }
      case 'conversations.history': {
        // Newest first, top-level messages only; metadata only with include_all_metadata (as Slack does).
        const oldest = Number(args.oldest ?? 0);
        const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const limit = Number(args.limit ?? 100);
        // pages through `cursor` (an offset here; opaque to the client, as Slack's are)
        const from = Number(args.cursor || 0);
        const all = messages.filter((m) => m.channel === channel && !m.ephemeralUser && (!m.threadTs || m.threadTs === m.ts) && Number(m.ts) > oldest).reverse();
        const found = all
          .slice(from, from + limit)
          .map((m) => ({ type: 'message', user: botUserId, bot_id: 'B0BOT', text: m.text, ts: m.ts, ...(withMeta && m.metadata ? { metadata: m.metadata } : {}) }));
        const more = from + limit < all.length;
        body = { ok: true, messages: found, has_more: more, response_metadata: { next_cursor: more ? String(from + limit) : '' } };
        break;
      }
      case 'conversations.replies': {
        // The thread's parent first, then its replies oldest first (`oldest` bounds the replies); metadata
        // only with include_all_metadata, as for conversations.history.
        const parent = String(args.ts ?? '');
        const oldest = Number(args.oldest ?? 0);
        const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const thread = messages.filter((m) => m.channel === channel && !m.ephemeralUser && (m.ts === parent || m.threadTs === parent));
        if (thread.length === 0) return (record(method, args, token, 'thread_not_found'), send(res, 200, { ok: false, error: 'thread_not_found' }));
        const [from, limit] = [Number(args.cursor || 0), Number(args.limit ?? 1000)];
        const all = thread.filter((m) => m.ts === parent || Number(m.ts) > oldest);
        const found = all
          .slice(from, from + limit)
          .map((m) => ({ type: 'message', user: botUserId, bot_id: 'B0BOT', text: m.text, ts: m.ts, thread_ts: parent, ...(withMeta && m.metadata ? { metadata: m.metadata } : {}) }));
        const more = from + limit < all.length;
        body = { ok: true, messages: found, has_more: more, response_metadata: { next_cursor: more ? String(from + limit) : '' } };
        break;
      }
      case 'chat.postEphemeral': {
        const ts = nextTs();
        messages.push({ channel, ts, text, blocks, threadTs, ephemeralUser: String(args.user ?? '') });
        body = { ok: true, message_ts: ts };
        break;
      }
      case 'chat.update':
        body = { ok: true, channel, ts: String(args.ts ?? ''), text };
        break;
      case 'conversations.info':
        body = { ok: true, channel: { id: channel, name: 'radar', is_channel: true, is_member: true, creator: creators.get(channel) ?? 'U0FOUNDER' } };
        break;
      case 'users.info': {
        const id = String(args.user ?? '');
        if (!id) return (record(method, args, token, 'user_not_found'), send(res, 200, { ok: false, error: 'user_not_found' }));
        const facts = directory.get(id) ?? {};
        body = {
          ok: true,
          user: { id, team_id: teamId, name: id.toLowerCase(), is_admin: false, is_owner: false, is_primary_owner: false, is_restricted: false, is_ultra_restricted: false, is_bot: false, ...facts },
        };
        break;
      }
      case 'apps.connections.open':
        body = { ok: true, url: `${base.replace('http://', 'ws://')}/socket/${socket.connectionsOpened + 1}` };
        break;
      default:
        record(method, args, token, 'unknown_method');
        return send(res, 200, { ok: false, error: 'unknown_method' });
    }
    record(method, args, token, 'ok');
    const lost = lostResponses.get(method) ?? 0;
    if (lost > 0) {
      lostResponses.set(method, lost - 1);
      res.socket?.destroy();
      return;
    }
    send(res, 200, body);
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
        const args = parseArgs(raw, req.headers['content-type']);
        const auth = req.headers.authorization;
        const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
        delete args.token;
        webApi(url.pathname.slice('/api/'.length), args, token, res);
      } else if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
        responses.push({ id: url.pathname.slice('/response/'.length), body: parseArgs(raw, 'application/json') });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      } else {
        res.writeHead(404);
        res.end();
      }
      notify();
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  server.on('upgrade', (req, sock, head) => {
    if ((req.url ?? '').startsWith('/socket/')) socket.handleUpgrade(req, sock, head);
    else sock.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    botToken,
    appToken,
    signingSecret,
    botUserId,
    teamId,
    calls,
    messages,
    responses,
    socket,
    responseUrl: () => `${base}/response/${++responseCounter}`,
    setUser(id, facts) {
      directory.set(id, facts);
    },
    setChannelCreator(channelId, userId) {
      creators.set(channelId, userId);
    },
    injectError(method, error, times = 1) {
      errors.set(method, [...(errors.get(method) ?? []), ...Array<string>(times).fill(error)]);
    },
    injectHang(method, times = 1) {
      hangs.set(method, (hangs.get(method) ?? 0) + times);
    },
    injectHttpError(method, status, times = 1) {
      httpErrors.set(method, [...(httpErrors.get(method) ?? []), ...Array<number>(times).fill(status)]);
    },
    injectLostResponse(method, times = 1) {
      lostResponses.set(method, (lostResponses.get(method) ?? 0) + times);
    },
    injectRateLimit(method, retryAfterSec, times = 1) {
      limits.set(method, [...(limits.get(method) ?? []), ...Array<number>(times).fill(retryAfterSec)]);
    },
    until<T>(check: () => T | undefined | false | null): Promise<T> {
      return new Promise<T>((resolve) => {
        const attempt = (): void => {
          const v = check();
          if (v) {
            waiters.delete(attempt);
            resolve(v);
          }
        };
        waiters.add(attempt);
        attempt();
      });
    },
    async close() {
      socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Fixed one-second windows per channel and for the app; returns Retry-After seconds when over, else undefined. */
function createPostLimiter(perChannel: number, perSecond: number): (channel: string) => number | undefined {
  const windows = new Map<string, { start: number; count: number }>();
  const take = (key: string, max: number, now: number): boolean => {
    let w = windows.get(key);
    if (!w || now >= w.start + 1_000) windows.set(key, (w = { start: now, count: 0 }));
    return w.count < max;
  };
  return (channel) => {
    const now = Date.now();
    if (!take('*', perSecond, now) || !take(channel, perChannel, now)) return 1;
    windows.get('*')!.count += 1;
    windows.get(channel)!.count += 1;
    return undefined;
  };
}
