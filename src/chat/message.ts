/**
 * The neutral outbound message: markdown-ish text plus structured paper cards and buttons. Each adapter
 * renders it in its own syntax (Discord embeds, Slack Block Kit, plain text) and splits it to its limits.
 *
 * Text conventions (a small common subset every platform can render): `**bold**`, `_italic_`,
 * `[label](https://url)`, line breaks, and `• ` bullets. Adapters escape everything else.
 */
import { cleanOutboundText } from './edge-text.js';

/** One paper in a digest, search result or Discuss message. */
export interface PaperCard {
  /** Position in the digest, 1-based; rendered as `01`, `02`, … */
  readonly index: number;
  /** Versionless paper id (`arxiv:2606.04101`), carried by the Discuss button. */
  readonly paperId: string;
  readonly title: string;
  /** The abstract page. */
  readonly url: string;
  /** `arXiv (cs.LG)`, or every source joined with ` · `. */
  readonly sourceLabel: string;
  /** YYYY-MM-DD. */
  readonly date: string;
  /** Shortened author list, e.g. `Y. Zhong, X. Liu, … +7`. */
  readonly authors: string;
  /** Short abstract (≤ ~400 chars). */
  readonly summary: string;
  /** Why it matched, structured (each adapter renders them; `formatReason` gives the neutral text). */
  readonly reasons: readonly CardReason[];
  /** Optional one-line TL;DR from the summary cache. */
  readonly tldr?: string;
  /** Optional extra line, e.g. a follow-up ("v2: abstract changed"). */
  readonly note?: string;
  /**
   * What the card's reasons hit, as spans of `summary` and `authors` (absent: nothing to mark): adapters
   * that can emphasise text do (bold on Discord and Slack; their card titles are links, left plain).
   */
  readonly marks?: CardMarks;
}

/** A half-open range [start, end) of a string's UTF-16 code units. */
export type TextSpan = readonly [start: number, end: number];

export interface CardMarks {
  readonly summary?: readonly TextSpan[];
  readonly authors?: readonly TextSpan[];
}

/**
 * `text` as alternating plain and marked pieces, each passed through `plain` or `marked` (which escape
 * and emphasise in an adapter's syntax); spans out of range or overlapping an earlier one are ignored.
 */
export function renderMarked(text: string, spans: readonly TextSpan[] | undefined, plain: (s: string) => string, marked: (s: string) => string): string {
  if (!spans || spans.length === 0) return plain(text);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at || end > text.length || end <= start) continue;
    out += plain(text.slice(at, start)) + marked(text.slice(start, end));
    at = end;
  }
  return out + plain(text.slice(at));
}

/** One why-matched reason: `title: mixture of experts`, `topic: sparse expert routing (0.83)`. */
export interface CardReason {
  /** `title`, `abstract`, `author`, `cat`, `topic`, `like`. */
  readonly label: string;
  readonly term: string;
  /** Similarity of a topic hit, shown with two decimals. */
  readonly score?: number;
  /** The translated word shown instead of a score when the hit was lexical (`lexical`, `词法`). */
  readonly lexical?: string;
}

/** The neutral text of a reason: `label: term`, then `(0.83)` or `(lexical)` for topic hits. */
export function formatReason(r: CardReason): string {
  const tail = r.lexical !== undefined ? ` (${r.lexical})` : r.score !== undefined ? ` (${r.score.toFixed(2)})` : '';
  return `${r.label}: ${r.term}${tail}`;
}

/** Back from the neutral text (reasons kept as text, e.g. for `/radar more`); the tail stays in `term`. */
export function parseReason(text: string): CardReason {
  const i = text.indexOf(': ');
  return i < 0 ? { label: '', term: text } : { label: text.slice(0, i), term: text.slice(i + 2) };
}

export type MessageButton =
  | { readonly kind: 'shuffle'; readonly label: string }
  | { readonly kind: 'discuss'; readonly label: string; readonly paperId: string };

/**
 * Idempotent delivery of one outbox part. Adapters send `id` (plus the payload index when they split the
 * message) as the platform's idempotency key — Discord `nonce` + `enforce_nonce`, Slack message metadata —
 * so a part posted again after a crash appears once.
 */
export interface OutboundDelivery {
  /** Stable id of the outbox part, ≤ 16 characters. */
  readonly id: string;
  /** Set when re-posting an open run (after a crash): when it was planned; adapters look for it since then. */
  readonly since?: string;
  /** Called after each platform message of the part was accepted (crash tests stop the process here). */
  readonly afterPayload?: (index: number) => void;
}

export interface OutboundMessage {
  /** Header / body text in the neutral markdown subset. Always present: the plain fallback. */
  readonly text: string;
  readonly cards?: readonly PaperCard[];
  /**
   * Message-level buttons (Shuffle). Adapters also add one Discuss control per card when
   * `discussable` is true.
   */
  readonly buttons?: readonly MessageButton[];
  readonly discussable?: boolean;
  /** Adapters add 👍/👎 controls to every card (digest cards: the votes teach the channel's ranking). */
  readonly votable?: boolean;
  /** Only the invoking user should see it (user mistakes, help). */
  readonly ephemeral?: boolean;
  /** Present on digest parts posted through the outbox. */
  readonly delivery?: OutboundDelivery;
  /**
   * People to name under the message with their cards (`/radar watch`): adapters write one line in their own
   * mention syntax (`mentionLine`) and let exactly these users be notified.
   */
  readonly mentions?: readonly Mention[];
}

/** A person a digest names, with the numbers of the cards their watched subscriptions brought. */
export interface Mention {
  /** The platform's own user id (a Discord snowflake, a Slack `U…` id, the terminal's name). */
  readonly userId: string;
  readonly cards: readonly number[];
}

/** `🔔 <who> 01, 04 · <who> 02`: the mention line, each person written by the adapter's `who`. */
export function mentionLine(mentions: readonly Mention[], who: (userId: string) => string): string {
  return `🔔 ${mentions.map((m) => `${who(m.userId)} ${m.cards.map(cardNumber).join(', ')}`).join(' · ')}`;
}

/** Two-digit card number as on AcademicHub cards: 1 → `01`. */
export const cardNumber = (index: number): string => String(index).padStart(2, '0');

/** Neutralise mass mentions (and control and bidi characters) in untrusted text (paper titles, LLM output) before any adapter sees it. */
export function defuseMentions(text: string): string {
  return cleanOutboundText(text).replace(/@(everyone|here|channel)/gi, '@\u200b$1').replace(/<!(everyone|here|channel)>/gi, '<!\u200b$1>');
}
