/**
 * The neutral outbound message: markdown-ish text plus structured paper cards and buttons. Each adapter
 * renders it in its own syntax (Discord embeds, Slack Block Kit, plain text) and splits it to its limits.
 *
 * Text conventions (a small common subset every platform can render): `**bold**`, `_italic_`,
 * `[label](https://url)`, line breaks, and `• ` bullets. Adapters escape everything else.
 */

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
  /** Why-matched chips, e.g. `title: mixture of experts`, `author: Yinmin Zhong`. */
  readonly reasons: readonly string[];
  /** Optional one-line TL;DR from the summary cache. */
  readonly tldr?: string;
  /** Optional extra line, e.g. a follow-up ("v2: abstract changed"). */
  readonly note?: string;
}

export type MessageButton =
  | { readonly kind: 'shuffle'; readonly label: string }
  | { readonly kind: 'discuss'; readonly label: string; readonly paperId: string };

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
}

/** Two-digit card number as on AcademicHub cards: 1 → `01`. */
export const cardNumber = (index: number): string => String(index).padStart(2, '0');

/** Neutralise mass mentions in untrusted text (paper titles, LLM output) before any adapter sees it. */
export function defuseMentions(text: string): string {
  return text.replace(/@(everyone|here|channel)/gi, '@\u200b$1').replace(/<!(everyone|here|channel)>/gi, '<!\u200b$1>');
}
