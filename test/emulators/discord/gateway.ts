/**
 * The emulator's gateway: a `ws` WebSocketServer sharing the HTTP server's port. It speaks the JSON
 * (uncompressed) gateway v10 the way @discordjs/ws expects: HELLO → IDENTIFY → READY → GUILD_CREATE,
 * heartbeats ACKed, RESUME replaying the events missed while the socket was down, then RESUMED.
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
  hello(): Json;
  ready(sessionId: string): Json;
  guildCreate(): Json;
}

/** One frame the bot sent, as recorded for assertions. */
export interface GatewayFrame {
  readonly op: number;
  readonly d: unknown;
}

export class EmulatedGateway extends EventEmitter {
  readonly wss = new WebSocketServer({ noServer: true });
  /** Every frame the bot sent, in order. */
  readonly received: GatewayFrame[] = [];
  private socket: WebSocket | undefined;
  private sessionId: string | undefined;
  private seq = 0;
  private readonly sent: Json[] = [];
  private holdingResume = false;
  private pendingResume: { ws: WebSocket; seq: number } | undefined;

  constructor(private readonly hooks: GatewayHooks) {
    super();
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** True while a socket is open and identified or resumed. */
  get connected(): boolean {
    return this.socket !== undefined && this.socket.readyState === this.socket.OPEN;
  }

  /** Send a dispatch (op 0). Events sent while the socket is down are kept and replayed on RESUME. */
  dispatch(t: string, d: Json): void {
    const frame = { op: 0, t, s: ++this.seq, d };
    this.sent.push(frame);
    if (this.connected) this.socket!.send(JSON.stringify(frame));
  }

  /** Close the socket with a resumable code (4000 Unknown error: @discordjs/ws resumes on it). */
  forceClose(code = 4000): void {
    const ws = this.socket;
    this.socket = undefined;
    ws?.close(code, 'emulator: forced close');
  }

  /** Ask the bot for an immediate heartbeat (op 1 from the server); it must answer with op 1, we ACK with 11. */
  requestHeartbeat(): void {
    this.socket?.send(JSON.stringify({ op: 1, d: null }));
  }

  /** While held, a RESUME is parked (the bot sits in "resuming") until {@link releaseResume}. */
  holdResume(hold: boolean): void {
    this.holdingResume = hold;
  }

  releaseResume(): void {
    this.holdingResume = false;
    const p = this.pendingResume;
    this.pendingResume = undefined;
    if (p) this.completeResume(p.ws, p.seq);
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
      this.received.push({ op: frame.op, d: frame.d });
      this.onFrame(ws, frame);
      this.emit('frame', frame);
    });
  }

  private onFrame(ws: WebSocket, frame: Json): void {
    switch (frame.op) {
      case 1:
        ws.send(JSON.stringify({ op: 11, d: null }));
        return;
      case 2: {
        if (frame.d?.token !== this.hooks.token) return void ws.close(4004, 'Authentication failed');
        this.socket = ws;
        this.sessionId = randomUUID().replaceAll('-', '');
        this.sent.length = 0;
        this.dispatch('READY', this.hooks.ready(this.sessionId));
        this.dispatch('GUILD_CREATE', this.hooks.guildCreate());
        return;
      }
      case 6: {
        const d = frame.d ?? {};
        if (d.token !== this.hooks.token || d.session_id !== this.sessionId) {
          ws.send(JSON.stringify({ op: 9, d: false })); // invalid session: the bot must identify afresh
          return;
        }
        if (this.holdingResume) this.pendingResume = { ws, seq: Number(d.seq ?? 0) };
        else this.completeResume(ws, Number(d.seq ?? 0));
        return;
      }
      default:
        return;
    }
  }

  private completeResume(ws: WebSocket, fromSeq: number): void {
    this.socket = ws;
    for (const f of this.sent) if (f.s > fromSeq) ws.send(JSON.stringify(f));
    const frame = { op: 0, t: 'RESUMED', s: ++this.seq, d: {} };
    ws.send(JSON.stringify(frame));
    this.emit('resumed');
  }
}
