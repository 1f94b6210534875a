/**
 * A tiny node:http server on 127.0.0.1:0 shared by the HF, journal and Crossref emulators: records every
 * request, lets a test queue canned answers for the next requests (fault injection), and streams large
 * bodies without holding them in memory.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Canned {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Stream this many bytes: `prefix`, then filler, then `suffix` (a huge but well-formed feed). */
  readonly bigBytes?: number;
  readonly prefix?: string;
  readonly suffix?: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
}

export interface LoopbackServer {
  readonly origin: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** The next `n` requests (optionally only those whose path starts with `pathPrefix`) get `answer`. */
  queue(answer: Canned, n?: number, pathPrefix?: string): void;
  close(): Promise<void>;
}

export async function startLoopbackServer(route: (req: RecordedRequest) => Canned): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const queued: { answer: Canned; left: number; pathPrefix?: string }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers };
    requests.push(recorded);
    const slot = queued.find((q) => q.left > 0 && (!q.pathPrefix || url.pathname.startsWith(q.pathPrefix)));
    let answer: Canned;
    if (slot) {
      slot.left--;
      answer = slot.answer;
    } else {
      answer = route(recorded);
    }
    send(res, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    queue(answer, n = 1, pathPrefix) {
      queued.push({ answer, left: n, pathPrefix });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, answer: Canned): void {
  const status = answer.status ?? 200;
  if (answer.bigBytes !== undefined) {
    const prefix = Buffer.from(answer.prefix ?? '');
    const suffix = Buffer.from(answer.suffix ?? '');
    const total = Math.max(answer.bigBytes, prefix.length + suffix.length);
    // No Content-Length: the client must enforce its cap while streaming, not trust a header.
    res.writeHead(status, { 'content-type': 'application/rss+xml', ...(answer.headers ?? {}) });
    res.write(prefix);
    let left = total - prefix.length - suffix.length;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end(suffix);
    };
    res.on('error', () => undefined);
    pump();
    return;
  }
  const body = answer.body ?? '';
  res.writeHead(status, { ...(answer.headers ?? {}) });
  res.end(body);
}
