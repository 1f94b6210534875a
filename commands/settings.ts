import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { channelKey } from '../src/chat/ports.js';
import { PAUSED_UNTIL_RESUMED } from '../src/digest/digest-pause.js';
import { nextDigestText, weekdayName } from '../src/digest/next-digest.js';
import type { RadarServices } from '../src/services.js';
import { settingCompletions } from './setting-completions.js';
import { channelToday, onOff, parseSetting, SETTING_NAMES, shownValue, type SettingName } from '../src/digest/setting-values.js';
import { UserError } from '../src/errors.js';
import type { ChannelSettings } from '../src/store/ports.js';
import { translator, type Translate } from '../src/i18n/messages.js';

type Name = SettingName;
const NAMES = SETTING_NAMES;

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
    const today = channelToday(current, services.clock.now());
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
    const patch = parseSetting(name, value, today);
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
