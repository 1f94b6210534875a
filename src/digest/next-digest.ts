/**
 * "Next digest: Mon 2026-12-07 at 08:00 (UTC)." — said by `/radar list` and the web page, in the channel's
 * language; while the channel is paused, that it is and when the digests come back.
 */
import type { Translate } from '../i18n/messages.js';
import { localParts } from '../schedule/local-time.js';
import type { ChannelSettings } from '../store/ports.js';
import { nextDigestDay } from './digest-days.js';
import { isPausedOn, PAUSED_UNTIL_RESUMED } from './digest-pause.js';

// made once per language: building an Intl.DateTimeFormat costs ~0.1 ms, a fifth of a `/radar list`
const weekdayFormats = {
  en: new Intl.DateTimeFormat('en', { weekday: 'short', timeZone: 'UTC' }),
  zh: new Intl.DateTimeFormat('zh-CN', { weekday: 'short', timeZone: 'UTC' }),
};

/** The short weekday name of local day `day` in the channel's language (Mon, 周一). */
export function weekdayName(day: string, language: ChannelSettings['language']): string {
  return weekdayFormats[language === 'zh' ? 'zh' : 'en'].format(new Date(`${day}T12:00:00Z`));
}

export function nextDigestText(settings: ChannelSettings, lastScheduledDay: string | undefined, now: Date, t: Translate): string {
  const local = localParts(now, settings.timezone);
  const paused = isPausedOn(settings.pausedUntil, local.day);
  if (paused && settings.pausedUntil === PAUSED_UNTIL_RESUMED) return t('list.pausedUntilResumed');
  // at its minute the digest is going out now: still today's
  const day = nextDigestDay(settings.days, local.day, lastScheduledDay, local.time > settings.time, paused ? settings.pausedUntil : undefined);
  const weekday = weekdayName(day, settings.language);
  return t(paused ? 'list.pausedNextDigest' : 'list.nextDigest', { weekday, day, time: settings.time, timezone: settings.timezone });
}
