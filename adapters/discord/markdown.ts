/**
 * Text helpers for Discord: neutral markdown → Discord markdown, escaping of untrusted text (titles,
 * abstracts, author lists) and truncation that never splits a surrogate pair or leaves a dangling escape.
 */

/**
 * Neutral markdown (`**bold**`, `_italic_`, `[label](url)`, `• ` bullets) is already Discord markdown.
 * Only line starts that Discord would turn into headings, subtext or quotes are escaped, because the
 * neutral format never means them.
 */
export function toDiscordMarkdown(text: string): string {
  return text.replace(/^(#{1,3} |-# |>)/gm, '\\$1');
}

/** Escape every markdown character Discord interprets, for text that came from a feed or a model. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    .replace(/^(#{1,3} |-# |>)/gm, '\\$1')
    .replace(/[ \t]+/g, ' ');
}

/** Collapse whitespace to single spaces (titles and chips are one line). */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Shorten to at most `max` UTF-16 units (Discord's limits are at least that generous), ending in `…`.
 * Never cuts a surrogate pair in half and never leaves a lone trailing backslash from escaping.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * Split text into chunks of at most `max` units, preferring line breaks, then spaces; a chunk never ends
 * inside a surrogate pair. Nothing is dropped: joining the chunks with their break restores the text.
 */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at <= 0) at = rest.lastIndexOf(' ', max);
    if (at <= 0) {
      at = max;
      const c = rest.charCodeAt(at - 1);
      if (c >= 0xd800 && c <= 0xdbff) at -= 1;
    }
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}
