/** Radar processes for the multi-process cluster tests: `npm start` (bin/start.ts) as real child processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export interface RadarProcess {
  readonly name: string;
  child: ChildProcess;
  /** stderr so far (pino JSON lines), for diagnostics. */
  log: string;
  kill9(): Promise<void>;
  restart(): void;
  stop(): Promise<void>;
}

export function spawnRadar(name: string, env: Record<string, string>): RadarProcess {
  const start = (): ChildProcess => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', RADAR_ENV_FILE: '/nonexistent', RADAR_SHELL: 'false', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => (p.log += d.toString()));
    return child;
  };
  const p: RadarProcess = {
    name,
    child: undefined as unknown as ChildProcess,
    log: '',
    async kill9() {
      const exited = once(p.child, 'exit');
      p.child.kill('SIGKILL');
      await exited;
    },
    restart() {
      p.child = start();
    },
    async stop() {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return;
      const exited = once(p.child, 'exit');
      p.child.kill('SIGTERM');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  p.child = start();
  return p;
}

/** Polls `check` every 200 ms until it holds or `ms` pass; returns whether it held. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}
