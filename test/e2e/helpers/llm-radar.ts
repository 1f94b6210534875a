/**
 * The shared boot of the LLM e2e suites (briefings, topics, budgets): per test, a fresh OpenAI emulator and a
 * radar through the real composition root on a new SQLite file of the suite's folder, the recording adapter,
 * a fake clock and a manual scheduler; everything is stopped after each test and the folder removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { allCommands } from '../../../commands/index.js';
import { startRadar, type CapabilityOptions, type RunningRadar } from '../../../src/app/start-radar.js';
import { silentLogger } from '../../../src/logger.js';
import { startOpenAiEmulator, type OpenAiEmulator } from '../../emulators/openai/openai-emulator.js';
import { fakeClock, type FakeClock } from '../../fakes/clock.js';
import { RecordingAdapter } from '../../fakes/recording.js';

export interface LlmRadar {
  readonly radar: RunningRadar;
  readonly adapter: RecordingAdapter;
  readonly clock: FakeClock;
  readonly emu: OpenAiEmulator;
}

export interface LlmRadarOptions {
  /** The radar's environment, given the emulator (its `baseURL`); `RADAR_DB` is set here. */
  readonly env: (emu: OpenAiEmulator) => Record<string, string | undefined>;
  readonly capabilities: CapabilityOptions;
  /** The fake clock's start. */
  readonly now: string;
}

/** Registers the suite's hooks; `boot` starts one radar and its emulator for the running test. */
export function llmRadarSuite(label: string): { boot(options: LlmRadarOptions): Promise<LlmRadar> } {
  let dir: string;
  let dbs = 0;
  const running: RunningRadar[] = [];
  const emulators: OpenAiEmulator[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `radar-${label}-`));
  });
  afterEach(async () => {
    while (running.length) await running.pop()!.stop();
    while (emulators.length) await emulators.pop()!.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    async boot(options) {
      const emu = await startOpenAiEmulator();
      emulators.push(emu);
      const clock = fakeClock(options.now);
      const adapter = new RecordingAdapter();
      const radar = await startRadar({
        env: { ...options.env(emu), RADAR_DB: `sqlite://${join(dir, `${label}-${++dbs}.sqlite`)}` },
        logger: silentLogger(),
        clock,
        scheduler: 'manual',
        catchUp: false,
        adapters: [adapter],
        commands: allCommands,
        capabilities: options.capabilities,
      });
      running.push(radar);
      return { radar, adapter, clock, emu };
    },
  };
}
