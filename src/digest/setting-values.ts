/**
 * The channel settings a manager can change, validated from the text a person typed (`/radar settings`, the
 * web page's settings form) and shown back as text: one place, so chat and web accept and say the same.
 */
import { OFF_WORDS, ON_WORDS } from '../chat/on-off-words.js';
import { localParts } from '../schedule/local-time.js';
import { isValidTimezone } from '../config.js';
import { UserError } from '../errors.js';
import type { MessageKey } from '../i18n/messages.js';
import type { ChannelSettings } from '../store/ports.js';
import { DigestDaysError, formatDigestDays, parseDigestDays } from './digest-days.js';
import { DigestPauseError, parseDigestPause, shownPause } from './digest-pause.js';

export const SETTING_NAMES = ['size', 'time', 'timezone', 'days', 'quiet', 'language', 'summaries', 'crosslists', 'replacements', 'learning', 'pause'] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

export const onOff = (b: boolean) => (b ? 'on' : 'off');

function parseOnOff(value: string, name: string): boolean {
  const v = value.toLowerCase();
  if (ON_WORDS.includes(v)) return true;
  if (OFF_WORDS.includes(v)) return false;
  throw new UserError('bad_setting', 'settings.bad', { name, reason: { key: 'settings.expectedOnOff' } });
}

/** Validates one setting's value (the edge: typed inside); `today` is the channel's local day (a pause's `2w`). */
export function parseSetting(name: SettingName, value: string, today: string): Partial<ChannelSettings> {
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
      return { [name]: parseOnOff(value, name) };
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

/** The channel's local day at `now` (a pause counts in the channel's days). */
export const channelToday = (settings: Pick<ChannelSettings, 'timezone'>, now: Date): string => localParts(now, settings.timezone).day;

/** A setting's value as `/radar settings` shows it on the channel's local day `today`. */
export function shownValue(s: ChannelSettings, name: SettingName, today: string): string {
  if (name === 'days') return s.days ?? 'every';
  if (name === 'pause') return shownPause(s.pausedUntil, today);
  if (name === 'learning') return onOff(s.learning !== false);
  if (name === 'quiet') return onOff(s.quiet === true);
  const v = s[name];
  return typeof v === 'boolean' ? onOff(v) : String(v);
}
