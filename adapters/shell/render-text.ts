/** Plain-text rendering of the neutral message for terminals (and logs). */
import { cardNumber, formatReason, type OutboundMessage, type PaperCard } from '../../src/chat/message.js';
import { translator, type Translate } from '../../src/i18n/messages.js';

const english = translator('en');

/** Neutral markdown → plain text: `**b**` → b, `[label](url)` → `label <url>`, backticks kept. */
export function markdownToPlain(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|\s)_(.+?)_(?=\s|$)/g, '$1$2')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 <$2>');
}

export function renderCard(card: PaperCard, t: Translate = english): string {
  const lines = [
    `${cardNumber(card.index)}  ${card.title}`,
    `    ${card.sourceLabel} · ${card.date} · ${card.authors}`,
    `    ${card.url}`,
  ];
  if (card.tldr) lines.push(`    TL;DR: ${card.tldr}`);
  lines.push(`    ${card.summary}`);
  if (card.reasons.length) lines.push(`    ${t('shell.why')}: ${card.reasons.map(formatReason).join(' · ')}`);
  if (card.note) lines.push(`    ↻ ${card.note}`);
  return lines.join('\n');
}

export function renderText(message: OutboundMessage, t: Translate = english): string {
  const parts = [markdownToPlain(message.text)];
  for (const card of message.cards ?? []) parts.push(renderCard(card, t));
  const hints: string[] = [];
  if (message.buttons?.some((b) => b.kind === 'shuffle')) hints.push(t('shell.hintShuffle'));
  if (message.discussable && message.cards?.length) hints.push(t('shell.hintDiscuss'));
  if (message.votable && message.cards?.length) hints.push(t('shell.hintVote'));
  if (hints.length) parts.push(`[${hints.join(' · ')}]`);
  return parts.join('\n\n');
}
