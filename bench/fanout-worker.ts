/**
 * One fan-out worker process of the `fanout` bench: a cluster engine worker (BullMQ, the real request pacer
 * from src/cluster/limits.ts) posting each channel's digest through the real platform client (discord.js
 * REST or Bolt's WebClient) into the emulator. Prints `ready` once its workers listen; exits on SIGTERM.
 *
 * argv: platform redisUrl prefix apiUrl token
 */
import { createDiscordAdapter } from '../adapters/discord/index.js';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { channelFromKey, type ChatAdapter } from '../src/chat/ports.js';
import type { OutboundMessage } from '../src/chat/message.js';
import { systemClock } from '../src/clock.js';
import { createClusterEngine } from '../src/cluster/cluster-engine.js';
import { platformPacing } from '../src/cluster/limits.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';

const [platform, redisUrl, prefix, apiUrl, token] = process.argv.slice(2) as [string, string, string, string, string];
const logger = silentLogger();
const config = loadConfig({});

/** A digest as the radar posts it: a header and five paper cards. */
function sampleDigest(channel: string): OutboundMessage {
  const cards = Array.from({ length: 5 }, (_, i) => ({
    index: i + 1, paperId: `arxiv:2611.0${1000 + i}`, title: `Sparse mixture-of-experts routing, part ${i + 1}`,
    url: `https://arxiv.org/abs/2611.0${1000 + i}`, sourceLabel: 'arXiv (cs.LG)', date: '2026-11-30', authors: 'Y. Zhong, X. Liu, … +7',
    summary: 'We study expert routing under load imbalance and show a simple auxiliary-loss-free balancing rule. '.repeat(3),
    reasons: [{ label: 'title', term: 'mixture of experts' }],
  }));
  return { text: `**Radar digest for ${channel}** — 5 new papers`, cards, discussable: true };
}

async function main(): Promise<void> {
  const engine = await createClusterEngine({
    redisUrl, prefix, retry: { attempts: 5, backoffMs: 200 }, pacing: platformPacing(config), arxivIntervalMs: 3000,
    concurrency: 20, clock: systemClock, logger,
  });
  const adapter: ChatAdapter =
    platform === 'discord'
      ? createDiscordAdapter({ token, apiUrl, logger, gateway: false, pacer: engine.pacer('discord') })
      : createSlackAdapter({ botToken: token, appToken: 'xapp-bench', apiUrl, logger, gateway: false, pacer: engine.pacer('slack'), retryConfig: { retries: 5, factor: 1, minTimeout: 100, maxTimeout: 1000 } });
  await adapter.start({} as never, []);
  await engine.startWorkers({
    digest: (key) => adapter.post(channelFromKey(key), sampleDigest(key)),
    ingest: async () => ({ stored: 0, status: 'none', notes: [], problems: [] }),
  }, [adapter.platform]);
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    void engine.close().then(() => adapter.stop()).finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`fanout worker failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
