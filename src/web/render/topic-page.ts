/** The topic page: a query box, matches per day, ranked cards, and "add as subscription" for managers. */
import { translator, type Language } from '../../i18n/messages.js';
import { html, type Html } from '../html.js';
import type { TopicView } from '../topic-view.js';
import { renderCard } from './card.js';
import { layout } from './layout.js';
import { channelPath, pageHref, type PageState } from './links.js';

export interface TopicPageOptions {
  readonly channelKey: string;
  readonly language: Language;
  readonly state: PageState;
  readonly manage: boolean;
  /** A notice after adding (`Subscribed #4`). */
  readonly notice?: string;
}

function perDay(v: TopicView, t: ReturnType<typeof translator>): Html {
  if (v.days.length === 0) return html``;
  const max = Math.max(...v.days.map((d) => d.count));
  const rows = v.days.map(
    (d) => html`<li><span class="d">${d.day}</span><meter min="0" max="${max}" value="${d.count}" aria-label="${d.day}"></meter><span class="n">${d.count}</span></li>`,
  );
  return html`<section class="per-day" aria-labelledby="perday-h"><h2 id="perday-h">${t('web.topic.perDay')}</h2><ul>${rows}</ul></section>`;
}

function addForm(v: TopicView, o: TopicPageOptions, t: ReturnType<typeof translator>): Html {
  if (!o.manage || !v.query || v.error) return html``;
  return html`<form class="add-sub" method="post" action="${channelPath(o.channelKey)}/subscriptions">
<input type="hidden" name="t" value="${o.state.t}"><input type="hidden" name="q" value="${v.query}">${o.state.lang ? html`<input type="hidden" name="lang" value="${o.state.lang}">` : html``}
<button type="submit">${t('web.topic.add')}</button></form>`;
}

export function renderTopicPage(v: TopicView, o: TopicPageOptions): string {
  const t = translator(o.language);
  const path = `${channelPath(o.channelKey)}/topics`;
  const ctx = { t, voteAction: `${channelPath(o.channelKey)}/vote`, token: o.state.t, back: pageHref(path, o.state), channelPath: channelPath(o.channelKey) };
  const cards = v.hits.map((h, i) => renderCard(h, i + 1, undefined, ctx));
  const status = v.error
    ? html`<p class="empty error" role="alert">${t('web.topic.invalid', { reason: v.error.translate(t) })}</p>`
    : v.query
      ? html`<p class="range panel" role="status">${t('web.topic.summary', { total: v.total, shown: v.hits.length, days: 30 })}</p>`
      : html`<p class="empty">${t('web.topic.hint')}</p>`;
  const notice = o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : html``;
  const body = html`${notice}<form class="topic-form" method="get" action="${path}" role="search">
<label for="q">${t('web.topic.label')}</label><input id="q" name="q" type="search" value="${v.query}" maxlength="500" placeholder="${t('web.topic.placeholder')}">
<input type="hidden" name="t" value="${o.state.t}">${o.state.lang ? html`<input type="hidden" name="lang" value="${o.state.lang}">` : html``}
<button type="submit">${t('web.topic.search')}</button></form>
${status}${addForm(v, o, t)}${perDay(v, t)}<div class="cards">${cards}</div>`;
  const nav = html`<a href="${pageHref(channelPath(o.channelKey), { t: o.state.t, lang: o.state.lang })}" data-nav>${t('web.backToChannel')}</a>`;
  return layout({
    lang: o.language,
    t,
    title: t('web.topic.title', { query: v.query || '…' }),
    tagline: t('web.topic.tagline'),
    toggleHref: pageHref(path, o.state, { lang: o.language === 'zh' ? 'en' : 'zh' }),
    nav,
    body,
  }).toString();
}
