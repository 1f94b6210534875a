/**
 * Fetching of user-supplied feed URLs (`/radar source add https://…/rss`) without letting them reach the
 * inside of the network (SSRF). Only http/https; every address the host resolves to is checked, the
 * socket is pinned to the vetted address, redirects are followed by hand (≤ 5) and each hop is checked
 * again; bodies are capped while streaming and the whole request has a deadline. Hosts listed in
 * `RADAR_FEED_ALLOW_HOSTS` skip the address check (test emulators on loopback). Operator-configured base
 * URLs (HF, Crossref, arXiv) do not come through here: they are trusted.
 *
 * Which IP addresses a user-supplied feed URL must never reach: loopback, private, link-local, cloud
 * metadata, unspecified, multicast/reserved, and IPv6 forms that embed one of those IPv4 addresses
 * (IPv4-mapped `::ffff:127.0.0.1`, IPv4-compatible `::127.0.0.1`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`).
 * Parsing is done here rather than with `net.BlockList` so each refusal can say *why* in plain words.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';
import { SourceError } from '../errors.js';

/** Parse dotted IPv4 to an unsigned 32-bit number; undefined when not plain dotted-quad. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    value = value * 256 + Number(p);
  }
  return value;
}

/** Parse IPv6 (with `::`, an embedded IPv4 tail and an optional zone id) into eight 16-bit groups. */
export function parseIpv6(text: string): number[] | undefined {
  let s = text.replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (isIP(s) !== 6) return undefined;
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // `::ffff:127.0.0.1` → `::ffff:7f00:1`, then parse as plain hex groups.
    const v4 = parseIpv4(maybeV4);
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const toGroups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const double = s.indexOf('::');
  if (double < 0) {
    const groups = toGroups(s);
    return groups.length === 8 ? groups : undefined;
  }
  const head = toGroups(s.slice(0, double));
  const rest = toGroups(s.slice(double + 2));
  const zeros = 8 - head.length - rest.length;
  if (zeros < 0) return undefined;
  return [...head, ...new Array<number>(zeros).fill(0), ...rest];
}

const inV4 = (ip: number, base: string, bits: number): boolean => {
  const b = parseIpv4(base)!;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((ip & mask) >>> 0) === ((b & mask) >>> 0);
};

