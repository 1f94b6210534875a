/**
 * Signed page links: `<channel>` + role + voter + expiry, HMAC-SHA256 with the web secret. A link to a
 * channel's page grants reading it (and voting as the asker); a `manage` link also grants adding
 * subscriptions from the topic page; a `feed` link grants the channel's Atom feed only — it lives a year in
 * a feed reader, so it reads the papers and nothing else. Tokens are compact: base64url(JSON payload) `.`
 * base64url(MAC).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyValueStore } from '../store/ports.js';

export type LinkRole = 'view' | 'manage' | 'feed';

export interface LinkGrant {
  /** Channel key (`discord:123`, `shell:terminal`). */
  readonly channel: string;
  readonly role: LinkRole;
  /** The platform user the link was given to (votes are recorded under it). */
  readonly user: string;
  /** Expiry, epoch milliseconds. */
  readonly expires: number;
}

export const LINK_TTL_MS = 7 * 86_400_000;
/** A feed reader keeps its URL: a feed link lives a year. */
export const FEED_TTL_MS = 365 * 86_400_000;

const ROLE_CODES = { view: 'v', manage: 'm', feed: 'f' } as const;
const ROLES_BY_CODE: Readonly<Record<string, LinkRole>> = { v: 'view', m: 'manage', f: 'feed' };

interface Payload {
  c: string;
  r: 'v' | 'm' | 'f';
  u: string;
  e: number;
}

export interface LinkSigner {
  sign(grant: Omit<LinkGrant, 'expires'>, now: Date): string;
  /** The grant for a valid, unexpired token of this channel; undefined for anything forged, altered or expired. */
  verify(token: string | undefined, channel: string, now: Date): LinkGrant | undefined;
}

export function createLinkSigner(secret: string, ttlMs = LINK_TTL_MS, feedTtlMs = FEED_TTL_MS): LinkSigner {
  const mac = (data: string) => createHmac('sha256', secret).update(data).digest();
  return {
    sign(grant, now) {
      const payload: Payload = { c: grant.channel, r: ROLE_CODES[grant.role], u: grant.user, e: now.getTime() + (grant.role === 'feed' ? feedTtlMs : ttlMs) };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token, channel, now) {
      if (!token || token.length > 2048) return undefined;
      const dot = token.indexOf('.');
      if (dot <= 0) return undefined;
      const body = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      let p: Payload;
      try {
        p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
      } catch {
        return undefined;
      }
      if (typeof p.c !== 'string' || typeof p.u !== 'string' || typeof p.e !== 'number') return undefined;
      const role = ROLES_BY_CODE[p.r];
      if (p.c !== channel || p.e <= now.getTime() || role === undefined) return undefined;
      return { channel: p.c, role, user: p.u, expires: p.e };
    },
  };
}

/**
 * The signing secret: `RADAR_WEB_SECRET` when set, else the one stored in the radar's store, generated
 * and stored on first start (so links survive restarts).
 */
export async function resolveWebSecret(configured: string | undefined, kv: KeyValueStore): Promise<string> {
  if (configured) return configured;
  const stored = await kv.get<string>('secret');
  if (stored) return stored;
  const fresh = randomBytes(32).toString('base64url');
  await kv.set('secret', fresh);
  return fresh;
}
