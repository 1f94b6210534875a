/** Runs the real program (`bin/start.ts`, or an npm script) as a child process with piped stdin. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  input: string,
  env: Record<string, string>,
  options: { command?: string[]; timeoutMs?: number } = {},
): Promise<CliResult> {
  const [cmd, ...args] = options.command ?? [process.execPath, '--import', 'tsx', 'bin/start.ts'];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd!, args, {
      cwd: repoRoot,
      // A developer's own .env must not leak into tests: point the env file nowhere unless a test sets one.
      // The web page is off unless a test asks for it (parallel runs would fight over port 8080).
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', RADAR_ENV_FILE: '/nonexistent/.env', RADAR_WEB_PORT: '0', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** Today's date (UTC) as arXiv listing day, so the digest's 3-day window includes it. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
