/** A manager's form for the channel's digest settings (the channel page, manager links only). */
import type { Translate } from '../../i18n/messages.js';
import { shownValue, type SettingName } from '../../digest/setting-values.js';
import type { ChannelSettings } from '../../store/ports.js';
import { html, type Html } from '../html.js';
import { channelPath, type PageState } from './links.js';

/** The fields the form offers, in order; each posts the text `/radar settings <name>` would take. */
export const FORM_SETTINGS = ['size', 'time', 'timezone', 'days', 'pause', 'language', 'quiet', 'summaries', 'crosslists', 'replacements', 'learning'] as const satisfies readonly SettingName[];

export interface SettingsFormOptions {
  readonly channelKey: string;
  readonly settings: ChannelSettings;
  /** The channel's local day (what a pause is shown against). */
  readonly today: string;
  readonly state: PageState;
  /** What the manager typed when it was refused: shown again, and the panel open. */
  readonly typed?: Partial<Record<SettingName, string>>;
}

function field(name: (typeof FORM_SETTINGS)[number], value: string, t: Translate): Html {
  const id = `setting-${name}`;
  const label = html`<label for="${id}">${t(`web.settings.${name}`)}</label>`;
  switch (name) {
    case 'size':
      return html`${label}<input id="${id}" name="size" type="number" min="1" max="25" required value="${value}">`;
    case 'time':
      return html`${label}<input id="${id}" name="time" type="time" required value="${value}">`;
    case 'language':
      return html`${label}<select id="${id}" name="language"><option value="en"${value === 'en' ? ' selected' : ''}>English</option><option value="zh"${value === 'zh' ? ' selected' : ''}>中文</option></select>`;
    case 'quiet':
    case 'summaries':
    case 'crosslists':
    case 'replacements':
    case 'learning':
      return html`${label}<select id="${id}" name="${name}"><option value="off"${value === 'off' ? ' selected' : ''}>${t('web.settings.off')}</option><option value="on"${value === 'on' ? ' selected' : ''}>${t('web.settings.on')}</option></select>`;
    case 'days':
    case 'pause':
      return html`${label}<input id="${id}" name="${name}" maxlength="100" value="${value}" aria-describedby="${id}-hint"><small id="${id}-hint">${t(`web.settings.${name}Hint`)}</small>`;
    case 'timezone':
      return html`${label}<input id="${id}" name="timezone" maxlength="100" required value="${value}">`;
  }
}

export function settingsForm(o: SettingsFormOptions, t: Translate): Html {
  const fields = FORM_SETTINGS.map((name) => html`<div class="field">${field(name, o.typed?.[name] ?? shownValue(o.settings, name, o.today), t)}</div>`);
  const lang = o.state.lang ? html`<input type="hidden" name="lang" value="${o.state.lang}">` : html``;
  return html`<details class="settings-panel"${o.typed ? ' open' : ''}><summary>${t('web.settings.title')}</summary>
<form class="settings-form" method="post" action="${channelPath(o.channelKey)}/settings"><input type="hidden" name="t" value="${o.state.t}">${lang}
${fields}<button type="submit">${t('web.settings.save')}</button></form></details>`;
}
