/**
 * Plays Slack's side of HTTP mode: signs requests exactly as Slack does and POSTs them to the app.
 * Signature: `v0=` + hex HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`), over the raw bytes.
 */
import { createHmac } from 'node:crypto';

/** The Slack request signature of a raw body. */
export function signSlackRequest(signingSecret: string, timestamp: string | number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SignedRequestOptions {
  /** Overrides the computed signature (forgery tests). */
  readonly signature?: string;
  /** Seconds since the epoch; defaults to now (the app checks it against its own wall clock). */
  readonly timestamp?: number;
  /** Sends `X-Slack-Retry-Num` / `X-Slack-Retry-Reason` like an Events API redelivery. */
  readonly retryNum?: number;
  readonly retryReason?: string;
}

export interface SignedResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
}

export interface SlackHttpSender {
  /** A slash command: `application/x-www-form-urlencoded` fields. */
  command(fields: Readonly<Record<string, string>>, options?: SignedRequestOptions): Promise<SignedResponse>;
  /** Interactivity: a form body with one `payload=<json>` field. */
  interactive(payload: unknown, options?: SignedRequestOptions): Promise<SignedResponse>;
  /** Events API: a JSON body. */
  event(body: unknown, options?: SignedRequestOptions): Promise<SignedResponse>;
  /** Any raw body with its content type (fixtures sent byte for byte). */
  raw(rawBody: string, contentType: string, options?: SignedRequestOptions): Promise<SignedResponse>;
}

/** A client that sends signed requests to an app's request URL (e.g. `http://127.0.0.1:PORT/slack/events`). */
export function createSlackHttpSender(url: string, signingSecret: string): SlackHttpSender {
  const raw = async (rawBody: string, contentType: string, options: SignedRequestOptions = {}): Promise<SignedResponse> => {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signSlackRequest(signingSecret, timestamp, rawBody),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
    }
    const res = await fetch(url, { method: 'POST', headers, body: rawBody });
    return { status: res.status, body: await res.text(), headers: res.headers };
  };
  const form = 'application/x-www-form-urlencoded';
  return {
    raw,
    command: (fields, options) => raw(new URLSearchParams({ ...fields }).toString(), form, options),
    interactive: (payload, options) =>
      raw(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), form, options),
    event: (body, options) => raw(JSON.stringify(body), 'application/json', options),
  };
}
