/**
 * The bot's fixed messages in every supported language, gathered from one file per area under
 * `catalogue/` (add an area by adding a file and listing it below). Both languages must have the same
 * keys and placeholders (a unit test checks it). Messages are ICU MessageFormat (intl-messageformat): a
 * placeholder is `{name}`; words that follow a number are `{count, plural, one {# paper} other {# papers}}`
 * (English needs it, Chinese does not); a literal apostrophe next to a brace is written twice (`''{op}''`).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { argumentNames, parseMessage, plainParts, type PlainParts } from './message-arguments.js';
import * as core from './catalogue/core.js';
import * as errors from './catalogue/errors.js';
import * as sources from './catalogue/sources.js';
import * as help from './catalogue/help.js';
import * as hardening from './catalogue/hardening.js';
import * as topics from './catalogue/topics.js';
import * as feedback from './catalogue/feedback.js';
import * as web from './catalogue/web.js';
import * as exchange from './catalogue/exchange.js';
import * as watch from './catalogue/watch.js';

export type Language = 'en' | 'zh';

const en = { ...core.en, ...errors.en, ...sources.en, ...help.en, ...hardening.en, ...topics.en, ...feedback.en, ...web.en, ...exchange.en, ...watch.en };

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = { ...core.zh, ...errors.zh, ...sources.zh, ...help.zh, ...hardening.zh, ...topics.zh, ...feedback.zh, ...web.zh, ...exchange.zh, ...watch.zh };

export const catalogues: Record<Language, Record<MessageKey, string>> = { en, zh };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const table = catalogues[language] ?? catalogues.en;
  const cache = parsed[language] ?? parsed.en;
  return (key, vars = {}) => {
    let message = cache.get(key);
    if (!message) {
      message = parsedMessage(language, table[key] ?? catalogues.en[key]);
      cache.set(key, message);
    }
    // an argument nobody passed is shown as itself: a reply is never lost to it
    const valueOf = (name: string): string | number => vars[name] ?? `{${name}}`;
    if (message.plain) return message.plain.map((part) => (typeof part === 'string' ? part : String(valueOf(part.argument)))).join('');
    return message.format.format(Object.fromEntries(message.names.map((name) => [name, valueOf(name)]))) as string;
  };
}

interface ParsedMessage {
  readonly format: IntlMessageFormat;
  readonly names: readonly string[];
  /** A message of text and plain arguments only (most of them), joined without the formatter. */
  readonly plain: PlainParts | undefined;
}

/** Parsed messages per language and key: parsing costs far more than formatting. */
const parsed: Record<Language, Map<MessageKey, ParsedMessage>> = { en: new Map(), zh: new Map() };

function parsedMessage(language: Language, text: string): ParsedMessage {
  const elements = parseMessage(text);
  // ignoreTag: `<query>` in a usage line is text, not markup
  return { format: new IntlMessageFormat(elements, language, undefined, { ignoreTag: true }), names: argumentNames(elements), plain: plainParts(elements) };
}
