/** The channel page: hero, subscription chips, day navigation, Shuffle, numbered cards, skipped listings. */
import { translator, type Translate } from '../../i18n/messages.js';
import { html, type Html } from '../html.js';
import type { ChannelView, EmptyReason, SubChip } from '../channel-view.js';
import { renderCard } from './card.js';
import { layout } from './layout.js';
import { channelPath, pageHref, type PageState } from './links.js';
import { settingsForm } from './settings-form.js';
import type { SettingName } from '../../digest/setting-values.js';

/** What only a manager link's page has, and what its last action said. */
export interface ManagerPart {
  /** The channel's local day (a pause is shown against it). */
  readonly today: string;
  /** What the last action did (`Removed #3…`, `Settings saved.`), or why it was refused (`refused`). */
  readonly notice?: string;
  readonly refused?: boolean;
  /** The settings form's values as typed when they were refused. */
  readonly typed?: Partial<Record<SettingName, string>>;
}

function chipLabel(c: SubChip, t: Translate): string {
  return c.author ? t('web.authorChip', { name: c.author }) : `#${c.number} ${c.query}`;
}

/** A manager's button that removes the subscription the page is filtered by (the page asks first, with script). */
function removeForm(v: ChannelView, state: PageState, t: Translate): Html {
  const number = v.active?.number;
  if (number === undefined) return html``;
  const lang = state.lang ? html`<input type="hidden" name="lang" value="${state.lang}">` : html``;
  return html`<form class="remove-sub" method="post" action="${channelPath(v.channelKey)}/subscriptions/remove" data-confirm="${t('web.removeConfirm', { number })}">
<input type="hidden" name="t" value="${state.t}"><input type="hidden" name="number" value="${number}">${lang}<button type="submit">${t('web.remove', { number })}</button></form>`;
}

function filters(v: ChannelView, state: PageState, t: Translate, manage: boolean): Html {
  // no subscriptions: the empty notice says so, not an empty panel
  if (v.chips.length === 0) return html``;
  const path = channelPath(v.channelKey);
  const chips = v.chips.map((c) => {
    const on = v.active?.number === c.number;
    const cls = `chip${c.author ? ' author' : ''}${on ? ' on' : ''}`;
    const clear = on ? html`<a class="clear" href="${pageHref(path, state, { sub: undefined, batch: 1 })}" aria-label="${t('web.clearFilter')}" data-nav>×</a>` : html``;
    const watched = c.watchers ? html`<span class="watchers" title="${t('web.chipWatchers', { count: c.watchers })}">${t('list.watchers', { count: c.watchers })}</span>` : html``;
    return html`<li class="${cls}"><a href="${pageHref(path, state, { sub: c.number, batch: 1 })}" aria-current="${on ? 'true' : 'false'}" data-nav data-sub="${c.number}">${chipLabel(c, t)}</a>${watched}${clear}</li>`;
  });
  return html`<section class="filters" aria-label="${t('web.filtersLabel')}"><ul class="chips">${chips}</ul>${manage ? removeForm(v, state, t) : html``}</section>`;
}

function dayLabel(day: string, lang: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
}

function dayNav(v: ChannelView, state: PageState, t: Translate): Html {
  const path = channelPath(v.channelKey);
  const items = [
    html`<li><a href="${pageHref(path, state, { day: undefined, batch: 1 })}" aria-current="${v.day ? 'false' : 'page'}" data-nav>${t('web.window')}</a></li>`,
    ...v.dayNav.map(
      (d) => html`<li><a href="${pageHref(path, state, { day: d, batch: 1 })}" aria-current="${v.day === d ? 'page' : 'false'}" data-nav>${d === v.today ? t('web.today') : dayLabel(d, v.language)}</a></li>`,
    ),
  ];
  return html`<nav class="days" aria-label="${t('web.daysLabel')}"><ul>${items}</ul></nav>`;
}

export function emptyText(e: EmptyReason, t: Translate): string {
  switch (e.kind) {
    case 'no_subscriptions':
      return t('web.empty.noSubs');
    case 'weekend':
      return t('web.empty.weekend', { day: e.day });
    case 'holiday':
      return t('web.empty.holiday', { day: e.day, holiday: e.holiday });
    case 'no_papers':
      return t('web.empty.noPapers');
    case 'nothing_matched':
      return t('web.empty.nothingMatched', { checked: e.checked });
    case 'filter_empty':
      return t('web.empty.filter', { number: e.number });
  }
}

