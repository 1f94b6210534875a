/**
 * Neutral OutboundMessage → Discord message bodies. Pure: no client, no I/O, unit-tested.
 *
 * One message per digest when it fits: the text as `content`, one embed per paper card, a Discuss button
 * per card and the Shuffle button under the last message. When Discord's limits bite (10 embeds, 6,000
 * embed characters, 2,000 content characters) the output continues in further messages; a card is never
 * dropped and never split, and each card is cut to fit (with …) so no embed is ever malformed.
 */
import { cardNumber, formatReason, mentionLine, renderMarked, type MessageButton, type OutboundMessage, type PaperCard } from '../../src/chat/message.js';
import { escapeMarkdown, oneLine, splitText, toDiscordMarkdown, truncate } from './markdown.js';
import { VOTABLE_CARDS_PER_MESSAGE, votableRows } from './feedback-buttons.js';

/** Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  buttonsPerRow: 5,
  rows: 5,
  customId: 100,
  buttonLabel: 80,
} as const;

export interface EmbedField { name: string; value: string; inline?: boolean }
export interface RenderedEmbed {
  title: string;
  url?: string;
  description?: string;
  color: number;
  author?: { name: string };
  fields: EmbedField[];
  footer: { text: string };
}
export interface RenderedButton { type: 2; style: 1 | 2; label: string; custom_id: string }
export interface RenderedRow { type: 1; components: RenderedButton[] }

/** One Discord message body, in API (snake_case) JSON apart from `allowedMentions`. */
export interface DiscordPayload {
  content?: string;
  embeds: RenderedEmbed[];
  components: RenderedRow[];
  /**
   * `{ parse: [] }`: nothing a paper or a model writes may ping anyone; `users` lists exactly the people the
   * message names on purpose (its mention line, `/radar watch`).
   */
  allowedMentions: { parse: []; users?: string[] };
  /** The cards' paper ids (not sent: reported back with the posted message for reaction votes). */
  paperIds?: string[];
}

export const SHUFFLE_ID = 'radar:shuffle';
const DISCUSS_PREFIX = 'radar:discuss:';
/** Fallback for ids too long for a custom_id: the card's position; its id is read back from the footer. */
const DISCUSS_AT_PREFIX = 'radar:discuss@';
const FOOTER_SEP = ' · ';
const EMBED_COLOR = 0xb31b1b; // arXiv red

export interface RenderOptions {
  /** Label of the per-card Discuss buttons; the card number is appended. */
  readonly discussLabel?: string;
}

/** Width of an embed as Discord counts it toward the 6,000 per-message budget. */
export function embedLength(e: RenderedEmbed): number {
  let n = e.title.length + (e.description?.length ?? 0) + e.footer.text.length + (e.author?.name.length ?? 0);
  for (const f of e.fields) n += f.name.length + f.value.length;
  return n;
}

/** One card as one embed, every part cut to its own limit and the whole to ≤ 6,000. */
export function cardEmbed(card: PaperCard): RenderedEmbed {
  const L = DISCORD_LIMITS;
  const fields: EmbedField[] = [];
  const chips = card.reasons.map((r) => `\`${oneLine(formatReason(r)).replace(/`/g, "'")}\``).join(' ');
  if (chips) fields.push({ name: 'Why matched', value: truncate(chips, L.fieldValue) });
  if (card.tldr?.trim()) fields.push({ name: 'TL;DR', value: truncate(escapeMarkdown(oneLine(card.tldr)), L.fieldValue) });
  if (card.note?.trim()) fields.push({ name: 'Note', value: truncate(escapeMarkdown(card.note.trim()), L.fieldValue) });
  const embed: RenderedEmbed = {
    title: truncate(`${cardNumber(card.index)} · ${escapeMarkdown(oneLine(card.title)) || '(untitled)'}`, L.title),
    color: EMBED_COLOR,
    fields,
    footer: { text: truncate(`${oneLine(card.date)}${FOOTER_SEP}${card.paperId}`, L.footer) },
  };
  if (/^https?:\/\/\S+$/.test(card.url)) embed.url = card.url;
  const source = oneLine(card.sourceLabel);
  if (source) embed.author = { name: truncate(source, L.authorName) };
  const authors = renderMarked(card.authors, card.marks?.authors, inlineText, boldText).trim();
  const summary = renderMarked(card.summary, card.marks?.summary, (s) => escapeMarkdown(s), (s) => `**${escapeMarkdown(s)}**`).trim();
  const body = [authors ? `_${authors}_` : '', summary].filter(Boolean).join('\n\n');
  const room = Math.min(L.description, L.embedTotal - embedLength(embed));
  if (body) embed.description = truncate(body, room);
  return embed;
}

/** A piece of a one-line text, escaped (its whitespace, newlines included, as single spaces). */
const inlineText = (s: string): string => escapeMarkdown(s.replace(/\s+/g, ' '));
const boldText = (s: string): string => `**${inlineText(s)}**`;

/** The custom_id of a card's Discuss button (≤ 100 chars). */
export function discussCustomId(paperId: string, embedIndex: number): string {
  const id = `${DISCUSS_PREFIX}${paperId}`;
  return id.length <= DISCORD_LIMITS.customId ? id : `${DISCUSS_AT_PREFIX}${embedIndex}`;
}

/** What a pressed button means; for the fallback form the paper id is read from the card's footer. */
export function parseCustomId(
  customId: string,
  embeds: readonly { footer?: { text?: string } | null }[] = [],
): { kind: 'shuffle' } | { kind: 'discuss'; paperId: string } | undefined {
  if (customId === SHUFFLE_ID) return { kind: 'shuffle' };
  if (customId.startsWith(DISCUSS_PREFIX)) return { kind: 'discuss', paperId: customId.slice(DISCUSS_PREFIX.length) };
  if (customId.startsWith(DISCUSS_AT_PREFIX)) {
    const footer = embeds[Number(customId.slice(DISCUSS_AT_PREFIX.length))]?.footer?.text;
    const paperId = footer?.split(FOOTER_SEP).pop();
    return paperId ? { kind: 'discuss', paperId } : undefined;
  }
  return undefined;
}

