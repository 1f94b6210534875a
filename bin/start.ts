/**
 * `npm start`: the program entry. Validates the configuration (one message naming every bad variable),
 * then starts the radar with every configured adapter — the terminal shell and SQLite when nothing else is
 * configured. With piped input the shell runs the lines in order and exits 0 at the end.
 */
import { existsSync } from 'node:fs';
import { allAdapterFactories } from '../adapters/index.js';
import { defaultCapabilities, startRadar, type RunningRadar } from '../src/app/start-radar.js';
import { ConfigError, RadarError } from '../src/errors.js';
import { translator } from '../src/i18n/messages.js';
import { allCommands } from '../commands/index.js';
import { maskCredentials } from '../src/secrets.js';

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

/** In the terminal, the page of `#terminal` is one click away: print its signed link on start. */
function printShellLink(running: RunningRadar): void {
  const web = running.services.web;
  if (!web || !running.adapters.some((a) => a.platform === 'shell')) return;
  const id = running.config.RADAR_SHELL_CHANNEL;
  const url = web.link({ platform: 'shell', id }, { id: 'terminal', canManage: true });
  process.stdout.write(`${translator('en')('web.startLink', { channel: id, url })}\n`);
}

try {
  // A `.env` beside the project (copied from .env.example) is read; variables already set win.
  const envFile = process.env.RADAR_ENV_FILE ?? '.env';
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const piped = process.stdin.isTTY !== true;
  // At an interactive prompt, JSON logs on the same terminal drown the conversation: they go to
  // RADAR_LOG_FILE and only short warning lines appear. Pipes and servers keep JSON on stderr.
  if (!piped && process.stdout.isTTY && !process.env.RADAR_LOG_FORMAT) process.env.RADAR_LOG_FORMAT = 'terminal';
  radar = await startRadar({
    adapterFactories: allAdapterFactories({ onShellEnd: () => void shutdown(0) }),
    commands: allCommands,
    capabilities: defaultCapabilities(),
    // A scripted shell session must do exactly what its lines say, not a catch-up digest of its own.
    catchUp: !piped || Boolean(process.env.DISCORD_TOKEN || process.env.SLACK_BOT_TOKEN),
  });
  printShellLink(radar);
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
    process.exit(1);
  }
  if (err instanceof RadarError && (err.code === 'redis_unavailable' || err.code === 'store_in_use')) {
    process.stderr.write(maskCredentials(`AcademicHub could not start: ${err.message}\n`));
    process.exit(1);
  }
  process.stderr.write(maskCredentials(`AcademicHub failed to start: ${(err as Error).stack ?? String(err)}\n`));
  process.exit(1);
}
