/**
 * The program the crash matrix kills: the real core with the real discord.js or Bolt client against the
 * test's emulators, one channel subscribed, one scheduled digest. `RADAR_TEST_CRASH_AT` (read by the
 * composition root) SIGKILLs it at the chosen step; without it the process finishes open runs at start,
 * runs the digest (already done → nothing) and exits 0.
 */
import { allCommands } from '../../commands/index.js';
import { discordAdapterFactory } from '../../adapters/discord/index.js';
import { slackAdapterFactory } from '../../adapters/slack/index.js';
import { startRadar } from '../../src/app/start-radar.js';
import { channelKey, type ChannelRef } from '../../src/chat/ports.js';
import { silentLogger } from '../../src/logger.js';

const platform = process.env.CRASH_PLATFORM === 'slack' ? 'slack' : 'discord';
const at = new Date(process.env.CRASH_CLOCK ?? '2026-04-27T09:00:00Z');
const radar = await startRadar({
  env: process.env,
  clock: { now: () => at },
  logger: silentLogger(),
  scheduler: 'manual',
  catchUp: false,
  adapterFactories: [platform === 'discord' ? discordAdapterFactory : slackAdapterFactory],
  commands: allCommands,
});
const channel: ChannelRef = { platform, id: process.env.CRASH_CHANNEL ?? '' };
if ((await radar.services.store.subscriptions.list(channelKey(channel))).length === 0) {
  await radar.services.subscriptions.add(channel, '"mixture of experts"', { id: 'u1', canManage: true });
}
const outcome = await radar.services.digests.runScheduled(channel, at);
process.stdout.write(`${JSON.stringify({ posted: outcome.posted, reason: outcome.reason ?? null })}\n`);
await radar.stop();
process.exit(0);
