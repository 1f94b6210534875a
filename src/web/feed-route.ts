/** `GET /c/<channel>/feed.atom`: the channel's radar as an Atom feed (render/atom-feed.ts). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { channelFromKey } from '../chat/ports.js';
import { translator } from '../i18n/messages.js';
import type { WebDeps } from './deps.js';
import { errorPage } from './render/error-page.js';
import { renderAtomFeed } from './render/atom-feed.js';
import { channelPath, pageHref } from './render/links.js';
import { html, lang, tokenIn, type GrantCheck } from './route-kit.js';

const feedQuery = z.object({ t: z.string().max(2048), lang });
/** A feed holds the matches of about a week of announcements, at most this many. */
const FEED_DAYS = 5;
const FEED_ENTRIES = 100;

export function registerFeedRoute(app: FastifyInstance, deps: WebDeps, grantFor: GrantCheck): void {
  // the channel's radar as an Atom feed: the matches of the last announcement days, newest day first
  app.get<{ Params: { channel: string } }>('/c/:channel/feed.atom', async (req, reply) => {
    const q = feedQuery.safeParse(req.query);
    const grant = grantFor(req.params.channel, tokenIn(req.query), 'feed');
    if (!grant || !q.success) return html(reply, errorPage(grant ? 400 : 403), grant ? 400 : 403);
    const days = (await deps.store.papers.listDays()).slice(0, FEED_DAYS);
    const settings = await deps.store.channels.getSettings(grant.channel);
    const window = days.length ? await deps.browse(channelFromKey(grant.channel), days) : { ranked: [] };
    // newest announcement day first; within a day, the digest's order (the sort is stable)
    const entries = [...window.ranked].sort((a, b) => (b.paper.announced ?? '').localeCompare(a.paper.announced ?? '')).slice(0, FEED_ENTRIES);
    // the public address when one is configured (behind a proxy), else the one the reader asked
    const origin = deps.publicUrl ?? `${req.protocol}://${req.host}`;
    const body = renderAtomFeed({
      channelKey: grant.channel,
      selfUrl: `${origin}${pageHref(`${channelPath(grant.channel)}/feed.atom`, { t: q.data.t })}`,
      now: deps.clock.now(),
      entries,
      t: translator(q.data.lang ?? settings.language),
    });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'private, max-age=900').send(body);
  });
}
