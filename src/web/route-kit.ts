/** What every page route shares: the link check, the token read before validation, an HTML reply. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { WebDeps } from './deps.js';
import type { LinkGrant } from './signed-link.js';

const CHANNEL = /^(discord|slack|shell):[\w.-]{1,100}$/;
export const lang = z.enum(['en', 'zh']).optional();

/** The token, read before the rest is validated (so a bad parameter with a good link is a 400, not a 403). */
export const tokenIn = (input: unknown): string | undefined => {
  const t = (input as { t?: unknown } | undefined)?.t;
  return typeof t === 'string' ? t : undefined;
};

export const html = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(body);

export type GrantCheck = (channel: string, token: string | undefined, role?: 'view' | 'manage' | 'feed') => LinkGrant | undefined;

/** The link's grant when it allows `role`: a manager link allows everything, a feed link the feed only. */
export function grantCheck(deps: Pick<WebDeps, 'signer' | 'clock'>): GrantCheck {
  return (channel, token, role = 'view') => {
    if (!CHANNEL.test(channel)) return undefined;
    const grant = deps.signer.verify(token, channel, deps.clock.now());
    if (!grant || (role === 'manage' && grant.role !== 'manage') || (role === 'view' && grant.role === 'feed')) return undefined;
    return grant;
  };
}
