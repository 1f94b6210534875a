/**
 * Page routes. Every `/c/<channel>…` request needs a valid signed token (`t`) for that channel; anything
 * else gets 403 before the store is read. Query strings are validated here (the edge).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cleanUserText } from '../chat/edge-text.js';
import { channelFromKey } from '../chat/ports.js';
import { UserError } from '../errors.js';
import { translator, type Translate } from '../i18n/messages.js';
import type { WebDeps } from './deps.js';
import { buildChannelView, memoAuthorOf } from './channel-view.js';
import { createTopicPages } from './topic-view.js';
import { renderChannelPage } from './render/channel-page.js';
import { renderTopicPage } from './render/topic-page.js';
import { errorPage } from './render/error-page.js';
import { channelPath, pageHref } from './render/links.js';
import { citationKey, toBibtex } from '../papers/bibtex.js';
import { broadQueryWarning } from '../radar/broad-query-warning.js';
import { grantCheck, html, lang, tokenIn } from './route-kit.js';
import { channelToday } from '../digest/setting-values.js';
import { registerFeedRoute } from './feed-route.js';
import { registerManagerRoutes } from './manager-routes.js';

const pageQuery = z.object({
  t: z.string().max(2048).optional(),
  sub: z.coerce.number().int().min(1).max(100_000).optional(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  batch: z.coerce.number().int().min(1).max(100_000).default(1),
  lang,
  /** A manager's removal just done (the redirect after it): the page says so. */
  removed: z.coerce.number().int().min(1).max(100_000).optional(),
  /** The settings form was just saved (the redirect after it). */
  saved: z.literal('1').optional(),
});
const topicQuery = z.object({ t: z.string().max(2048).optional(), q: z.string().max(500).default(''), lang, added: z.coerce.number().int().optional() });
const voteBody = z.object({ t: z.string().max(2048), paper: z.string().min(1).max(300), value: z.enum(['up', 'down']), back: z.string().max(4096).optional() });
/** One paper's BibTeX (`paper`), or the page's papers (the page's own state: filter, day, batch). */
const bibQuery = pageQuery.extend({ paper: z.string().min(1).max(300).optional() });
const addBody = z.object({ t: z.string().max(2048), q: z.string().min(1).max(500), lang });

