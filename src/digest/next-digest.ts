/** "Next digest: Mon 2026-12-07 at 08:00 (UTC)." — said by `/radar list` and the web page, in the channel's language. */
import type { Translate } from '../i18n/messages.js';
import { localParts } from '../schedule/local-time.js';
import type { ChannelSettings } from '../store/ports.js';
import { nextDigestDay } from './digest-days.js';

export function nextDigestText(settings: ChannelSettings, lastScheduledDay: string | undefined, now: Date, t: Translate): string {
  const local = localParts(now, settings.timezone);
  // at its minute the digest is going out now: still today's
  const day = nextDigestDay(settings.days, local.day, lastScheduledDay, local.time > settings.time);
  const weekday = new Intl.DateTimeFormat(settings.language === 'zh' ? 'zh-CN' : 'en', { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
  return t('list.nextDigest', { weekday, day, time: settings.time, timezone: settings.timezone });
}
