/** "Next digest: Mon 2026-12-07 at 08:00 (UTC)." — said by `/radar list` and the web page, in the channel's language. */
import type { Translate } from '../i18n/messages.js';
import { localParts } from '../schedule/local-time.js';
import type { ChannelSettings } from '../store/ports.js';
import { nextDigestDay } from './digest-days.js';

// made once per language: building an Intl.DateTimeFormat costs ~0.1 ms, a fifth of a `/radar list`
const weekdayFormats = {
  en: new Intl.DateTimeFormat('en', { weekday: 'short', timeZone: 'UTC' }),
  zh: new Intl.DateTimeFormat('zh-CN', { weekday: 'short', timeZone: 'UTC' }),
};

export function nextDigestText(settings: ChannelSettings, lastScheduledDay: string | undefined, now: Date, t: Translate): string {
  const local = localParts(now, settings.timezone);
  // at its minute the digest is going out now: still today's
  const day = nextDigestDay(settings.days, local.day, lastScheduledDay, local.time > settings.time);
  const weekday = weekdayFormats[settings.language === 'zh' ? 'zh' : 'en'].format(new Date(`${day}T12:00:00Z`));
  return t('list.nextDigest', { weekday, day, time: settings.time, timezone: settings.timezone });
}
