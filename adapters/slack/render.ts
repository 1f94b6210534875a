/**
 * Neutral OutboundMessage → Slack Block Kit payloads. Pure: no I/O, unit-tested.
 * Limits (Slack): ≤ 50 blocks per message, ≤ 3,000 chars per section text, a plain `text` fallback always.
 * Long output is split across messages, never dropped: a card is never split between messages, and one
 * oversized card is truncated inside itself (its abstract first) rather than left out.
 */
import type { types } from '@slack/bolt';
import { cardNumber, formatReason, mentionLine, renderMarked, type OutboundMessage, type PaperCard } from '../../src/chat/message.js';
import { escapeMrkdwn, slackLink, toMrkdwn, toPlainFallback, truncate } from './mrkdwn.js';
import { voteBlock } from './feedback-blocks.js';

export type SlackBlock = types.KnownBlock;

/** One chat.postMessage worth of content. */
export interface SlackPayload {
  readonly text: string;
  readonly blocks: SlackBlock[];
  /** The cards' paper ids (not sent: reported back with the posted message for reaction votes). */
  readonly paperIds?: readonly string[];
}

export interface SlackLimits {
  readonly maxBlocks: number;
  readonly maxSectionChars: number;
  /** Fallback `text` length kept per message (Slack truncates at 40k; notifications show far less). */
  readonly maxFallbackChars: number;
}

export const SLACK_LIMITS: SlackLimits = { maxBlocks: 50, maxSectionChars: 3000, maxFallbackChars: 3000 };

/** Action ids the adapter listens for. */
export const SHUFFLE_ACTION = 'radar_shuffle';
export const DISCUSS_ACTION = 'radar_discuss';

const CONTEXT_CHARS = 2000;
const TITLE_CHARS = 500;
const BUTTON_LABEL_CHARS = 75;

/** Splits long mrkdwn into pieces ≤ max, preferring line breaks, then spaces. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    // Never cut inside an escaped entity or a surrogate pair.
    const amp = rest.lastIndexOf('&', cut);
    if (amp > cut - 5 && rest.indexOf(';', amp) >= cut) cut = amp;
    if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? '')) cut--;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.trim() || out.length === 0) out.push(rest);
  return out;
}

/** The mrkdwn of one card's section, kept ≤ `max` by shortening the abstract, then the rest. */
export function cardSectionText(card: PaperCard, max: number): string {
  const head = `*${slackLink(card.url, `${cardNumber(card.index)} · ${truncate(card.title, TITLE_CHARS)}`)}*`;
  const bold = (s: string): string => `*${escapeMrkdwn(s)}*`;
  const lead = [card.sourceLabel, card.date].filter(Boolean).join(' · ');
  const authors = renderMarked(card.authors, card.marks?.authors, escapeMrkdwn, bold);
  const meta = `_${escapeMrkdwn(lead)}${lead && authors ? ' · ' : ''}${authors}_`;
  const tldr = card.tldr ? `*TL;DR* ${escapeMrkdwn(card.tldr)}` : undefined;
  const note = card.note ? `_${escapeMrkdwn(card.note)}_` : undefined;
  const fixed = [head, meta, tldr, note].filter((s): s is string => Boolean(s));
  const fixedLength = fixed.join('\n').length + 1;
  const summary = truncate(renderMarked(card.summary, card.marks?.summary, escapeMrkdwn, bold), Math.max(0, max - fixedLength));
  const lines = [head, meta, tldr, summary, note].filter((s): s is string => Boolean(s));
  return truncate(lines.join('\n'), max);
}

function button(text: string, actionId: string, value: string): types.Button {
  return { type: 'button', text: { type: 'plain_text', text: truncate(text, BUTTON_LABEL_CHARS), emoji: true }, action_id: actionId, value };
}

