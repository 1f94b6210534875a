/**
 * The Socket Mode side of the Slack emulator: `apps.connections.open` hands out `ws://127.0.0.1:PORT/socket/N`;
 * on connect the server sends `{type:'hello'}`, then envelopes the app must ack by `envelope_id`.
 * `drop()` kills the socket without a close handshake and `sendDisconnect()` asks the client to reconnect,
 * as Slack does when it recycles a pod.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

export interface SocketAck {
  readonly envelopeId: string;
  readonly payload: Record<string, unknown>;
}

export interface SocketModeServer {
  /** Connections opened so far (a reconnect makes it grow). */
  readonly connectionsOpened: number;
  /** Whether a client is connected now. */
  readonly connected: boolean;
  /** Every envelope sent and every ack received, in order. */
  readonly acks: readonly SocketAck[];
  /** Sends one envelope and resolves with the app's ack (rejects if the socket closes first). */
  send(type: EnvelopeType, payload: unknown, options?: { retryAttempt?: number; retryReason?: string; envelopeId?: string }): Promise<SocketAck>;
  /** Terminates the live socket abruptly (a network drop). */
  drop(): void;
  /** Sends `{type:'disconnect', reason}`: the client closes and reconnects. */
  sendDisconnect(reason?: string): void;
}

export interface SocketModeServerInternals extends SocketModeServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/** `notify` is called on every state change so the emulator's `until()` can re-check its conditions. */
export function createSocketModeServer(notify: () => void): SocketModeServerInternals {
  const wss = new WebSocketServer({ noServer: true });
  let live: WebSocket | undefined;
  let opened = 0;
  const acks: SocketAck[] = [];
  const pending = new Map<string, { resolve: (a: SocketAck) => void; reject: (e: Error) => void }>();

  const failPending = (why: string): void => {
    for (const [id, p] of pending) p.reject(new Error(`socket closed before ack of ${id}: ${why}`));
    pending.clear();
  };

  wss.on('connection', (ws) => {
    live = ws;
    opened++;
    ws.on('message', (data) => {
      let msg: { envelope_id?: string; payload?: Record<string, unknown> };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      if (!msg.envelope_id) return;
      const ack = { envelopeId: msg.envelope_id, payload: msg.payload ?? {} };
      acks.push(ack);
      pending.get(msg.envelope_id)?.resolve(ack);
      pending.delete(msg.envelope_id);
      notify();
    });
    ws.on('close', () => {
      if (live === ws) live = undefined;
      failPending('close');
      notify();
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'emulator', approximate_connection_time: 18060 }, connection_info: { app_id: 'A111' } }));
    notify();
  });

  return {
    get connectionsOpened() {
      return opened;
    },
    get connected() {
      return live !== undefined && live.readyState === live.OPEN;
    },
    acks,
    send(type, payload, options = {}) {
      const ws = live;
      if (!ws) return Promise.reject(new Error('no Socket Mode client connected'));
      const envelopeId = options.envelopeId ?? randomUUID();
      const envelope: Record<string, unknown> = { envelope_id: envelopeId, payload, type, accepts_response_payload: type !== 'events_api' };
      if (type === 'events_api') {
        envelope.retry_attempt = options.retryAttempt ?? 0;
        envelope.retry_reason = options.retryReason ?? '';
      }
      return new Promise<SocketAck>((resolve, reject) => {
        pending.set(envelopeId, { resolve, reject });
        ws.send(JSON.stringify(envelope));
      });
    },
    drop() {
      live?.terminate();
    },
    sendDisconnect(reason = 'refresh_requested') {
      live?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'emulator' } }));
    },
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      failPending('emulator closed');
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
