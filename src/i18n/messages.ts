/**
 * The bot's fixed messages in every supported language, gathered from one file per area under
 * `catalogue/` (add an area by adding a file and listing it below). Both languages must have the same
 * keys and placeholders (a unit test checks it). Placeholders are `{name}`.
 */
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
  return (key, vars = {}) =>
    (table[key] ?? catalogues.en[key]).replace(/\{(\w+)\}/g, (m, name: string) =>
      vars[name] === undefined ? m : String(vars[name]),
    );
}
