/**
 * One HTTP request to a vetted target: the socket is pinned to the vetted address (no second DNS answer can
 * swap it), redirects are returned rather than followed, the body is capped while streaming.
 */
import http from 'node:http';
import https from 'node:https';
import { SourceError } from '../errors.js';

/** A URL resolved to a vetted address. */
export interface Target {
  readonly url: URL;
  readonly hostname: string;
  /** The vetted address to connect to (pinned: no second DNS answer can swap it). */
  readonly address: string;
  readonly family: number;
}

export interface RawResult {
  status: number;
  location?: string;
  contentType?: string;
  body: Buffer;
}

export function requestOnce(
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
