import type { AdapterFactory } from '../../src/app/start-radar.js';
import { createShellAdapter } from './shell-adapter.js';
import { translator } from '../../src/i18n/messages.js';

export { createShellAdapter } from './shell-adapter.js';

/**
 * The shell runs when no chat platform is configured, or when `RADAR_SHELL=true` asks for it beside them.
 */
export function shellAdapterFactory(onEnd: () => void): AdapterFactory {
  return ({ config, store }) => {
    const enabled = config.RADAR_SHELL ?? (!config.DISCORD_TOKEN && !config.SLACK_BOT_TOKEN);
    if (!enabled) return undefined;
    return createShellAdapter({
      input: process.stdin,
      output: process.stdout,
      channelName: config.RADAR_SHELL_CHANNEL,
      interactive: process.stdin.isTTY === true,
      // bold on a terminal, plain into a pipe or a file, and never where NO_COLOR is set (no-color.org)
      emphasis: process.stdout.isTTY === true && !process.env.NO_COLOR ? 'bold' : 'none',
      onEnd,
      translate: async () => translator((await store.channels.getSettings(`shell:${config.RADAR_SHELL_CHANNEL}`)).language),
    });
  };
}
