import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { channelKey } from '../src/chat/ports.js';
import { isValidTimezone } from '../src/config.js';
import { UserError } from '../src/errors.js';
import type { ChannelSettings } from '../src/store/ports.js';
import { translator, type MessageKey, type Translate } from '../src/i18n/messages.js';

const NAMES = ['size', 'time', 'timezone', 'language', 'summaries', 'crosslists', 'replacements', 'learning'] as const;
type Name = (typeof NAMES)[number];

const onOff = (b: boolean) => (b ? 'on' : 'off');

function parseOnOff(value: string, name: string, t: Translate): boolean {
  const v = value.toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(v)) return true;
  if (['off', 'false', 'no', '0'].includes(v)) return false;
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
    default:
      return { [name]: parseOnOff(value, name, t) };
  }
}

export const settingsCommand: RadarCommand = {
  spec: {
    name: 'settings',
    description: 'Show or change digest settings: size, time, timezone, language, summaries…',
    usage: '/radar settings [size|time|timezone|language|summaries|crosslists|replacements|learning] [value]',
    examples: ['/radar settings size 5', '/radar settings time 09:30', '/radar settings timezone Asia/Shanghai', '/radar settings language zh'],
    requiresManager: true,
    options: [
      { name: 'name', description: 'Which setting', type: 'string', choices: NAMES.map((n) => ({ name: n, value: n })) },
      { name: 'value', description: 'New value (omit to show the settings)', type: 'string' },
    ],
  },
  async execute({ invocation, responder, services, t }) {
    const key = channelKey(invocation.channel);
    const name = stringOption(invocation, 'name') as Name | undefined;
    const value = stringOption(invocation, 'value');
    if (!name || value === undefined) {
      const s = await services.settings.get(key);
      await responder.reply({
        text: [
          t('settings.show', { ...s, summaries: onOff(s.summaries), crosslists: onOff(s.crosslists), replacements: onOff(s.replacements), learning: onOff(s.learning !== false) }),
          t('feedback.settingLine', { learning: onOff(s.learning !== false) }),
        ].join('\n'),
        ephemeral: !name,
      });
      return;
    }
    if (!NAMES.includes(name)) throw new UserError('bad_setting', 'settings.unknown', { name, names: NAMES.join(', ') });
    const patch = parseSetting(name, value, t);
    const next = await services.settings.update(key, patch);
    const shown = name === 'learning' ? next.learning !== false : next[name];
    const nt = name === 'language' ? translator(next.language) : t;
    await responder.reply({ text: nt('settings.updated', { name, value: typeof shown === 'boolean' ? onOff(shown) : String(shown) }) });
  },
};
