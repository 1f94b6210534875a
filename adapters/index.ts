/** Every adapter's factory, in start order. Each returns undefined when its platform is not configured. */
import type { AdapterFactory } from '../src/app/start-radar.js';
import { shellAdapterFactory } from './shell/index.js';
import { slackAdapterFactory } from './slack/index.js';
import { discordAdapterFactory } from './discord/index.js';

export function allAdapterFactories(options: { onShellEnd: () => void }): AdapterFactory[] {
  return [discordAdapterFactory, slackAdapterFactory, shellAdapterFactory(options.onShellEnd)];
}