export function registerPageRoutes(app: FastifyInstance, deps: WebDeps): void {
  const topics = createTopicPages(deps.store, deps.clock);
  const authorOf = memoAuthorOf();

  const grantFor = grantCheck(deps);

  app.get<{ Params: { channel: string } }>('/c/:channel', async (req, reply) => {
    const q = pageQuery.safeParse(req.query);
    const grant = grantFor(req.params.channel, tokenIn(req.query));
    if (!grant || !q.success) return html(reply, errorPage(grant ? 400 : 403), grant ? 400 : 403);
    const view = await buildChannelView(deps, grant.channel, q.data, grant.user, authorOf);
    const state = { t: q.data.t!, lang: q.data.lang, sub: view.active?.number, day: q.data.day, batch: view.batch };
    const said = translator(view.language);
    const notice = q.data.removed ? said('web.removed', { number: q.data.removed }) : q.data.saved ? said('web.settings.saved') : undefined;
    const manager = grant.role === 'manage' ? { today: channelToday(view.settings, deps.clock.now()), notice } : undefined;
    return html(reply, renderChannelPage(view, state, manager));
  });

  app.get<{ Params: { channel: string } }>('/c/:channel/topics', async (req, reply) => {
    const q = topicQuery.safeParse(req.query);
    const grant = grantFor(req.params.channel, tokenIn(req.query));
    if (!grant || !q.success) return html(reply, errorPage(grant ? 400 : 403), grant ? 400 : 403);
    const settings = await deps.store.channels.getSettings(grant.channel);
    const language = q.data.lang ?? settings.language;
    const view = await topics(q.data.q);
    const notice = q.data.added ? addedNotice(translator(language), q.data.added, view.query) : undefined;
    const state = { t: q.data.t!, lang: q.data.lang, q: view.query };
    return html(reply, renderTopicPage(view, { channelKey: grant.channel, language, state, manage: grant.role === 'manage', notice }));
  });

  // BibTeX as a file for the reference manager: a card's paper, or every paper the page shows (the toolbar's link)
  app.get<{ Params: { channel: string } }>('/c/:channel/bib', async (req, reply) => {
    const q = bibQuery.safeParse(req.query);
    const grant = grantFor(req.params.channel, tokenIn(req.query));
    if (!grant || !q.success) return html(reply, errorPage(grant ? 400 : 403), grant ? 400 : 403);
    const paper = q.data.paper === undefined ? undefined : await deps.store.papers.get(q.data.paper);
    if (q.data.paper !== undefined && !paper) return html(reply, errorPage(404), 404);
    const papers = paper ? [paper] : (await buildChannelView(deps, grant.channel, q.data, grant.user, authorOf)).cards.map((c) => c.candidate.paper);
    const name = paper ? citationKey(paper) : `academichub-${q.data.day ?? 'latest'}${q.data.batch > 1 ? `-${q.data.batch}` : ''}`;
    return reply
      .type('application/x-bibtex; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.bib"`)
      .send(papers.length ? `${toBibtex(papers)}\n` : '');
  });

  app.post<{ Params: { channel: string } }>('/c/:channel/vote', async (req, reply) => {
    const b = voteBody.safeParse(req.body);
    const grant = grantFor(req.params.channel, tokenIn(req.body));
    if (!grant || !b.success) return html(reply, errorPage(grant ? 400 : 403), grant ? 400 : 403);
    if (!(await deps.store.papers.get(b.data.paper))) return html(reply, errorPage(404), 404);
    const value = b.data.value === 'up' ? 1 : -1;
    await deps.feedback.record({ channelKey: grant.channel, paperId: b.data.paper, voter: grant.user, value, at: deps.clock.now().toISOString() });
    if (req.headers.accept?.includes('application/json')) return reply.send({ ok: true, paper: b.data.paper, value });
    const back = b.data.back?.startsWith(`${channelPath(grant.channel)}`) ? b.data.back : pageHref(channelPath(grant.channel), { t: b.data.t });
    return reply.redirect(back, 303);
  });

  app.post<{ Params: { channel: string } }>('/c/:channel/subscriptions', async (req, reply) => {
    const b = addBody.safeParse(req.body);
    const grant = grantFor(req.params.channel, tokenIn(req.body), 'manage');
    if (!grant || !b.success) return html(reply, errorPage(grant ? 400 : 403), grant ? 400 : 403);
    const path = `${channelPath(grant.channel)}/topics`;
    const q = cleanUserText(b.data.q);
    try {
      const sub = await deps.subscriptions.add(channelFromKey(grant.channel), q, { id: grant.user, canManage: true });
      const href = pageHref(path, { t: b.data.t, lang: b.data.lang, q });
      return reply.redirect(`${href}&added=${sub.number}`, 303);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // the topic page again, saying why (a duplicate, the channel's limit, a query that is not valid)
      const language = b.data.lang ?? (await deps.store.channels.getSettings(grant.channel)).language;
      const view = { query: q, hits: [], total: 0, days: [], error: err };
      const state = { t: b.data.t, lang: b.data.lang, q };
      return html(reply, renderTopicPage(view, { channelKey: grant.channel, language, state, manage: true }), 400);
    }
  });

  registerFeedRoute(app, deps, grantFor);
  registerManagerRoutes(app, deps, grantFor, authorOf);
}

/** `Subscribed #n`, and the broad-query warning when the query added is made of common words only. */
function addedNotice(t: Translate, number: number, query: string): string {
  let broad: string | undefined;
  try {
    broad = broadQueryWarning(t, { number, query });
  } catch (err) {
    // the link's query was edited into one that does not parse: the notice alone
    if (!(err instanceof UserError)) throw err;
  }
  return [t('web.topic.added', { number }), ...(broad ? [broad] : [])].join(' ');
}
