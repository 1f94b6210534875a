/**
 * The bot's fixed messages in every supported language, gathered from one file per area under
 * `catalogue/` (add an area by adding a file and listing it below). Both languages must have the same
 * keys and placeholders (a unit test checks it). Messages are ICU MessageFormat (intl-messageformat): a
 * placeholder is `{name}`; words that follow a number are `{count, plural, one {# paper} other {# papers}}`
 * (English needs it, Chinese does not); a literal apostrophe next to a brace is written twice (`''{op}''`).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { argumentNames, parseMessage } from './message-arguments.js';
import * as core from './catalogue/core.js';
import * as errors from './catalogue/errors.js';
import * as sources from './catalogue/sources.js';
import * as help from './catalogue/help.js';
import * as hardening from './catalogue/hardening.js';
import * as topics from './catalogue/topics.js';
import * as feedback from './catalogue/feedback.js';
import * as web from './catalogue/web.js';
import * as exchange from './catalogue/exchange.js';

export type Language = 'en' | 'zh';

const en = { ...core.en, ...errors.en, ...sources.en, ...help.en, ...hardening.en, ...topics.en, ...feedback.en, ...web.en, ...exchange.en };

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = { ...core.zh, ...errors.zh, ...sources.zh, ...help.zh, ...hardening.zh, ...topics.zh, ...feedback.zh, ...web.zh, ...exchange.zh };

export const catalogues: Record<Language, Record<MessageKey, string>> = { en, zh };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const table = catalogues[language] ?? catalogues.en;
  return (key, vars = {}) => {
    const message = messageOf(language, key, table[key] ?? catalogues.en[key]);
    let values: Record<string, string | number> = vars;
    for (const name of message.names) {
      // an argument nobody passed is shown as itself, as before plurals: a reply is never lost to it
      if (values[name] === undefined) values = { ...values, [name]: `{${name}}` };
    }
    return message.format.format(values) as string;
  };
}

interface ParsedMessage {
  readonly format: IntlMessageFormat;
  readonly names: readonly string[];
}

/** Parsed messages, one per language and key: parsing costs far more than formatting. */
const parsed = new Map<string, ParsedMessage>();

function messageOf(language: Language, key: MessageKey, text: string): ParsedMessage {
  const id = `${language}\u0000${key}`;
  let message = parsed.get(id);
  if (!message) {
    const elements = parseMessage(text);
    // ignoreTag: `<query>` in a usage line is text, not markup
    message = { format: new IntlMessageFormat(elements, language, undefined, { ignoreTag: true }), names: argumentNames(elements) };
    parsed.set(id, message);
  }
  return message;
}
