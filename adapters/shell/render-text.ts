/** Plain-text rendering of the neutral message for terminals (and logs). */
import { cardNumber, formatReason, mentionLine, renderMarked, type OutboundMessage, type PaperCard } from '../../src/chat/message.js';
import { translator, type Translate } from '../../src/i18n/messages.js';

const english = translator('en');

/** Neutral markdown → plain text: `**b**` → b, `[label](url)` → `label <url>`, backticks kept. */
export function markdownToPlain(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1$2')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 <$2>');
}

/** How a terminal shows what a card's reasons hit: bold (ANSI SGR 1 … 22), or not at all. */
export type Emphasis = 'bold' | 'none';

const same = (s: string): string => s;
const bold = (s: string): string => `\u001b[1m${s}\u001b[22m`;

export function renderCard(card: PaperCard, t: Translate = english, emphasis: Emphasis = 'none'): string {
  const marked = emphasis === 'bold' ? bold : same;
  const lines = [
    `${cardNumber(card.index)}  ${card.title}`,
    `    ${[card.sourceLabel, card.date, renderMarked(card.authors, card.marks?.authors, same, marked)].filter(Boolean).join(' · ')}`,
    `    ${card.url}`,
  ];
  if (card.tldr) lines.push(`    TL;DR: ${card.tldr}`);
  lines.push(`    ${renderMarked(card.summary, card.marks?.summary, same, marked)}`);
  if (card.reasons.length) lines.push(`    ${t('shell.why')}: ${card.reasons.map(formatReason).join(' · ')}`);
  if (card.note) lines.push(`    ↻ ${card.note}`);
  return lines.join('\n');
}

export function renderText(message: OutboundMessage, t: Translate = english, emphasis: Emphasis = 'none'): string {
  const mentions = message.mentions?.length ? `\n${mentionLine(message.mentions, (id) => `@${id}`)}` : '';
  const parts = [markdownToPlain(message.text) + mentions];
  for (const card of message.cards ?? []) parts.push(renderCard(card, t, emphasis));
  const hints: string[] = [];
  if (message.buttons?.some((b) => b.kind === 'shuffle')) hints.push(t('shell.hintShuffle'));
  if (message.discussable && message.cards?.length) hints.push(t('shell.hintDiscuss'));
  if (message.votable && message.cards?.length) hints.push(t('shell.hintVote'));
  if (hints.length) parts.push(`[${hints.join(' · ')}]`);
  return parts.join('\n\n');
}
