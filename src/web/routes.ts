/**
 * Page routes. Every `/c/<channel>…` request needs a valid signed token (`t`) for that channel; anything
 * else gets 403 before the store is read. Query strings are validated here (the edge).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { cleanUserText } from '../chat/edge-text.js';
import { channelFromKey } from '../chat/ports.js';
import { UserError } from '../errors.js';
import { translator, type Translate } from '../i18n/messages.js';
import type { WebDeps } from './deps.js';
import type { LinkGrant } from './signed-link.js';
import { buildChannelView, memoAuthorOf } from './channel-view.js';
import { createTopicPages } from './topic-view.js';
import { renderChannelPage } from './render/channel-page.js';
import { renderTopicPage } from './render/topic-page.js';
import { errorPage } from './render/error-page.js';
import { channelPath, pageHref } from './render/links.js';
import { citationKey, toBibtex } from '../papers/bibtex.js';
import { broadQueryWarning } from '../radar/broad-query-warning.js';
import { localParts } from '../schedule/local-time.js';
import type { ChannelSettings } from '../store/ports.js';
import { settingsBody, settingsPatch } from './settings-post.js';
import { renderAtomFeed } from './render/atom-feed.js';

const CHANNEL = /^(discord|slack|shell):[\w.-]{1,100}$/;
const lang = z.enum(['en', 'zh']).optional();
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
const feedQuery = z.object({ t: z.string().max(2048), lang });
/** A feed holds the matches of about a week of announcements, at most this many. */
const FEED_DAYS = 5;
const FEED_ENTRIES = 100;
const addBody = z.object({ t: z.string().max(2048), q: z.string().min(1).max(500), lang });
const removeBody = z.object({ t: z.string().max(2048), number: z.coerce.number().int().min(1).max(100_000), lang });

/** The token, read before the rest is validated (so a bad parameter with a good link is a 400, not a 403). */
const tokenIn = (input: unknown): string | undefined => {
  const t = (input as { t?: unknown } | undefined)?.t;
  return typeof t === 'string' ? t : undefined;
};

const html = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(body);

export function registerPageRoutes(app: FastifyInstance, deps: WebDeps): void {
  const topics = createTopicPages(deps.store, deps.clock);
  const authorOf = memoAuthorOf();

  /** The link's grant when it allows `role`: a manager link allows everything, a feed link the feed only. */
  function grantFor(channel: string, token: string | undefined, role: 'view' | 'manage' | 'feed' = 'view'): LinkGrant | undefined {
    if (!CHANNEL.test(channel)) return undefined;
    const grant = deps.signer.verify(token, channel, deps.clock.now());
    if (!grant || (role === 'manage' && grant.role !== 'manage') || (role === 'view' && grant.role === 'feed')) return undefined;
    return grant;
  }

  app.get<{ Params: { channel: string } }>('/c/:channel', async (req, reply) => {
    const q = pageQuery.safeParse(req.query);
    const grant = grantFor(req.params.channel, tokenIn(req.query));
    if (!grant || !q.success) return html(reply, errorPage(grant ? 400 : 403), grant ? 400 : 403);
    const view = await buildChannelView(deps, grant.channel, q.data, grant.user, authorOf);
    const state = { t: q.data.t!, lang: q.data.lang, sub: view.active?.number, day: q.data.day, batch: view.batch };
    const said = translator(view.language);
    const notice = q.data.removed ? said('web.removed', { number: q.data.removed }) : q.data.saved ? said('web.settings.saved') : undefined;
    const manager = grant.role === 'manage' ? { today: localDayOf(view.settings, deps.clock.now()), notice } : undefined;
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
    const origin = `${req.protocol}://${req.host}`;
    const body = renderAtomFeed({
      channelKey: grant.channel,
      selfUrl: `${origin}${pageHref(`${channelPath(grant.channel)}/feed.atom`, { t: q.data.t })}`,
      now: deps.clock.now(),
      entries,
      t: translator(q.data.lang ?? settings.language),
    });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'private, max-age=900').send(body);
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

  // a manager removes the subscription the page is filtered by; the channel page follows, saying so
  app.post<{ Params: { channel: string } }>('/c/:channel/subscriptions/remove', async (req, reply) => {
    const b = removeBody.safeParse(req.body);
    const grant = grantFor(req.params.channel, tokenIn(req.body), 'manage');
    if (!grant || !b.success) return html(reply, errorPage(grant ? 400 : 403), grant ? 400 : 403);
    const { t: token, number, lang: language } = b.data;
    try {
      await deps.subscriptions.remove(channelFromKey(grant.channel), number);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // removed already (say, from chat or another tab): the page as it is now, saying so
      const view = await buildChannelView(deps, grant.channel, { batch: 1, lang: language }, grant.user, authorOf);
      const notice = translator(view.language)('web.removeGone', { number });
      const manager = { today: localDayOf(view.settings, deps.clock.now()), notice, refused: true };
      return html(reply, renderChannelPage(view, { t: token, lang: language, batch: 1 }, manager), 409);
    }
    return reply.redirect(`${pageHref(channelPath(grant.channel), { t: token, lang: language })}&removed=${number}`, 303);
  });

  // a manager changes the digest settings; the fields left as shown are not touched
  app.post<{ Params: { channel: string } }>('/c/:channel/settings', async (req, reply) => {
    const b = settingsBody.safeParse(req.body);
    const grant = grantFor(req.params.channel, tokenIn(req.body), 'manage');
    if (!grant || !b.success) return html(reply, errorPage(grant ? 400 : 403), grant ? 400 : 403);
    const { t: token, lang: language, ...typed } = b.data;
    const current = await deps.store.channels.getSettings(grant.channel);
    const today = localDayOf(current, deps.clock.now());
    let patch;
    try {
      patch = settingsPatch(typed, current, today);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // the page again with the form open, what was typed kept, and why it was refused
      const view = await buildChannelView(deps, grant.channel, { batch: 1, lang: language }, grant.user, authorOf);
      const manager = { today, notice: err.translate(translator(view.language)), refused: true, typed };
      return html(reply, renderChannelPage(view, { t: token, lang: language, batch: 1 }, manager), 400);
    }
    if (Object.keys(patch).length > 0) await deps.settings.update(grant.channel, patch);
    return reply.redirect(`${pageHref(channelPath(grant.channel), { t: token, lang: language })}&saved=1`, 303);
  });
}

/** The channel's local day now (a pause counts in the channel's days). */
const localDayOf = (settings: ChannelSettings, now: Date): string => localParts(now, settings.timezone).day;

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