const V4_RULES: readonly [string, number, string][] = [
  ['169.254.169.254', 32, 'the cloud metadata address'],
  ['0.0.0.0', 8, 'an unspecified (0.0.0.0/8) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['10.0.0.0', 8, 'a private address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.168.0.0', 16, 'a private address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['100.64.0.0', 10, 'a shared (carrier-grade NAT) address'],
  ['192.0.0.0', 24, 'a reserved address'],
  ['198.18.0.0', 15, 'a reserved (benchmarking) address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

function v4Reason(ip: number): string | undefined {
  for (const [base, bits, reason] of V4_RULES) if (inV4(ip, base, bits)) return reason;
  return undefined;
}

function v6Reason(g: number[]): string | undefined {
  const zeroUpTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  const embedded = (hi: number, lo: number): number => ((hi << 16) >>> 0) + lo;
  if (g.every((x) => x === 0)) return 'an unspecified (::) address';
  if (zeroUpTo(7) && g[7] === 1) return 'a loopback address';
  const mapped =
    (zeroUpTo(5) && g[5] === 0xffff) || // ::ffff:a.b.c.d
    zeroUpTo(6) || // ::a.b.c.d (IPv4-compatible, deprecated)
    (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)); // NAT64
  if (mapped) {
    const reason = v4Reason(embedded(g[6]!, g[7]!));
    return reason ? `${reason} (IPv4 embedded in IPv6)` : undefined;
  }
  if (g[0] === 0x2002) {
    const reason = v4Reason(embedded(g[1]!, g[2]!));
    return reason ? `${reason} (6to4)` : undefined;
  }
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) {
    return 'the cloud metadata address';
  }
  if ((g[0]! & 0xfe00) === 0xfc00) return 'a private (unique local) address';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'a private (site-local) address';
  if ((g[0]! & 0xff00) === 0xff00) return 'a multicast address';
  return undefined;
}

/**
 * Why this address must not be fetched (`a loopback address`, …), or undefined when it is public.
 * Anything that does not parse as an IP counts as unsafe: callers only pass resolved addresses.
 */
export function blockedReason(address: string): string | undefined {
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return v4Reason(v4);
  const v6 = parseIpv6(address);
  if (v6) return v6Reason(v6);
  return 'not an IP address';
}

// ---------------------------------------------------------------- fetching

/** Resolves a host name to every address (node:dns `lookup` with `all: true` by default). Injected in tests. */
export type ResolveHost = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export const systemResolve: ResolveHost = async (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface SafeFetchOptions {
  /**
   * Hosts exempt from the address checks (`RADAR_FEED_ALLOW_HOSTS`): `name` or `name:port`, e.g.
   * `127.0.0.1:41234` for a test emulator. Redirect targets are checked against it again.
   */
  readonly allowHosts?: readonly string[];
  /** `RADAR_FEED_MAX_BYTES`; default 5 MB. Bigger bodies are refused while streaming. */
  readonly maxBytes?: number;
  /** Whole-request deadline (connect, redirects and body). Default 30 s. */
  readonly timeoutMs?: number;
  /** Default 5. */
  readonly maxRedirects?: number;
  readonly resolve?: ResolveHost;
  readonly userAgent?: string;
}

export interface SafeResponse {
  readonly status: number;
  /** The final URL after redirects. */
  readonly url: string;
  readonly contentType?: string;
  readonly body: Buffer;
}

/**
 * Fetch a user-supplied URL. Resolves to the final 2xx response.
 * @throws SourceError `unsafe_url` (refused; not retryable, message says why), `too_large`, `timeout`,
 *   `feed_http` (non-2xx; retryable for 429/5xx), `feed_network`.
 */
export type SafeFetch = (url: string, options?: { signal?: AbortSignal; accept?: string }) => Promise<SafeResponse>;

const unsafe = (message: string): SourceError => new SourceError('unsafe_url', message, false);

interface Target {
  readonly url: URL;
  readonly hostname: string;
  /** The vetted address to connect to (pinned: no second DNS answer can swap it). */
  readonly address: string;
  readonly family: number;
}

/** Validates a URL and resolves it to a vetted address. Exported for `/radar source add` messages. */
export async function vetUrl(raw: string, options: Pick<SafeFetchOptions, 'allowHosts' | 'resolve'> = {}): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw unsafe(`"${raw}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw unsafe(`Only http and https feed URLs are allowed (got ${url.protocol}).`);
  }
  if (url.username || url.password) throw unsafe('Feed URLs with a user name or password are not allowed.');
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const allow = new Set((options.allowHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean));
  const allowed = allow.has(hostname) || allow.has(`${hostname}:${port}`) || allow.has(`[${hostname}]:${port}`);
  const where = `${url.origin}/`;
  if (isIP(hostname)) {
    const reason = blockedReason(hostname);
    if (reason && !allowed) throw unsafe(`Refusing to fetch ${where}: ${hostname} is ${reason}.`);
    return { url, hostname, address: hostname, family: isIP(hostname) };
  }
  if (!allowed && (hostname === 'localhost' || hostname.endsWith('.localhost'))) {
    throw unsafe(`Refusing to fetch ${where}: ${hostname} is a loopback name.`);
  }
  let addresses: readonly { address: string; family: number }[];
  try {
    addresses = await (options.resolve ?? systemResolve)(hostname);
  } catch (cause) {
    throw new SourceError('unsafe_url', `Cannot resolve ${hostname}: ${(cause as Error).message ?? cause}`, false, { cause });
  }
  if (addresses.length === 0) throw unsafe(`Cannot resolve ${hostname}: no addresses.`);
  if (!allowed) {
    for (const a of addresses) {
      const reason = blockedReason(a.address);
      if (reason) throw unsafe(`Refusing to fetch ${where}: ${hostname} resolves to ${a.address}, ${reason}.`);
    }
  }
  const first = addresses[0]!;
  return { url, hostname, address: first.address, family: first.family || isIP(first.address) };
}

export function createSafeFetch(options: SafeFetchOptions = {}): SafeFetch {
  const maxBytes = options.maxBytes ?? 5_000_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRedirects = options.maxRedirects ?? 5;

  return async (raw, fetchOptions = {}) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = fetchOptions.signal ? AbortSignal.any([fetchOptions.signal, deadline]) : deadline;
    let current = raw;
    for (let hop = 0; ; hop++) {
      const target = await vetUrl(current, options).catch((e: unknown) => {
        if (hop > 0 && e instanceof SourceError) throw unsafe(`Refusing to follow a redirect from ${raw}: ${e.message}`);
        throw e;
      });
      const res = await requestOnce(target, { signal, maxBytes, accept: fetchOptions.accept, userAgent: options.userAgent });
      if (res.status >= 300 && res.status < 400 && res.location) {
        if (hop >= maxRedirects) throw unsafe(`Too many redirects (more than ${maxRedirects}) from ${raw}.`);
        current = new URL(res.location, target.url).toString();
        continue;
      }
      if (res.status < 200 || res.status >= 300) {
        const retryable = res.status === 429 || res.status >= 500;
        throw new SourceError('feed_http', `HTTP ${res.status} from ${target.url.origin}${target.url.pathname}`, retryable);
      }
      return { status: res.status, url: target.url.toString(), contentType: res.contentType, body: res.body };
    }
  };
}

interface RawResult {
  status: number;
  location?: string;
  contentType?: string;
  body: Buffer;
}

function requestOnce(
  target: Target,
  opts: { signal: AbortSignal; maxBytes: number; accept?: string; userAgent?: string },
): Promise<RawResult> {
  const lib = target.url.protocol === 'https:' ? https : http;
  // Pin the vetted address: the socket never asks DNS again, so a rebinding answer cannot slip in.
  const lookup = (_h: string, o: { all?: boolean }, cb: (...args: unknown[]) => void): void => {
    if (o && o.all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  return new Promise<RawResult>((resolve, reject) => {
    const fail = (error: Error): void => reject(error);
    if (opts.signal.aborted) return fail(timeoutOrAbort(opts.signal, target));
    const req = lib.request(
      target.url,
      {
        method: 'GET',
        lookup: lookup as never,
        headers: {
          accept: opts.accept ?? 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1',
          'accept-encoding': 'identity',
          ...(opts.userAgent ? { 'user-agent': opts.userAgent } : {}),
        },
        signal: opts.signal,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
        const contentType = res.headers['content-type'];
        if (status >= 300 && status < 400) {
          res.resume();
          return resolve({ status, location, contentType, body: Buffer.alloc(0) });
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          res.destroy();
          return fail(tooLarge(target, opts.maxBytes, declared));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            res.destroy();
            req.destroy();
            fail(tooLarge(target, opts.maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status, location, contentType, body: Buffer.concat(chunks) }));
        res.on('error', (e) => fail(opts.signal.aborted ? timeoutOrAbort(opts.signal, target) : network(target, e)));
      },
    );
    req.on('error', (e) => fail(opts.signal.aborted ? timeoutOrAbort(opts.signal, target) : network(target, e)));
    req.end();
  });
}

function tooLarge(target: Target, max: number, declared?: number): SourceError {
  const size = declared === undefined ? 'more than' : `${declared} bytes, more than`;
  return new SourceError('too_large', `The feed at ${target.url.origin} is too large (${size} the ${max}-byte limit).`, false);
}

function network(target: Target, e: Error): SourceError {
  return new SourceError('feed_network', `Cannot fetch ${target.url.origin}: ${e.message}`, true, { cause: e });
}

function timeoutOrAbort(signal: AbortSignal, target: Target): SourceError {
  const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
  return new SourceError(timedOut ? 'timeout' : 'aborted', `${timedOut ? 'Timed out' : 'Aborted'} fetching ${target.url.origin}`, timedOut);
}
