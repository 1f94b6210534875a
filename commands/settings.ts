import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { channelKey } from '../src/chat/ports.js';
import { isValidTimezone } from '../src/config.js';
import { DigestDaysError, formatDigestDays, parseDigestDays } from '../src/digest/digest-days.js';
import { settingCompletions } from './setting-completions.js';
import { UserError } from '../src/errors.js';
import type { ChannelSettings } from '../src/store/ports.js';
import { translator, type MessageKey, type Translate } from '../src/i18n/messages.js';

const NAMES = ['size', 'time', 'timezone', 'days', 'quiet', 'language', 'summaries', 'crosslists', 'replacements', 'learning'] as const;
type Name = (typeof NAMES)[number];

const onOff = (b: boolean) => (b ? 'on' : 'off');

function parseOnOff(value: string, name: string, t: Translate): boolean {
  const v = value.toLowerCase();
  // 开/关 as the Chinese settings line shows them
  if (['on', 'true', 'yes', '1', '开', '开启', '是'].includes(v)) return true;
  if (['off', 'false', 'no', '0', '关', '关闭', '否'].includes(v)) return false;
  throw new UserError('bad_setting', 'settings.bad', { name, reason: { key: 'settings.expectedOnOff' } });
}

/** Validates one setting's value (the edge: typed inside). */
export function parseSetting(name: Name, value: string, t: Translate): Partial<ChannelSettings> {
  const bad = (reason: MessageKey) => new UserError('bad_setting', 'settings.bad', { name, reason: { key: reason } });
  switch (name) {
    case 'size': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 25) throw bad('settings.expectedSize');
      return { size: n };
    }
    case 'time':
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) throw bad('settings.expectedTime');
      return { time: value };
    case 'timezone':
      if (!isValidTimezone(value)) throw bad('settings.expectedTimezone');
      return { timezone: value };
    case 'language':
      if (value !== 'en' && value !== 'zh') throw bad('settings.expectedLanguage');
      return { language: value };
    case 'days':
      return { days: digestDays(value, bad) };
    default:
      return { [name]: parseOnOff(value, name, t) };
  }
}

/** The canonical days text; `every` is stored as no value (the default). */
function digestDays(value: string, bad: (reason: MessageKey) => UserError): string | undefined {
  try {
    const text = formatDigestDays(parseDigestDays(value));
    return text === 'every' ? undefined : text;
  } catch (err) {
    if (err instanceof DigestDaysError) throw bad('settings.expectedDays');
    throw err;
  }
}

/** A setting's value as `/radar settings` shows it. */
function shownValue(s: ChannelSettings, name: Name): string {
  if (name === 'days') return s.days ?? 'every';
  if (name === 'learning') return onOff(s.learning !== false);
  if (name === 'quiet') return onOff(s.quiet === true);
  const v = s[name];
  return typeof v === 'boolean' ? onOff(v) : String(v);
}

/** When the scheduled digest posts, in words (`/radar list`). */
export function daysPhrase(days: string | undefined, t: Translate): string {
  if (days === undefined) return t('settings.daysEvery');
  return days === 'weekdays' ? t('settings.daysWeekdays') : t('settings.daysOn', { days });
}

/** Every setting's value as the settings and list replies show them. */
export function shownSettings(s: ChannelSettings): Record<Name, string | number> {
  return Object.fromEntries(NAMES.map((name) => [name, name === 'size' ? s.size : shownValue(s, name)])) as Record<Name, string | number>;
}

/** `/radar settings <name> <value>` for each setting of `s` that differs from `defaults` (`/radar export`). */
export function settingCommands(s: ChannelSettings, defaults: ChannelSettings): string[] {
  return NAMES.filter((name) => shownValue(s, name) !== shownValue(defaults, name)).map((name) => `/radar settings ${name} ${shownValue(s, name)}`);
}

export const settingsCommand: RadarCommand = {
  spec: {
    name: 'settings',
    description: 'Show or change digest settings: size, time, timezone, days, quiet, language…',
    usage: '/radar settings [size|time|timezone|days|quiet|language|summaries|crosslists|replacements|learning] [value]',
    examples: ['/radar settings size 5', '/radar settings time 09:30', '/radar settings timezone Asia/Shanghai', '/radar settings days mon', '/radar settings quiet on', '/radar settings language zh'],
    requiresManager: true,
    options: [
      { name: 'name', description: 'Which setting', type: 'string', choices: NAMES.map((n) => ({ name: n, value: n })) },
      { name: 'value', description: 'New value (omit to show the settings)', type: 'string', rest: true, autocomplete: true },
    ],
  },
  // completes the named setting's values (Discord): time zones, days, times…
  autocomplete: async (request) => settingCompletions(typeof request.options?.name === 'string' ? request.options.name : undefined, request.partial),
  async execute({ invocation, responder, services, t }) {
    const key = channelKey(invocation.channel);
    const name = stringOption(invocation, 'name') as Name | undefined;
    const value = stringOption(invocation, 'value');
    if (!name || value === undefined) {
      const s = await services.settings.get(key);
      await responder.reply({
        text: [
          t('settings.show', shownSettings(s)),
          t('feedback.settingLine', { learning: onOff(s.learning !== false) }),
        ].join('\n'),
        ephemeral: !name,
      });
      return;
    }
    if (!NAMES.includes(name)) throw new UserError('bad_setting', 'settings.unknown', { name, names: NAMES.join(', ') });
    const patch = parseSetting(name, value, t);
    const next = await services.settings.update(key, patch);
    const nt = name === 'language' ? translator(next.language) : t;
    await responder.reply({ text: nt('settings.updated', { name, value: shownValue(next, name) }) });
  },
};
