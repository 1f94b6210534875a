/**
 * The one in-memory world for fast tests of commands and services: the real composition root
 * (`startRadar`) on an in-memory store, the real command registry, the recording adapter and the fake
 * clock. Papers are put straight into the store (the real fixture papers by default); nothing is fetched
 * unless a test points a source at an emulator through `env`.
 */
import { allCommands } from '../../commands/index.js';
import { startRadar, type CapabilityOptions, type RunningRadar } from '../../src/app/start-radar.js';
import type { ChannelRef, UserRef } from '../../src/chat/ports.js';
import { silentLogger } from '../../src/logger.js';
import type { Paper } from '../../src/papers/paper.js';
import { FIXTURE_PAPERS } from '../unit/radar-fixture-papers.js';
import { fakeClock, type FakeClock } from './clock.js';
import { manager, RecordingAdapter, shellChannel, type RecordingResponder } from './recording.js';

export interface TestWorld {
  readonly radar: RunningRadar;
  readonly adapter: RecordingAdapter;
  readonly clock: FakeClock;
  readonly channel: ChannelRef;
  /** Runs `/radar <name>` with typed options, as `user` (a manager by default); returns what it answered. */
  run(name: string, options?: Record<string, string | number | boolean>, user?: UserRef): Promise<RecordingResponder>;
  /** The text of every reply of one run, joined. */
  text(responder: RecordingResponder): string;
  stop(): Promise<void>;
}

export interface WorldOptions {
  readonly env?: Record<string, string | undefined>;
  readonly capabilities?: CapabilityOptions;
  /** Papers stored before the test (default: the ten real fixture papers, announced 2026-04-29). */
  readonly papers?: readonly Paper[];
  /** Default: the morning after the fixture papers' announcement. */
  readonly now?: string;
  readonly channel?: ChannelRef;
}

export async function startTestWorld(options: WorldOptions = {}): Promise<TestWorld> {
  const clock = fakeClock(options.now ?? '2026-04-30T09:00:00Z');
  const adapter = new RecordingAdapter();
  const radar = await startRadar({
    commands: allCommands,
    env: {
      RADAR_DB: 'memory://',
      LOG_LEVEL: 'silent',
      // Nothing listens on the discard port: a test that reaches arXiv without saying so fails loudly.
      ARXIV_RSS_URL: 'http://127.0.0.1:9/rss',
      ARXIV_MIN_INTERVAL_MS: '0',
      HTTP_RETRIES: '0',
      ARXIV_EMPTY_RETRIES: '0',
      RADAR_HF: 'false',
      ...options.env,
    },
    logger: silentLogger(),
    clock,
    scheduler: 'manual',
    catchUp: false,
    adapters: [adapter],
    capabilities: options.capabilities ?? {},
  });
  await radar.services.store.papers.putMany(options.papers ?? FIXTURE_PAPERS);
  const channel = options.channel ?? shellChannel();
  return {
    radar,
    adapter,
    clock,
    channel,
    async run(name, opts = {}, user = manager) {
      const responder = adapter.responder(channel);
      await radar.handlers.onCommand({ name, options: opts, channel, user }, responder);
      return responder;
    },
    text: (responder) => responder.replies.map((m) => m.text).join('\n'),
    stop: () => radar.stop(),
  };
}
