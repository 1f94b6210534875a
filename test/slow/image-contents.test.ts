/**
 * What the Docker image holds, checked without Docker (no daemon here): the runtime stage's COPY lines are
 * read from the Dockerfile, exactly those files are laid out in an empty directory, production dependencies
 * are installed the way the image installs them (`npm ci --omit=dev`), and the radar is started from there
 * the way the image starts it — in cluster mode on the local PostgreSQL and Redis, and embedded on SQLite.
 * A runtime import of a dev dependency, or a folder the image forgets, fails here.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, createDatabase, dropPrefix, uniquePrefix } from '../cluster/helpers.js';
import { waitFor } from '../cluster/processes.js';

const root = resolve(import.meta.dirname, '../..');
// Asynchronous on purpose: a synchronous two-minute install would starve the test runner's own heartbeat.
const run = promisify(execFile);
let app: string;

/** The sources the runtime stage copies from the build context (COPY without --from). */
export function runtimeCopies(dockerfile: string): string[] {
  const stages = dockerfile.split(/^FROM /m);
  const runtime = stages[stages.length - 1]!;
  return runtime
    .split('\n')
    .filter((l) => /^COPY /.test(l) && !/--from=/.test(l))
    .flatMap((l) => l.replace(/^COPY\s+/, '').split(/\s+/).filter((w) => w && !w.startsWith('--')).slice(0, -1));
}

beforeAll(async () => {
  app = mkdtempSync(join(tmpdir(), 'radar-image-'));
  const copies = runtimeCopies(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  for (const src of [...copies, 'package-lock.json']) cpSync(join(root, src), join(app, src), { recursive: true });
  await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, timeout: 420_000, maxBuffer: 64 * 1024 * 1024 });
}, 480_000);
afterAll(() => rmSync(app, { recursive: true, force: true }));

async function startsFromImage(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
    cwd: app,
    env: { PATH: process.env.PATH ?? '', HOME: app, NODE_ENV: 'production', RADAR_ENV_FILE: '/nonexistent', RADAR_SHELL: 'false', LOG_LEVEL: 'info', RADAR_WEB_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  try {
    await waitFor(() => log.includes('radar started') || child.exitCode !== null, 90_000);
    return log;
  } finally {
    child.kill('SIGTERM');
  }
}

describe('the Docker image contents', () => {
  it('copies the folders the program needs and nothing it needs is a dev dependency', async () => {
    expect(runtimeCopies(readFileSync(join(root, 'Dockerfile'), 'utf8'))).toEqual(expect.arrayContaining(['package.json', 'bin', 'src', 'adapters', 'commands']));
    const devOnly = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies);
    const installed = `${(await run('npm', ['ls', '--omit=dev', '--depth=0', '--parseable'], { cwd: app, encoding: 'utf8' })).stdout}\n`;
    expect(devOnly.filter((d) => installed.includes(`/node_modules/${d}\n`))).toEqual([]);
  });

  it('starts in cluster mode as a worker and scheduler', async () => {
    const db = await createDatabase('image');
    const prefix = uniquePrefix('image');
    try {
      const log = await startsFromImage({ RADAR_DB: db.url, REDIS_URL, RADAR_QUEUE_PREFIX: prefix, RADAR_ROLES: 'worker,scheduler' });
      expect(log).toContain('cluster mode');
      expect(log).toContain('radar started');
    } finally {
      await db.drop();
      await dropPrefix(prefix);
    }
  }, 120_000);

  it('starts embedded on a SQLite file in its data folder', async () => {
    const log = await startsFromImage({ RADAR_DB: `sqlite://${join(app, 'data', 'radar.sqlite')}` });
    expect(log).toContain('radar started');
  }, 120_000);
});
