/**
 * Shared set-up for the briefing tests: a real SQL store (SQLite in memory), the real `openai` client pointed at the
 * loopback emulator, and a Responder that records what the core sends (the core's output port).
 */
import type { ChannelRef } from '../../src/chat/ports.js';
import { loadConfig, type Config } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import type { RadarStore } from '../../src/store/ports.js';
import { createBriefingService, createOpenAiLlmClient, type BriefingService } from '../../src/briefing/index.js';
import type { Clock } from '../../src/clock.js';

/** Secrets set in every test env: none may ever reach a prompt or an output. */
export const SECRETS = {
  DISCORD_TOKEN: 'discord-secret-token-XYZ123',
  SLACK_BOT_TOKEN: 'xoxb-slack-secret-456',
  SLACK_APP_TOKEN: 'xapp-slack-app-secret-789',
  SLACK_SIGNING_SECRET: 'slack-signing-secret-abc',
  OPENAI_API_KEY: 'sk-test-openai-key-000',
} as const;

export function memoryStore(now: () => Date = () => new Date()): Promise<RadarStore> {
  return openSqlRadarStore('memory://', {
    defaults: { size: 10, time: '08:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false },
    now,
  });
}

export { recordingResponder, type RecordingResponder } from '../fakes/recording.js';

export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return loadConfig({ ...SECRETS, RADAR_DB: 'sqlite://./unused.sqlite', RADAR_LLM_TIMEOUT_MS: '400', ...env });
}

export interface Harness {
  readonly store: RadarStore;
  readonly service: BriefingService;
  readonly config: Config;
}

/** A service with the real openai client against `baseURL` (or no LLM when `baseURL` is undefined). */
export async function harness(options: { baseURL?: string; env?: Record<string, string | undefined>; clock?: Clock; maxRetries?: number; batchSize?: number } = {}): Promise<Harness> {
  const clock = options.clock ?? { now: () => new Date('2026-04-30T09:00:00Z') };
  const store = await memoryStore(() => clock.now());
  const config = testConfig({ ...(options.baseURL ? { OPENAI_BASE_URL: options.baseURL } : { OPENAI_API_KEY: undefined }), ...options.env });
  const llm = options.baseURL
    ? createOpenAiLlmClient({
        apiKey: config.OPENAI_API_KEY ?? 'none',
        baseURL: options.baseURL,
        model: config.RADAR_LLM_MODEL,
        timeoutMs: config.RADAR_LLM_TIMEOUT_MS,
        maxRetries: options.maxRetries ?? 2,
      })
    : null;
  const service = createBriefingService({ config, store, clock, logger: silentLogger(), llm, batchSize: options.batchSize });
  return { store, service, config };
}

export const channelRef = (id: string): ChannelRef => ({ platform: 'shell', id });
