/**
 * `npm start`: the program entry. Validates the configuration (one message naming every bad variable),
 * then starts the radar with every configured adapter — the terminal shell and SQLite when nothing else is
 * configured. With piped input the shell runs the lines in order and exits 0 at the end.
 */
import { existsSync } from 'node:fs';
import { allAdapterFactories } from '../adapters/index.js';
import { defaultCapabilities, startRadar, type RunningRadar } from '../src/app/start-radar.js';
import { ConfigError, RadarError } from '../src/errors.js';
import { allCommands } from '../commands/index.js';

let radar: RunningRadar | undefined;
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await radar?.stop();
  } finally {
    process.exit(code);
  }
}

try {
  // A `.env` beside the project (copied from .env.example) is read; variables already set win.
  const envFile = process.env.RADAR_ENV_FILE ?? '.env';
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const piped = process.stdin.isTTY !== true;
  // At an interactive prompt, info logs on the same terminal drown the conversation.
  if (!piped && !process.env.LOG_LEVEL) process.env.LOG_LEVEL = 'warn';
  radar = await startRadar({
    adapterFactories: allAdapterFactories({ onShellEnd: () => void shutdown(0) }),
    commands: allCommands,
    capabilities: defaultCapabilities(),
    // A scripted shell session must do exactly what its lines say, not a catch-up digest of its own.
    catchUp: !piped || Boolean(process.env.DISCORD_TOKEN || process.env.SLACK_BOT_TOKEN),
  });
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
    process.exit(1);
  }
  if (err instanceof RadarError && err.code === 'redis_unavailable') {
    process.stderr.write(`AcademicHub could not start: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`AcademicHub failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
