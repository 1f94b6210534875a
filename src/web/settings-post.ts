/** The settings form as posted (render/settings-form.ts): validated at the edge, turned into a settings patch. */
import { z } from 'zod';
import { parseSetting, shownValue, type SettingName } from '../digest/setting-values.js';
import type { ChannelSettings } from '../store/ports.js';
import { FORM_SETTINGS } from './render/settings-form.js';
import { lang } from './route-kit.js';

const text = z.string().trim().max(100).optional();
export const settingsBody = z.object({
  t: z.string().max(2048),
  lang,
  size: text,
  time: text,
  timezone: text,
  days: text,
  pause: text,
  language: text,
  quiet: text,
  summaries: text,
  crosslists: text,
  replacements: text,
  learning: text,
});

/**
 * The change a posted form asks for: a field left as the form showed it (or not sent) is not touched — so a
 * pause of `2w` saved once does not move on when the form is saved again a day later. A value that
 * `/radar settings` would refuse is refused the same way (UserError, nothing saved).
 */
export function settingsPatch(typed: Partial<Record<SettingName, string | undefined>>, current: ChannelSettings, today: string): Partial<ChannelSettings> {
  const patch: Partial<ChannelSettings> = {};
  for (const name of FORM_SETTINGS) {
    const value = typed[name];
    if (value === undefined || value === shownValue(current, name, today)) continue;
    Object.assign(patch, parseSetting(name, value, today));
  }
  return patch;
}
