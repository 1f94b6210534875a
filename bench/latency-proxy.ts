/**
 * A TCP proxy that holds every chunk `oneWayMs` before passing it on, each way: PostgreSQL as if on another
 * host (the bench's server shares the machine, where a round trip is ~0.1 ms; across a data centre it is
 * ~0.5–2 ms). Node's timers count whole milliseconds, so the delay is at least 1 ms each way. Set
 * `BENCH_PG_ONE_WAY_MS` to run the daily section's PostgreSQL jobs through it.
 */
import net from 'node:net';

export interface LatencyProxy {
  /** `url` with its host and port replaced by the proxy's. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startLatencyProxy(targetUrl: string, oneWayMs: number): Promise<LatencyProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    const relay = (from: net.Socket, to: net.Socket): void => {
      // chunks keep their order: every one waits the same time
      from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), oneWayMs));
      from.on('end', () => setTimeout(() => to.end(), oneWayMs));
      from.on('error', () => to.destroy());
    };
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
