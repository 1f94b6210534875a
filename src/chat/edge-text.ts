/**
 * Text crossing the radar's edges, cleaned of characters that only make trouble. Inbound (commands, thread
 * questions, the web page's forms): a NUL cannot even be stored in PostgreSQL (the command failed as "storage
 * busy", forever), a bidi override makes an echoed query read backwards in the channel, and a soft hyphen or
 * zero-width space pasted from a PDF splits a word so the subscription never matches. Outbound (whatever a
 * model, a feed or a user wrote): no control character and no bidi override reaches a platform or the store.
 */

// C0 and C1 controls and DEL, except tab, line feed and carriage return
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Bidi embeddings, overrides, isolates and marks: they reorder what is displayed after them. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Invisible characters inside words: soft hyphen, Mongolian vowel separator, zero-width space/non-joiner, word joiner, invisible operators, BOM. */
const INVISIBLE = /[\u00AD\u180E\u200B\u200C\u2060-\u2064\uFEFF]/g;
/**
 * A zero-width joiner, except inside an emoji sequence (👩‍🔬 is a woman, a ZWJ and a microscope: without it, two
 * emoji): after a pictograph (or its variation selector or skin tone) and before another.
 */
const LOOSE_JOINER = /(?<![\p{Extended_Pictographic}\u{FE0F}\u{1F3FB}-\u{1F3FF}])\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** Half of a surrogate pair without its other half: not a character (PostgreSQL stores it as U+FFFD). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** User text as the radar takes it in: controls become spaces; bidi and invisible characters go (an emoji's joiner stays). */
export function cleanUserText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROLS, ' ').replace(BIDI, '').replace(INVISIBLE, '').replace(LOOSE_JOINER, '');
}

/**
 * Text as the radar sends or stores it: controls and bidi characters removed. Zero-width spaces stay: the
 * radar itself uses one to defuse `@everyone`.
 */
export function cleanOutboundText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROLS, '').replace(BIDI, '');
}