function cardBlocks(card: PaperCard, discussable: boolean, limits: SlackLimits, votable = false): SlackBlock[] {
  const section: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: cardSectionText(card, limits.maxSectionChars) } };
  if (discussable) section.accessory = button('Discuss', DISCUSS_ACTION, card.paperId);
  const blocks: SlackBlock[] = [section];
  if (card.reasons.length > 0) {
    const why = `:mag: ${card.reasons.map((r) => escapeMrkdwn(formatReason(r))).join(' · ')}`;
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(why, CONTEXT_CHARS) }] });
  }
  if (votable) blocks.push(voteBlock(card));
  return blocks;
}

function buttonsBlock(message: OutboundMessage): types.ActionsBlock | undefined {
  const elements: types.Button[] = [];
  let discussN = 0;
  for (const b of message.buttons ?? []) {
    if (b.kind === 'shuffle') elements.push(button(b.label, SHUFFLE_ACTION, 'shuffle'));
    // action_id must be unique within a block, so extra Discuss buttons get a suffix (matched by prefix).
    else elements.push(button(b.label, discussN++ === 0 ? DISCUSS_ACTION : `${DISCUSS_ACTION}:${discussN}`, b.paperId));
  }
  return elements.length > 0 ? { type: 'actions', elements: elements.slice(0, 25) } : undefined;
}

interface Unit {
  readonly blocks: SlackBlock[];
  readonly card?: PaperCard;
}

/** A Slack user id (`U…`, `W…` on Enterprise Grid); anything else is written as plain text. */
const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;

/** The message's mention line: `<@U…>` notifies exactly the people the digest names (`/radar watch`). */
function slackMentionLine(message: OutboundMessage): string {
  if (!message.mentions?.length) return '';
  return mentionLine(message.mentions, (id) => (SLACK_USER.test(id) ? `<@${id}>` : escapeMrkdwn(`@${id}`)));
}

/**
 * Renders a message as one or more Slack payloads: header sections, one section (+ why-matched context)
 * per card with dividers between cards, and the message buttons under the last card.
 */
export function renderMessage(message: OutboundMessage, limits: SlackLimits = SLACK_LIMITS): SlackPayload[] {
  const units: Unit[] = [];
  const mentions = slackMentionLine(message);
  const header = [message.text.trim() ? toMrkdwn(message.text) : '', mentions].filter(Boolean).join('\n');
  for (const piece of header ? splitText(header, limits.maxSectionChars) : []) {
    units.push({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: piece } }] });
  }
  for (const card of message.cards ?? []) units.push({ blocks: cardBlocks(card, message.discussable === true, limits, message.votable === true), card });
  const actions = buttonsBlock(message);
  if (actions) units.push({ blocks: [actions] });

  const chunks: { blocks: SlackBlock[]; cards: PaperCard[] }[] = [];
  let current: { blocks: SlackBlock[]; cards: PaperCard[] } = { blocks: [], cards: [] };
  for (const unit of units) {
    const needsDivider = unit.card !== undefined && current.blocks.length > 0;
    const size = unit.blocks.length + (needsDivider ? 1 : 0);
    if (current.blocks.length > 0 && current.blocks.length + size > limits.maxBlocks) {
      chunks.push(current);
      current = { blocks: [], cards: [] };
    }
    if (unit.card !== undefined && current.blocks.length > 0) current.blocks.push({ type: 'divider' });
    current.blocks.push(...unit.blocks);
    if (unit.card) current.cards.push(unit.card);
  }
  if (current.blocks.length > 0 || chunks.length === 0) chunks.push(current);

  return chunks.map((chunk, i) => {
    const lines = chunk.cards.map((c) => `${cardNumber(c.index)} · ${escapeMrkdwn(c.title)}`);
    const head = i === 0 ? [toPlainFallback(message.text), mentions].filter(Boolean).join('\n') : '';
    const text = truncate([head, ...lines].filter(Boolean).join('\n') || '…', limits.maxFallbackChars);
    return { text, blocks: chunk.blocks, ...(chunk.cards.length ? { paperIds: chunk.cards.map((c) => c.paperId) } : {}) };
  });
}
