/**
 * kill -9 at every step of a delivery (before the plan commits; after it; between the messages of a
 * multi-message digest; after a post, before its record; after the record) through the real discord.js and
 * Bolt clients against the emulators, then a restart on the same SQLite file: every paper of the digest
 * reached the channel exactly once — also when the restart comes after Discord's nonce stopped protecting —
 * and a day without an announcement says its notice once. The emulators enforce Discord's nonce and keep
 * Slack's message metadata.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { CRASH_STEPS } from '../../src/digest/outbox-crash.js';
import { buildRssListing, startArxivEmulator, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/discord-emulator.js';
import { startSlackEmulator, type SlackEmulator } from '../emulators/slack/slack-emulator.js';
import { moePapers } from '../e2e/helpers/world.js';
import { repoRoot } from '../e2e/helpers/run-cli.js';

const DAY = '2026-04-27';
const PAPERS = 20; // more than 10 embeds (Discord) and 50 blocks (Slack) per message: the digest goes out as several messages
const ids = Array.from({ length: PAPERS }, (_, i) => `2604.${30000 + i}`);
let arxiv: ArxivEmulator;
let discord: DiscordEmulator;
let slack: SlackEmulator;
let dir: string;
const report: { platform: string; step: string; duplicates: number; losses: number }[] = [];

beforeAll(async () => {
  arxiv = await startArxivEmulator({ rss: { 'cs.LG': buildRssListing(moePapers(PAPERS), { categories: 'cs.LG', day: DAY }) }, day: DAY });
  discord = await startDiscordEmulator();
  slack = await startSlackEmulator();
  dir = mkdtempSync(join(tmpdir(), 'radar-crash-'));
});
afterAll(async () => {
  // The figure the issue asks for: kill points tried, duplicates and losses found.
  const dup = report.reduce((n, r) => n + r.duplicates, 0);
  const lost = report.reduce((n, r) => n + r.losses, 0);
  process.stdout.write(`crash matrix: ${report.length} kill points tried, ${dup} duplicates, ${lost} losses\n`);
  await Promise.all([arxiv?.close(), discord?.close(), slack?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function runChild(env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/slow/crash-child.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', RADAR_ENV_FILE: '/nonexistent/.env', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, out }));
  });
}

function platformEnv(platform: 'discord' | 'slack', channel: string): Record<string, string> {
  const common = {
    RADAR_CATEGORIES: 'cs.LG', ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', LOG_LEVEL: 'silent', RADAR_HF: 'false',
    RADAR_DIGEST_SIZE: String(PAPERS), CRASH_PLATFORM: platform, CRASH_CHANNEL: channel, CRASH_CLOCK: `${DAY}T09:00:00Z`,
  };
  return platform === 'discord'
    ? { ...common, DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DISCORD_GUILD_ID: discord.world.guildId }
    : { ...common, SLACK_BOT_TOKEN: slack.botToken, SLACK_APP_TOKEN: slack.appToken, SLACK_API_URL: slack.apiUrl };
}

/** How many messages in the channel show each paper. */
function countsIn(platform: 'discord' | 'slack', channel: string): number[] {
  const messages = platform === 'discord' ? discord.messagesIn(channel) : slack.messages.filter((m) => m.channel === channel);
  const texts = messages.map((m) => JSON.stringify(m));
  return ids.map((id) => texts.filter((t) => new RegExp(`${id.replace('.', '\\.')}(?!\\d)`).test(t)).length);
}

let channelSeq = 0;
const cases: ['discord' | 'slack', string][] = [];
for (const platform of ['discord', 'slack'] as const) for (const step of ['none', ...CRASH_STEPS]) cases.push([platform, step]);
// restarted after Discord's nonce stopped protecting (a long outage): the re-post must find what went out
for (const step of ['payload', 'posted']) cases.push(['discord', `${step} (restarted after the nonce window)`]);

describe('crash matrix: kill -9 at each delivery step, then restart', () => {
  it.each(cases)('%s, killed at %s: every paper reached the channel exactly once', async (platform, step) => {
    channelSeq++;
    const channel = platform === 'discord' ? `50000000000000${String(1000 + channelSeq)}` : `C0CRASH${channelSeq}`;
    if (platform === 'discord') discord.rest.addTextChannel(channel, `crash-${channelSeq}`);
    const env = { ...platformEnv(platform, channel), RADAR_DB: `sqlite://${join(dir, `${platform}-${channelSeq}.sqlite`)}` };
    const [killAt, late] = [step.split(' ')[0]!, step.includes('nonce window')];
    if (killAt !== 'none') {
      const killed = await runChild({ ...env, RADAR_TEST_CRASH_AT: `${killAt}:1` });
      expect(killed.signal, killed.out).toBe('SIGKILL');
    }
    if (late) discord.rest.nonceWindowMs = 0;
    const restarted = await runChild(env).finally(() => (discord.rest.nonceWindowMs = 5 * 60_000));
    expect(restarted.code, restarted.out).toBe(0);
    const counts = countsIn(platform, channel);
    report.push({ platform, step, duplicates: counts.filter((c) => c > 1).length, losses: counts.filter((c) => c === 0).length });
    if (step === 'none') {
      const messages = platform === 'discord' ? discord.messagesIn(channel).length : slack.messages.filter((m) => m.channel === channel).length;
      expect(messages).toBeGreaterThanOrEqual(2); // a multi-message digest, so "between messages" is a real step
    }
    expect(counts).toEqual(ids.map(() => 1));
  });

  // a Saturday: no arXiv announcement, one short notice instead of a digest (with the day's state)
  const notices: ['discord' | 'slack', string][] = [];
  for (const platform of ['discord', 'slack'] as const) for (const step of ['planned', 'posted']) notices.push([platform, step]);
  it.each(notices)('%s, killed at %s on a day without an announcement: the notice said once', async (platform, step) => {
    channelSeq++;
    const channel = platform === 'discord' ? `50000000000000${String(1000 + channelSeq)}` : `C0CRASH${channelSeq}`;
    if (platform === 'discord') discord.rest.addTextChannel(channel, `crash-${channelSeq}`);
    const env = { ...platformEnv(platform, channel), CRASH_CLOCK: '2026-04-25T09:00:00Z', RADAR_DB: `sqlite://${join(dir, `${platform}-${channelSeq}.sqlite`)}` };
    arxiv.setListing('cs.LG', buildRssListing([], { categories: 'cs.LG', day: '2026-04-25' }));
    onTestFinished(() => arxiv.setListing('cs.LG', buildRssListing(moePapers(PAPERS), { categories: 'cs.LG', day: DAY })));
    const killed = await runChild({ ...env, RADAR_TEST_CRASH_AT: `${step}:1` });
    expect(killed.signal, killed.out).toBe('SIGKILL');
    const restarted = await runChild(env);
    expect(restarted.code, restarted.out).toBe(0);
    const again = await runChild(env); // the day's run is done: nothing more
    expect(again.out).toContain('already_ran');
    const messages = platform === 'discord' ? discord.messagesIn(channel) : slack.messages.filter((m) => m.channel === channel);
    expect(messages.filter((m) => JSON.stringify(m).includes('No arXiv announcement today'))).toHaveLength(1);
  });
});
