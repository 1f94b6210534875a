/**
 * Neutral markdown → Slack mrkdwn. Slack only needs `&`, `<` and `>` escaped; once they are, untrusted
 * text (paper titles, abstracts, LLM output) cannot form `<!everyone>`, `<!channel>`, `<@U…>` or
 * `<url|label>` control sequences — the only way to ping people from our messages.
 */
import { defuseMentions } from '../../src/chat/message.js';

/** Escapes Slack's three control characters and defuses bare mass mentions. */
export function escapeMrkdwn(text: string): string {
  return defuseMentions(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `**bold**` → `*bold*` on already escaped text. `_italic_` and `code` are the same in mrkdwn. */
function inline(escaped: string): string {
  return escaped.replace(/\*\*([^*\n]+?)\*\*/g, '*$1*');
}

/** Only http(s) links become Slack links; a `|` would end the URL part early, so it is percent-encoded. */
export function slackLink(url: string, label: string): string {
  const safeUrl = escapeMrkdwn(url).replace(/\|/g, '%7C');
  const safeLabel = escapeMrkdwn(label);
  return safeLabel ? `<${safeUrl}|${safeLabel}>` : `<${safeUrl}>`;
}

const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g;

/** Converts the neutral markdown subset (see src/chat/message.ts) to escaped mrkdwn. */
export function toMrkdwn(neutral: string): string {
  let out = '';
  let last = 0;
  for (const m of neutral.matchAll(LINK)) {
    out += inline(escapeMrkdwn(neutral.slice(last, m.index)));
    const url = m[2]!;
    out += `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${inline(escapeMrkdwn(m[1]!))}>`;
    last = m.index + m[0].length;
  }
  return out + inline(escapeMrkdwn(neutral.slice(last)));
}

/**
 * Plain text for the `text` fallback (notifications, screen readers): markdown stripped, links shown as
 * `label (url)`, still escaped because Slack parses the fallback as mrkdwn too.
 */
export function toPlainFallback(neutral: string): string {
  const stripped = neutral.replace(LINK, '$1 ($2)').replace(/\*\*([^*\n]+?)\*\*/g, '$1');
  return escapeMrkdwn(stripped);
}

/** Cuts `text` to at most `max` characters (code points kept whole), marking the cut with `…`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  // Do not leave half a surrogate pair or half an entity (`&am`) behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return `${cut}…`;
}
