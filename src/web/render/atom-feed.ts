/**
 * A channel's radar as an Atom feed (RFC 4287), for a feed reader or a reference manager: one entry per
 * matched paper of the last announcement days, newest day first and, within a day, as the digest ranks them.
 * Built with fast-xml-parser's XMLBuilder (it escapes markup); characters XML 1.0 cannot carry at all
 * (control characters a feed sometimes has) are dropped first.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { Translate } from '../../i18n/messages.js';
import { paperUrl, type Paper } from '../../papers/paper.js';
import { cardReasons } from '../../digest/cards.js';
import { formatReason } from '../../chat/message.js';
import type { Candidate } from '../../radar/rank.js';

export interface AtomFeedInput {
  readonly channelKey: string;
  /** The feed's own URL (its `self` link; the channel page needs a link of its own, so it is not linked). */
  readonly selfUrl: string;
  /** When the feed was made (the entries' dates are the papers'). */
  readonly now: Date;
  readonly entries: readonly Candidate[];
  readonly t: Translate;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 but the surrogates, FFFE and FFFF
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const clean = (text: string): string => text.replace(NOT_XML, '');

/** The first of `dates` that is a real instant, as ISO; `fallback` when none is. */
function firstInstant(dates: readonly (string | undefined)[], fallback: Date): string {
  for (const d of dates) {
    const at = d ? new Date(d) : undefined;
    if (at && !Number.isNaN(at.getTime())) return at.toISOString();
  }
  return fallback.toISOString();
}

/** An instant for the entry: the paper's version, else its first version, else its announcement day. */
const entryDate = (paper: Paper, fallback: Date): string =>
  firstInstant([paper.updated, paper.published, paper.announced && `${paper.announced}T00:00:00Z`], fallback);

function entryOf(c: Candidate, input: AtomFeedInput) {
  const { paper } = c;
  const link = paperUrl(paper) || undefined;
  const why = cardReasons(c.reasons, input.t('topic.lexicalLabel')).map(formatReason).join(' · ');
  return {
    id: link ?? `urn:academichub:paper:${encodeURIComponent(paper.id)}`,
    title: clean(paper.title),
    updated: entryDate(paper, input.now),
    ...(paper.published ? { published: firstInstant([paper.published], input.now) } : {}),
    author: paper.authors.slice(0, 50).map((a) => ({ name: clean(a.name) })),
    ...(link ? { link: { '@_rel': 'alternate', '@_href': link } } : {}),
    category: paper.categories.map((term) => ({ '@_term': clean(term) })),
    summary: { '@_type': 'text', '#text': clean(why ? `${input.t('web.feed.why', { why })}\n\n${paper.abstract}` : paper.abstract) },
  };
}

export function renderAtomFeed(input: AtomFeedInput): string {
  const { t } = input;
  const updated = input.entries.length ? input.entries.map((c) => entryDate(c.paper, input.now)).sort().pop()! : input.now.toISOString();
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    feed: {
      '@_xmlns': 'http://www.w3.org/2005/Atom',
      id: `urn:academichub:channel:${encodeURIComponent(input.channelKey)}`,
      title: clean(t('web.feed.title', { channel: input.channelKey })),
      subtitle: t('web.feed.subtitle'),
      updated,
      link: { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': input.selfUrl },
      generator: 'AcademicHub',
      entry: input.entries.map((c) => entryOf(c, input)),
    },
  }) as string;
}
