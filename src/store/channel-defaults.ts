/** The settings a channel has until someone changes them: the one definition (config fills the rest). */
import type { ChannelSettings } from './ports.js';

export function defaultChannelSettings(config: {
  RADAR_DIGEST_SIZE: number;
  RADAR_DIGEST_TIME: string;
  RADAR_TIMEZONE: string;
}): ChannelSettings {
  return {
    size: config.RADAR_DIGEST_SIZE,
    time: config.RADAR_DIGEST_TIME,
    timezone: config.RADAR_TIMEZONE,
    language: 'en',
    summaries: false,
    crosslists: true,
    replacements: false,
  };
}
