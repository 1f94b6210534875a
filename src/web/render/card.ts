/** One numbered paper card: source and date, title (to arXiv), authors, abstract, signals, chips, votes. */
import { cardNumber } from '../../chat/message.js';
import type { Translate } from '../../i18n/messages.js';
import { paperDate } from '../../digest/cards.js';
import { matchedAuthors } from '../../digest/card-marks.js';
import { phrasesOf, phraseSpans } from '../../digest/text-marks.js';
import { compactCount } from '../../papers/source-label.js';
import type { Paper } from '../../papers/paper.js';
import type { Candidate } from '../../radar/rank.js';
import type { MatchReason } from '../../radar/subscription.js';
import { html, safeHref, type Html } from '../html.js';
import { withMath } from '../math.js';

export interface CardContext {
  readonly t: Translate;
  /** POST target for votes, and the hidden fields it needs. */
  readonly voteAction: string;
  readonly token: string;
  /** Where a vote without script returns to. */
  readonly back: string;
  /** The channel's page path (`/c/<channel>`): a card links its BibTeX below it. */
  readonly channelPath: string;
}

const MAX_AUTHORS = 15;

/** `arXiv (cs.AI)` for arXiv papers; the first source label otherwise. */
export function primaryLabel(paper: Paper): string {
  const arxiv = paper.sources.find((s) => s.kind === 'arxiv');
  if (arxiv) return arxiv.label;
  if (paper.primaryCategory && paper.id.startsWith('arxiv:')) return `arXiv (${paper.primaryCategory})`;
  return paper.sources.find((s) => s.kind === 'journal')?.label ?? paper.sources[0]?.label ?? paper.venue ?? 'arXiv';
}

function announceBadge(paper: Paper, t: Translate): Html | undefined {
  const type = paper.announceType;
  if (!type || type === 'new') return undefined;
  const label = type === 'cross' ? t('web.type.cross') : type === 'replace' ? t('web.type.replace') : t('web.type.replaceCross');
  const version = type !== 'cross' && paper.version ? ` v${paper.version}` : '';
  return html`<span class="badge type-${type}" data-announce="${type}">${label}${version}</span>`;
}

function authorsLine(paper: Paper, reasons: readonly MatchReason[], t: Translate): Html {
  const names = paper.authors.map((a) => a.name);
  // matched as the matcher matches (`au:Zhong`, initials, accents), and shown even past the first MAX_AUTHORS
  const matched = matchedAuthors(names, reasons);
  const shownIndexes = names.map((_, i) => i).filter((i) => i < MAX_AUTHORS || matched.has(i));
  const shown = shownIndexes.map((i) => (matched.has(i) ? html`<strong>${names[i]!}</strong>` : html`${names[i]!}`));
  const parts = shown.flatMap((n, k) => (k === 0 ? [n] : [shownIndexes[k]! === shownIndexes[k - 1]! + 1 ? html`, ` : html`, …, `, n]));
  const rest = names.length - shownIndexes.length;
  const more = rest > 0 ? t('web.moreAuthors', { count: rest }) : '';
  return html`<p class="authors">${names.length ? parts : t('web.unknownAuthors')}${more ? ` ${more}` : ''}</p>`;
}

function signals(paper: Paper, t: Translate): Html {
  const items: Html[] = [];
  if (paper.hf) items.push(html`<li class="sig hf" title="${t('web.upvotesTitle')}">▲ ${t('web.upvotes', { count: paper.hf.upvotes })}</li>`);
  const repo = safeHref(paper.hf?.githubRepo);
  if (repo) {
    const stars = paper.hf?.githubStars !== undefined ? ` ★ ${compactCount(paper.hf.githubStars)}` : '';
    items.push(html`<li class="sig code"><a href="${repo}" rel="noopener noreferrer">${t('web.code')}${stars}</a></li>`);
  }
  const venue = paper.venue ?? paper.journalRef;
  if (venue) items.push(html`<li class="sig venue">${venue}</li>`);
  return items.length ? html`<ul class="signals" aria-label="${t('web.signals')}">${items}</ul>` : html``;
}

function reasonChips(reasons: readonly MatchReason[], t: Translate): Html {
  const seen = new Set<string>();
  const chips: Html[] = [];
  for (const r of reasons) {
    const k = `${r.field}:${r.term.toLowerCase()}`;
    if (seen.has(k)) continue;
    seen.add(k);
    chips.push(html`<li class="why">${t(`web.field.${r.field}` as const)}: ${r.term}</li>`);
  }
  return chips.length ? html`<ul class="whys" aria-label="${t('web.whyMatched')}">${chips}</ul>` : html``;
}

function bibLink(paper: Paper, ctx: CardContext): Html {
  const href = `${ctx.channelPath}/bib?${new URLSearchParams({ paper: paper.id, t: ctx.token }).toString()}`;
  return html`<a class="bib" href="${href}" download title="${ctx.t('web.bibtexTitle')}">${ctx.t('web.bibtex')}</a>`;
}

function voteForm(paper: Paper, vote: 1 | -1 | undefined, ctx: CardContext): Html {
  const t = ctx.t;
  return html`<form class="vote" method="post" action="${ctx.voteAction}">
<input type="hidden" name="t" value="${ctx.token}"><input type="hidden" name="paper" value="${paper.id}"><input type="hidden" name="back" value="${ctx.back}">
<button type="submit" name="value" value="up" aria-pressed="${vote === 1 ? 'true' : 'false'}" aria-label="${t('web.voteUp')}" title="${t('web.voteUp')}">👍</button>
<button type="submit" name="value" value="down" aria-pressed="${vote === -1 ? 'true' : 'false'}" aria-label="${t('web.voteDown')}" title="${t('web.voteDown')}">👎</button>
</form>`;
}

export function renderCard(c: Candidate, index: number, vote: 1 | -1 | undefined, ctx: CardContext): Html {
  const p = c.paper;
  const t = ctx.t;
  const href = safeHref(p.absUrl) ?? safeHref(p.sources.find((s) => safeHref(s.url))?.url);
  const absId = `abs-${index}`;
  const title = withMath(p.title, phraseSpans(p.title, phrasesOf(c.reasons, 'title')));
  return html`<article class="card" data-paper="${p.id}" aria-labelledby="title-${index}">
<div class="card-head"><span class="num" aria-hidden="true">${cardNumber(index)}.</span>
<span class="source">${primaryLabel(p)}</span><span class="dot" aria-hidden="true">·</span><time datetime="${paperDate(p)}">${paperDate(p)}</time>${announceBadge(p, t)}</div>
<h2 id="title-${index}" class="title"><span class="sr-only">${cardNumber(index)}. </span>${href ? html`<a href="${href}" rel="noopener noreferrer">${title}</a>` : title}</h2>
${authorsLine(p, c.reasons, t)}
<div class="abstract" id="${absId}">${withMath(p.abstract, phraseSpans(p.abstract, phrasesOf(c.reasons, 'abstract')))}</div>
<button type="button" class="expand" aria-expanded="false" aria-controls="${absId}" data-more="${t('web.showMore')}" data-less="${t('web.showLess')}" hidden>${t('web.showMore')}</button>
<div class="card-foot">${signals(p, t)}${reasonChips(c.reasons, t)}${bibLink(p, ctx)}${voteForm(p, vote, ctx)}</div>
</article>`;
}
