/**
 * Fetching of user-supplied feed URLs (`/radar source add https://…/rss`) without letting them reach the
 * inside of the network (SSRF). Only http/https; every address the host resolves to is checked, the
 * socket is pinned to the vetted address, redirects are followed by hand (≤ 5) and each hop is checked
 * again; bodies are capped while streaming and the whole request has a deadline. Hosts listed in
 * `RADAR_FEED_ALLOW_HOSTS` skip the address check (test emulators on loopback). Operator-configured base
 * URLs (HF, Crossref, arXiv) do not come through here: they are trusted.
 *
 * Which addresses are refused is the table in refused-ranges.ts. A refusal tells the user only "that address
 * is not allowed" — never what a name resolved to (that would map the inside of the network); the range it
 * fell in rides on the error as `detail` for the operator's log.
 */
import { isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';
import { SourceError } from '../errors.js';
import { refusedRange } from './refused-ranges.js';
import { requestOnce, type Target } from './safe-request.js';

export { blockedReason } from './refused-ranges.js';

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

/** The user-facing sentence of every address refusal; `detail` (the range, the resolved address) is for logs. */
export const NOT_ALLOWED = 'that address is not allowed';
const refused = (where: string, detail: string): SourceError =>
  new SourceError('unsafe_url', `Refusing to fetch ${where}: ${NOT_ALLOWED}.`, false, { cause: new Error(detail) });

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
    const refusal = refusedRange(hostname);
    if (refusal && !allowed) throw refused(where, `${hostname} is ${refusal.why}`);
    return { url, hostname, address: hostname, family: isIP(hostname) };
  }
  if (!allowed && (hostname === 'localhost' || hostname.endsWith('.localhost'))) {
    throw refused(where, `${hostname} is a loopback name`);
  }
  let addresses: readonly { address: string; family: number }[];
  try {
    addresses = await (options.resolve ?? systemResolve)(hostname);
  } catch (cause) {
    throw new SourceError('unsafe_url', `Cannot resolve ${hostname}.`, false, { cause });
  }
  if (addresses.length === 0) throw unsafe(`Cannot resolve ${hostname}: no addresses.`);
  if (!allowed) {
    for (const a of addresses) {
      const refusal = refusedRange(a.address);
      if (refusal) throw refused(where, `${hostname} resolves to ${a.address}, ${refusal.why}`);
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
        if (hop > 0 && e instanceof SourceError) {
          throw new SourceError('unsafe_url', `Refusing to follow a redirect from ${raw}: ${NOT_ALLOWED}.`, false, { cause: e });
        }
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