function toolbar(v: ChannelView, state: PageState, t: Translate): Html {
  const path = channelPath(v.channelKey);
  const next = v.batch >= v.batches ? 1 : v.batch + 1;
  const shuffle = v.batches > 1 ? html`<a class="shuffle" href="${pageHref(path, state, { batch: next })}" data-nav data-shuffle>${t('web.shuffle')}</a>` : html``;
  const range = v.total ? t('web.range', { from: v.cards[0]!.index, to: v.cards[v.cards.length - 1]!.index, total: v.total }) : '';
  const days = v.windowDays.length ? t('web.windowDays', { days: v.windowDays.join(', ') }) : '';
  const schedule = v.nextDigest ? html` <span class="muted next-digest">${v.nextDigest}</span>` : html``;
  const bib = v.cards.length ? html`<a class="bib" href="${pageHref(`${path}/bib`, state)}" download title="${t('web.bibtexPageTitle')}">${t('web.bibtexPage')}</a>` : html``;
  // nothing to count, link or shuffle (or no subscriptions, whose notice says all): no panel above the notice
  if (v.empty?.kind === 'no_subscriptions' || (!range && !days && !v.nextDigest && v.cards.length === 0 && v.batches <= 1)) return html``;
  return html`<div class="toolbar"><p class="range" aria-live="polite">${range} <span class="muted">${days}</span>${schedule}</p>${bib}${shuffle}</div>`;
}

function skippedSection(v: ChannelView, state: PageState, t: Translate): Html {
  if (v.skippedTotal === 0) return html``;
  const ctx = { t, voteAction: `${channelPath(v.channelKey)}/vote`, token: state.t, back: pageHref(channelPath(v.channelKey), state), channelPath: channelPath(v.channelKey) };
  const cards = v.skipped.map((c, i) => renderCard(c, v.total + i + 1, undefined, ctx));
  const more = v.skippedTotal > v.skipped.length ? html`<p class="muted">${t('web.skippedMore', { count: v.skippedTotal - v.skipped.length })}</p>` : html``;
  return html`<section class="skipped" aria-labelledby="skipped-h"><h2 id="skipped-h">${t('web.skippedTitle')}</h2><p class="muted">${t('web.skippedNote')}</p><div class="cards">${cards}</div>${more}</section>`;
}

/** `manager`: a manager link's page (Remove, the settings form, what the last action did). */
export function renderChannelPage(v: ChannelView, state: PageState, manager?: ManagerPart): string {
  const manage = manager !== undefined;
  const t = translator(v.language);
  const path = channelPath(v.channelKey);
  const ctx = { t, voteAction: `${path}/vote`, token: state.t, back: pageHref(path, state), channelPath: path };
  const cards = v.cards.map(({ index, candidate }) => renderCard(candidate, index, v.votes[candidate.paper.id], ctx));
  const empty = v.empty ? html`<p class="empty" role="status">${emptyText(v.empty, t)}</p>` : html``;
  const said = !manager?.notice ? html`` : manager.refused ? html`<p class="notice refused" role="alert">${manager.notice}</p>` : html`<p class="notice" role="status">${manager.notice}</p>`;
  const settings = manager ? settingsForm({ channelKey: v.channelKey, settings: v.settings, today: manager.today, state, typed: manager.typed }, t) : html``;
  const body = html`${said}${filters(v, state, t, manage)}${settings}${dayNav(v, state, t)}${toolbar(v, state, t)}${empty}
<div class="cards" id="cards">${cards}</div>${skippedSection(v, state, t)}`;
  const nav = html`<a href="${pageHref(`${path}/topics`, { t: state.t, lang: state.lang })}" data-nav>${t('web.topicsLink')}</a>${manage ? html`<span class="role">${t('web.managerLink')}</span>` : html``}`;
  return layout({
    lang: v.language,
    t,
    title: t('web.pageTitle', { channel: v.channelKey }),
    tagline: t('web.tagline'),
    toggleHref: pageHref(path, state, { lang: v.language === 'zh' ? 'en' : 'zh' }),
    nav,
    body,
  }).toString();
}