interface Draft { content?: string; embeds: RenderedEmbed[]; cards: PaperCard[]; extra: MessageButton[] }

/** Render a neutral message as one or more Discord message bodies, in posting order. */
export function renderMessage(message: OutboundMessage, options: RenderOptions = {}): DiscordPayload[] {
  const L = DISCORD_LIMITS;
  const { line, users } = discordMentions(message);
  const text = [toDiscordMarkdown(message.text ?? '').trim(), line].filter(Boolean).join('\n');
  const allowedMentions: DiscordPayload['allowedMentions'] = users.length > 0 ? { parse: [], users } : { parse: [] };
  const cards = message.cards ?? [];
  const drafts: Draft[] = (text ? splitText(text, L.content) : []).map((content) => ({ content, embeds: [], cards: [], extra: [] }));
  if (drafts.length === 0) drafts.push({ content: cards.length ? undefined : '\u200b', embeds: [], cards: [], extra: [] });
  let current = drafts[drafts.length - 1]!;
  let used = 0;
  // Votable cards each take a row of buttons, and Discord allows 5 rows per message.
  const perMessage = message.votable ? VOTABLE_CARDS_PER_MESSAGE : L.embedsPerMessage;
  for (const card of cards) {
    const embed = cardEmbed(card);
    const size = embedLength(embed);
    if (current.embeds.length >= perMessage || used + size > L.embedTotal) {
      current = { embeds: [], cards: [], extra: [] };
      drafts.push(current);
      used = 0;
    }
    current.embeds.push(embed);
    current.cards.push(card);
    used += size;
  }
  // Explicit Discuss buttons go with their card when it is shown, else under the last message.
  for (const b of message.buttons ?? []) {
    if (b.kind !== 'discuss') continue;
    const home = drafts.find((d) => d.cards.some((c) => c.paperId === b.paperId)) ?? drafts[drafts.length - 1]!;
    home.extra.push(b);
  }
  const shuffle = message.buttons?.find((b) => b.kind === 'shuffle');
  return drafts.map((d, i) => {
    const paperIds = d.cards.length ? { paperIds: d.cards.map((c) => c.paperId) } : {};
    if (message.votable) {
      const shuffleButton = shuffle && i === drafts.length - 1 ? { type: 2 as const, style: 1 as const, label: truncate(shuffle.label, L.buttonLabel), custom_id: SHUFFLE_ID } : undefined;
      const components = votableRows(d.cards, {
        discussable: message.discussable === true,
        discussLabel: options.discussLabel ?? 'Discuss',
        discussId: discussCustomId,
        ...(shuffleButton ? { shuffle: shuffleButton } : {}),
      });
      return { ...(d.content !== undefined ? { content: d.content } : {}), embeds: d.embeds, components, allowedMentions, ...paperIds };
    }
    const buttons: RenderedButton[] = [];
    const seen = new Set<string>();
    const add = (b: RenderedButton): void => {
      if (seen.has(b.custom_id)) return;
      seen.add(b.custom_id);
      buttons.push(b);
    };
    const label = options.discussLabel ?? 'Discuss';
    d.cards.forEach((c, j) => {
      if (message.discussable) add(discussButton(`${label} ${cardNumber(c.index)}`, discussCustomId(c.paperId, j)));
    });
    for (const b of d.extra) {
      if (b.kind !== 'discuss') continue;
      const j = d.cards.findIndex((c) => c.paperId === b.paperId);
      const id = j >= 0 ? discussCustomId(b.paperId, j) : `${DISCUSS_PREFIX}${b.paperId}`;
      if (id.length <= L.customId) add(discussButton(b.label, id));
    }
    const rows = chunk(buttons, L.buttonsPerRow).slice(0, shuffle ? L.rows - 1 : L.rows);
    if (shuffle && i === drafts.length - 1) {
      rows.push({ type: 1, components: [{ type: 2, style: 1, label: truncate(shuffle.label, L.buttonLabel), custom_id: SHUFFLE_ID }] });
    }
    const payload: DiscordPayload = { embeds: d.embeds, components: rows, allowedMentions, ...paperIds };
    if (d.content !== undefined) payload.content = d.content;
    return payload;
  });
}

/** A Discord user id: a snowflake. Anything else (a name from another platform) is written as plain text. */
const SNOWFLAKE = /^\d{15,21}$/;

/** The message's mention line in Discord syntax, and the users it may notify (at most 100, Discord's cap). */
function discordMentions(message: OutboundMessage): { line: string; users: string[] } {
  const mentions = (message.mentions ?? []).slice(0, 100);
  if (mentions.length === 0) return { line: '', users: [] };
  const line = mentionLine(mentions, (id) => (SNOWFLAKE.test(id) ? `<@${id}>` : escapeMarkdown(`@${id}`)));
  return { line, users: mentions.map((m) => m.userId).filter((id) => SNOWFLAKE.test(id)) };
}

function discussButton(label: string, customId: string): RenderedButton {
  return { type: 2, style: 2, label: truncate(label, DISCORD_LIMITS.buttonLabel), custom_id: customId };
}

function chunk(buttons: RenderedButton[], size: number): RenderedRow[] {
  const rows: RenderedRow[] = [];
  for (let i = 0; i < buttons.length; i += size) rows.push({ type: 1, components: buttons.slice(i, i + size) });
  return rows;
}
