/**
 * What a manager link can change from the channel page: remove the subscription the page is filtered by, and
 * the digest settings (render/settings-form.ts). Each answers with a redirect to the page saying what it did,
 * or the page again saying why not.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { channelFromKey } from '../chat/ports.js';
import { UserError } from '../errors.js';
import { translator } from '../i18n/messages.js';
import { buildChannelView, type memoAuthorOf } from './channel-view.js';
import type { WebDeps } from './deps.js';
import { renderChannelPage } from './render/channel-page.js';
import { errorPage } from './render/error-page.js';
import { channelPath, pageHref } from './render/links.js';
import { html, lang, tokenIn, type GrantCheck } from './route-kit.js';
import { channelToday } from '../digest/setting-values.js';
import { settingsBody, settingsPatch } from './settings-post.js';

const removeBody = z.object({ t: z.string().max(2048), number: z.coerce.number().int().min(1).max(100_000), lang });

export function registerManagerRoutes(app: FastifyInstance, deps: WebDeps, grantFor: GrantCheck, authorOf: ReturnType<typeof memoAuthorOf>): void {
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
      const manager = { today: channelToday(view.settings, deps.clock.now()), notice, refused: true };
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
    const today = channelToday(current, deps.clock.now());
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
