/**
 * `fanout`: N channel digests fanned out by 1 and by 3 worker processes (BullMQ on the local Redis, the
 * request pacing of src/cluster/limits.ts) through the real discord.js / Bolt clients into emulators that
 * enforce the platforms' limits. Reports time, requests, 429s, lost and duplicated digests, and efficiency
 * = (least time the limits allow) ÷ (time taken, first to last accepted post at the emulator).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/clock.js';
import { createClusterEngine } from '../src/cluster/cluster-engine.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startDiscordEmulator } from '../test/emulators/discord/discord-emulator.js';
import { startSlackEmulator } from '../test/emulators/slack/slack-emulator.js';
import { dropPrefix } from '../test/cluster/helpers.js';

export interface FanoutRun {
  readonly platform: 'discord' | 'slack';
  readonly workers: number;
  readonly digests: number;
  /** Requests per second the emulator allows for this traffic (Discord global; Slack app-wide). */
  readonly limitPerSecond: number;
  readonly timeMs: number;
  readonly minTimeMs: number;
  readonly efficiency: number;
  readonly requests: number;
  readonly rateLimited: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Accepted posts in each second from the first one. */
  readonly perSecond: number[];
}

export interface FanoutBenchResult {
  readonly runs: FanoutRun[];
}

const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const workerScript = fileURLToPath(new URL('./fanout-worker.ts', import.meta.url));

interface Target {
  readonly apiUrl: string;
  readonly token: string;
  /** Arrival times (ms) of accepted posts, by channel. */
  posts(): Map<string, number[]>;
  requests(): number;
  rateLimited(): number;
  close(): Promise<void>;
}

async function discordTarget(channels: string[]): Promise<Target> {
  const emu = await startDiscordEmulator({ rateLimits: true });
  for (const id of channels) emu.rest.addTextChannel(id, `c${id}`);
  return {
    apiUrl: emu.apiUrl, token: emu.token,
    posts() {
      const out = new Map<string, number[]>();
      for (const c of emu.calls) {
        if (c.method !== 'POST' || c.status !== 200 || !/^\/channels\/\d+\/messages$/.test(c.path)) continue;
        const id = c.path.split('/')[2]!;
        out.set(id, [...(out.get(id) ?? []), c.at]);
      }
      return out;
    },
    requests: () => emu.calls.filter((c) => c.path.startsWith('/channels/')).length,
    rateLimited: () => emu.rateLimited.length,
    close: () => emu.close(),
  };
}

async function slackTarget(perSecond: number): Promise<Target> {
  const emu = await startSlackEmulator({ rateLimits: { perChannel: 1, perSecond } });
  return {
    apiUrl: emu.apiUrl, token: emu.botToken,
    posts() {
      const out = new Map<string, number[]>();
      for (const c of emu.calls) {
        if (c.method !== 'chat.postMessage' || c.outcome !== 'ok') continue;
        const ch = String(c.args.channel);
        out.set(ch, [...(out.get(ch) ?? []), c.at]);
      }
      return out;
    },
    requests: () => emu.calls.filter((c) => c.method === 'chat.postMessage').length,
    rateLimited: () => emu.calls.filter((c) => c.outcome === 'ratelimited').length,
    close: () => emu.close(),
  };
}

async function startWorker(platform: string, prefix: string, target: Target): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, platform, REDIS_URL, prefix, target.apiUrl, target.token], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (l) => l === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`fanout worker exited ${code} before ready`)));
  });
  await ready;
  return child;
}

function histogram(times: number[]): number[] {
  const out: number[] = [];
  for (const t of times) {
    const i = Math.floor((t - times[0]!) / 1000);
    out[i] = (out[i] ?? 0) + 1;
  }
  return Array.from(out, (v) => v ?? 0);
}

export async function oneRun(platform: 'discord' | 'slack', workers: number, digests: number, log: (l: string) => void): Promise<FanoutRun> {
  const config = loadConfig({});
  const limitPerSecond = platform === 'discord' ? 50 : config.RADAR_SLACK_RATE;
  const channels = Array.from({ length: digests }, (_, i) => (platform === 'discord' ? String(800000000000000000n + BigInt(i)) : `C${String(i).padStart(8, '0')}`));
  const target = platform === 'discord' ? await discordTarget(channels) : await slackTarget(limitPerSecond);
  const prefix = `bench-fanout-${randomUUID().slice(0, 8)}`;
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(platform, prefix, target)));
  const producer = await createClusterEngine({
    redisUrl: REDIS_URL, prefix, retry: { attempts: 5, backoffMs: 200 }, arxivIntervalMs: 3000, clock: systemClock, logger: silentLogger(),
  });
  try {
    const now = new Date();
    await Promise.all(channels.map((id) => producer.enqueueDigest(`${platform}:${id}`, now, 'UTC')));
    const minTimeMs = Math.round((digests / limitPerSecond) * 1000);
    const deadline = Date.now() + 3 * minTimeMs + 60_000;
    while (target.posts().size < digests && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 500)); // late duplicates, if any, would land now
    const posts = target.posts();
    const times = [...posts.values()].flat().sort((a, b) => a - b);
    const timeMs = times.length > 1 ? times[times.length - 1]! - times[0]! : 0;
    const run: FanoutRun = {
      platform, workers, digests, limitPerSecond, timeMs: Math.round(timeMs), minTimeMs,
      efficiency: timeMs > 0 ? Number((minTimeMs / timeMs).toFixed(3)) : 0,
      requests: target.requests(), rateLimited: target.rateLimited(),
      lost: channels.filter((c) => !posts.has(c)).length,
      duplicated: [...posts.values()].filter((t) => t.length > 1).length,
      perSecond: histogram(times),
    };
    log(`fanout ${platform} ×${workers}: ${run.timeMs} ms for ${digests} (min ${minTimeMs} ms), ${run.rateLimited} × 429, lost ${run.lost}`);
    return run;
  } finally {
    await producer.close();
    for (const c of children) {
      c.kill('SIGTERM');
      await Promise.race([once(c, 'exit'), new Promise((r) => setTimeout(r, 5_000))]);
      if (c.exitCode === null) c.kill('SIGKILL');
    }
    await target.close();
    await dropPrefix(prefix, REDIS_URL);
  }
}

export async function runFanoutBench(options: { quick: boolean; log: (l: string) => void }): Promise<FanoutBenchResult> {
  const digests = options.quick ? 200 : 1000;
  const runs: FanoutRun[] = [];
  for (const platform of ['discord', 'slack'] as const) {
    for (const workers of [1, 3]) runs.push(await oneRun(platform, workers, options.quick ? (platform === 'slack' ? 100 : digests) : digests, options.log));
  }
  return { runs };
}
