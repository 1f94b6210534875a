/**
 * The emulator's gateway: a `ws` WebSocketServer sharing the HTTP server's port. It speaks the JSON
 * (uncompressed) gateway v10 the way @discordjs/ws expects: HELLO → IDENTIFY → READY → GUILD_CREATE,
 * heartbeats ACKed, RESUME replaying the events missed while the socket was down, then RESUMED.
 *
 * Sharding as Discord does it: with `shardCount` > 1 an IDENTIFY must carry `shard: [id, count]` (else
 * close 4011 Sharding required; a wrong count or id closes 4010 Invalid shard); each shard is a session of
 * its own and receives only the events of its guilds, a guild belonging to shard `(guild_id >> 22) % count`.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface GatewayHooks {
  readonly token: string;
  readonly heartbeatIntervalMs: number;
  /** Total shards the bot must identify with (default 1). */
  readonly shardCount?: number;
  hello(): Json;
  ready(sessionId: string, shard: number): Json;
  /** GUILD_CREATE payloads of the guilds on `shard`. */
  guildCreates(shard: number): Json[];
}

/** One frame the bot sent, as recorded for assertions. */
export interface GatewayFrame {
  readonly op: number;
  readonly d: unknown;
  /** The shard whose socket sent it. */
  readonly shard: number;
}

/** The shard a guild belongs to, by Discord's rule. */
export const shardOfGuild = (guildId: string, count: number): number => Number((BigInt(guildId) >> 22n) % BigInt(count));

interface Session {
  socket?: WebSocket;
  sessionId?: string;
  seq: number;
  readonly sent: Json[];
}

export class EmulatedGateway extends EventEmitter {
  readonly wss = new WebSocketServer({ noServer: true });
  /** Every frame the bot sent, in order. */
  readonly received: GatewayFrame[] = [];
  readonly shardCount: number;
  private readonly sessions = new Map<number, Session>();
  private readonly shardOfSocket = new Map<WebSocket, number>();
  private holdingResume = false;
  private pendingResume: { ws: WebSocket; shard: number; seq: number } | undefined;

