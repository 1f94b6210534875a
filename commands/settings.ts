import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { channelKey } from '../src/chat/ports.js';
import { OFF_WORDS, ON_WORDS } from '../src/chat/on-off-words.js';
import { isValidTimezone } from '../src/config.js';
import { DigestDaysError, formatDigestDays, parseDigestDays } from '../src/digest/digest-days.js';
import { DigestPauseError, parseDigestPause, PAUSED_UNTIL_RESUMED, shownPause } from '../src/digest/digest-pause.js';
import { nextDigestText, weekdayName } from '../src/digest/next-digest.js';
import { localParts } from '../src/schedule/local-time.js';
import type { RadarServices } from '../src/services.js';
import { settingCompletions } from './setting-completions.js';
import { UserError } from '../src/errors.js';
import type { ChannelSettings } from '../src/store/ports.js';
import { translator, type MessageKey, type Translate } from '../src/i18n/messages.js';

const NAMES = ['size', 'time', 'timezone', 'days', 'quiet', 'language', 'summaries', 'crosslists', 'replacements', 'learning', 'pause'] as const;
type Name = (typeof NAMES)[number];

const onOff = (b: boolean) => (b ? 'on' : 'off');

function parseOnOff(value: string, name: string, t: Translate): boolean {
  const v = value.toLowerCase();
  if (ON_WORDS.includes(v)) return true;
  if (OFF_WORDS.includes(v)) return false;
  throw new UserError('bad_setting', 'settings.bad', { name, reason: { key: 'settings.expectedOnOff' } });
}

/** Validates one setting's value (the edge: typed inside); `today` is the channel's local day (a pause's `2w`). */
export function parseSetting(name: Name, value: string, t: Translate, today: string): Partial<ChannelSettings> {
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
    case 'pause':
      try {
        return { pausedUntil: parseDigestPause(value, today) };
      } catch (err) {
        if (err instanceof DigestPauseError) throw bad('settings.expectedPause');
        throw err;
      }
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

/** A setting's value as `/radar settings` shows it on the channel's local day `today`. */
function shownValue(s: ChannelSettings, name: Name, today: string): string {
  if (name === 'days') return s.days ?? 'every';
  if (name === 'pause') return shownPause(s.pausedUntil, today);
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

/** Every setting's value as the settings and list replies show them on the channel's local day `today`. */
export function shownSettings(s: ChannelSettings, today: string): Record<Name, string | number> {
  return Object.fromEntries(NAMES.map((name) => [name, name === 'size' ? s.size : shownValue(s, name, today)])) as Record<Name, string | number>;
}

/**
 * `/radar settings <name> <value>` for each setting of `s` that differs from `defaults` (`/radar export`). A
 * pause is left out: it is this channel's holiday, not a setting to copy.
 */
export function settingCommands(s: ChannelSettings, defaults: ChannelSettings): string[] {
  const copied = NAMES.filter((name) => name !== 'pause');
  return copied.filter((name) => shownValue(s, name, '') !== shownValue(defaults, name, '')).map((name) => `/radar settings ${name} ${shownValue(s, name, '')}`);
}

/** The channel's local day now (a pause counts in the channel's days). */
const localDay = (s: ChannelSettings, now: Date): string => localParts(now, s.timezone).day;

export const settingsCommand: RadarCommand = {
  spec: {
    name: 'settings',
    description: 'Show or change digest settings: size, time, timezone, days, quiet, language, pause…',
    usage: '/radar settings [size|time|timezone|days|quiet|language|summaries|crosslists|replacements|learning|pause] [value]',
    examples: ['/radar settings size 5', '/radar settings time 09:30', '/radar settings timezone Asia/Shanghai', '/radar settings days mon', '/radar settings quiet on', '/radar settings language zh', '/radar settings pause 2w', '/radar settings pause off'],
    requiresManager: true,
    options: [
      { name: 'name', description: 'Which setting', type: 'string', choices: NAMES.map((n) => ({ name: n, value: n })) },
      { name: 'value', description: 'New value (omit to show the settings)', type: 'string', rest: true, autocomplete: true },
    ],
  },
  // completes the named setting's values (Discord): time zones, days, times…
  autocomplete: async (request) => settingCompletions(typeof request.options?.name === 'string' ? request.options.name : undefined, request.partial),
  async execute({ invocation, responder, services, t, settings: known }) {
    const key = channelKey(invocation.channel);
    const name = stringOption(invocation, 'name') as Name | undefined;
    const value = stringOption(invocation, 'value');
    const current = known ?? (await services.settings.get(key));
    const today = localDay(current, services.clock.now());
    if (!name || value === undefined) {
      await responder.reply({
        text: [
          t('settings.show', shownSettings(current, today)),
          t('feedback.settingLine', { learning: onOff(current.learning !== false) }),
        ].join('\n'),
        ephemeral: !name,
      });
      return;
    }
    if (!NAMES.includes(name)) throw new UserError('bad_setting', 'settings.unknown', { name, names: NAMES.join(', ') });
    const patch = parseSetting(name, value, t, today);
    const next = await services.settings.update(key, patch);
    if (name === 'pause') {
      await responder.reply({ text: await pauseReply(next, today, key, services, t) });
      return;
    }
    const nt = name === 'language' ? translator(next.language) : t;
    await responder.reply({ text: nt('settings.updated', { name, value: shownValue(next, name, today) }) });
  },
};

/** What a pause change says: until when, or that the digests are back and when the next one comes. */
async function pauseReply(s: ChannelSettings, today: string, key: string, services: RadarServices, t: Translate): Promise<string> {
  const until = s.pausedUntil;
  if (until === PAUSED_UNTIL_RESUMED) return t('settings.pausedUntilResumed');
  if (until !== undefined) return t('settings.paused', { day: until, weekday: weekdayName(until, s.language) });
  const { lastScheduledDay } = await services.store.channels.getStatus(key);
  return t('settings.resumed', { next: nextDigestText(s, lastScheduledDay, services.clock.now(), t) });
}
