/**
 * 👍/👎 on Discord cards. A votable message (a digest batch) gets one row per card —
 * `[Discuss 03] [👍] [👎]` — so at most 5 cards per message (Discord: 5 rows of 5 buttons); the Shuffle
 * button shares the last card's row. Custom ids carry the paper id; ids too long for Discord's 100
 * characters fall back to the card's position, read back from the embed footer like Discuss does.
 */
import { cardNumber, type PaperCard } from '../../src/chat/message.js';
import { truncate } from './markdown.js';

/** The button and row shapes of render.ts (structurally the same; declared here so neither imports the other). */
interface RenderedButton { type: 2; style: 1 | 2; label: string; custom_id: string }
interface RenderedRow { type: 1; components: RenderedButton[] }

/** Cards per message when each card has its own row of buttons. */
export const VOTABLE_CARDS_PER_MESSAGE = 5;

const PREFIX = { up: 'radar:vote:up:', down: 'radar:vote:down:' } as const;
const AT_PREFIX = { up: 'radar:vote@up@', down: 'radar:vote@down@' } as const;
const FOOTER_SEP = ' · ';
const MAX_CUSTOM_ID = 100;

export function voteCustomId(direction: 'up' | 'down', paperId: string, embedIndex: number): string {
  const id = `${PREFIX[direction]}${paperId}`;
  return id.length <= MAX_CUSTOM_ID ? id : `${AT_PREFIX[direction]}${embedIndex}`;
}

/** A pressed vote button, or undefined when the custom id is not one. */
export function parseVoteCustomId(
  customId: string,
  embeds: readonly { footer?: { text?: string } | null }[] = [],
): { kind: 'vote'; paperId: string; vote: 1 | -1 } | undefined {
  for (const direction of ['up', 'down'] as const) {
    const vote = direction === 'up' ? 1 : -1;
    if (customId.startsWith(PREFIX[direction])) return { kind: 'vote', paperId: customId.slice(PREFIX[direction].length), vote };
    if (customId.startsWith(AT_PREFIX[direction])) {
      const footer = embeds[Number(customId.slice(AT_PREFIX[direction].length))]?.footer?.text;
      const paperId = footer?.split(FOOTER_SEP).pop();
      return paperId ? { kind: 'vote', paperId, vote } : undefined;
    }
  }
  return undefined;
}

const button = (label: string, customId: string, style: 1 | 2 = 2): RenderedButton => ({ type: 2, style, label: truncate(label, 80), custom_id: customId });

/** One row per card: Discuss (when discussable), 👍, 👎; the Shuffle button joins the last row. */
export function votableRows(
  cards: readonly PaperCard[],
  options: { discussable: boolean; discussLabel: string; discussId: (paperId: string, embedIndex: number) => string; shuffle?: RenderedButton },
): RenderedRow[] {
  const rows: RenderedRow[] = cards.slice(0, VOTABLE_CARDS_PER_MESSAGE).map((c, j) => ({
    type: 1,
    components: [
      ...(options.discussable ? [button(`${options.discussLabel} ${cardNumber(c.index)}`, options.discussId(c.paperId, j))] : []),
      button('👍', voteCustomId('up', c.paperId, j)),
      button('👎', voteCustomId('down', c.paperId, j)),
    ],
  }));
  if (options.shuffle) {
    const last = rows[rows.length - 1];
    if (last && last.components.length < 5) last.components.push(options.shuffle);
    else rows.push({ type: 1, components: [options.shuffle] });
  }
  return rows;
}