  constructor(private readonly hooks: GatewayHooks) {
    super();
    this.shardCount = hooks.shardCount ?? 1;
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** True while every shard that identified has an open socket (and at least one did). */
  get connected(): boolean {
    const all = [...this.sessions.values()];
    return all.length > 0 && all.every((s) => s.socket !== undefined && s.socket.readyState === s.socket.OPEN);
  }

  /** Shards with an identified, open socket. */
  connectedShards(): number[] {
    return [...this.sessions].filter(([, s]) => s.socket?.readyState === s.socket?.OPEN && s.socket).map(([id]) => id).sort();
  }

  /**
   * Send a dispatch (op 0) to the shard of the payload's guild (shard 0 without one). Events sent while that
   * socket is down are kept and replayed on RESUME.
   */
  dispatch(t: string, d: Json): void {
    const guildId = (d.guild_id ?? (t === 'GUILD_CREATE' ? d.id : undefined)) as string | undefined;
    const shard = guildId ? shardOfGuild(guildId, this.shardCount) : 0;
    const session = this.session(shard);
    const frame = { op: 0, t, s: ++session.seq, d };
    session.sent.push(frame);
    if (session.socket?.readyState === session.socket?.OPEN) session.socket?.send(JSON.stringify(frame));
  }

  /** Close every socket with a resumable code (4000 Unknown error: @discordjs/ws resumes on it). */
  forceClose(code = 4000): void {
    for (const s of this.sessions.values()) {
      const ws = s.socket;
      s.socket = undefined;
      ws?.close(code, 'emulator: forced close');
    }
  }

  /** Ask the bot for an immediate heartbeat (op 1 from the server); it must answer with op 1, we ACK with 11. */
  requestHeartbeat(): void {
    for (const s of this.sessions.values()) s.socket?.send(JSON.stringify({ op: 1, d: null }));
  }

  /** While held, a RESUME is parked (the bot sits in "resuming") until {@link releaseResume}. */
  holdResume(hold: boolean): void {
    this.holdingResume = hold;
  }

  releaseResume(): void {
    this.holdingResume = false;
    const p = this.pendingResume;
    this.pendingResume = undefined;
    if (p) this.completeResume(p.ws, p.shard, p.seq);
  }

  /** Resolves when the bot has sent `count` frames with opcode `op` (already-sent frames count). */
  waitForOp(op: number, count = 1): Promise<void> {
    return new Promise((resolve) => {
      const check = (): boolean => this.received.filter((f) => f.op === op).length >= count;
      if (check()) return resolve();
      const on = (): void => {
        if (check()) {
          this.off('frame', on);
          resolve();
        }
      };
      this.on('frame', on);
    });
  }

  close(): void {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
  }

  private session(shard: number): Session {
    let s = this.sessions.get(shard);
    if (!s) this.sessions.set(shard, (s = { seq: 0, sent: [] }));
    return s;
  }

  private onConnection(ws: WebSocket): void {
    ws.send(JSON.stringify(this.hooks.hello()));
    ws.on('message', (raw) => {
      let frame: Json;
      try {
        frame = JSON.parse(String(raw)) as Json;
      } catch {
        ws.close(4002, 'Decode error'); // the real gateway closes on a payload it cannot decode
        return;
      }
      this.received.push({ op: frame.op, d: frame.d, shard: this.shardOfSocket.get(ws) ?? 0 });
      this.onFrame(ws, frame);
      this.emit('frame', frame);
    });
  }

  private onFrame(ws: WebSocket, frame: Json): void {
    switch (frame.op) {
      case 1:
        ws.send(JSON.stringify({ op: 11, d: null }));
        return;
      case 2:
        return this.identify(ws, frame.d ?? {});
      case 6: {
        const d = frame.d ?? {};
        const found = [...this.sessions].find(([, s]) => s.sessionId !== undefined && s.sessionId === d.session_id);
        if (d.token !== this.hooks.token || !found) {
          ws.send(JSON.stringify({ op: 9, d: false })); // invalid session: the bot must identify afresh
          return;
        }
        this.shardOfSocket.set(ws, found[0]);
        if (this.holdingResume) this.pendingResume = { ws, shard: found[0], seq: Number(d.seq ?? 0) };
        else this.completeResume(ws, found[0], Number(d.seq ?? 0));
        return;
      }
      default:
        return;
    }
  }

  private identify(ws: WebSocket, d: Json): void {
    if (d.token !== this.hooks.token) return void ws.close(4004, 'Authentication failed');
    const shard = Array.isArray(d.shard) ? (d.shard as number[]) : undefined;
    if (!shard && this.shardCount > 1) return void ws.close(4011, 'Sharding required');
    const [id, count] = shard ?? [0, 1];
    if (count !== this.shardCount || !(id! >= 0 && id! < count!)) return void ws.close(4010, 'Invalid shard');
    const session = this.session(id!);
    session.socket = ws;
    session.sessionId = randomUUID().replaceAll('-', '');
    session.sent.length = 0;
    this.shardOfSocket.set(ws, id!);
    this.sendTo(id!, 'READY', this.hooks.ready(session.sessionId, id!));
    for (const guild of this.hooks.guildCreates(id!)) this.sendTo(id!, 'GUILD_CREATE', guild);
  }

  private sendTo(shard: number, t: string, d: Json): void {
    const session = this.session(shard);
    const frame = { op: 0, t, s: ++session.seq, d };
    session.sent.push(frame);
    session.socket?.send(JSON.stringify(frame));
  }

  private completeResume(ws: WebSocket, shard: number, fromSeq: number): void {
    const session = this.session(shard);
    session.socket = ws;
    for (const f of session.sent) if (f.s > fromSeq) ws.send(JSON.stringify(f));
    const frame = { op: 0, t: 'RESUMED', s: ++session.seq, d: {} };
    ws.send(JSON.stringify(frame));
    this.emit('resumed');
  }
}
