/**
 * One radar process per SQLite file: a second `npm start` on the same file is refused at start with a message
 * (both would run the schedule and the follow-ups, whose locks are per process), admin commands still open it,
 * and a holder killed with -9 does not keep the file locked.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RadarError } from '../../src/errors.js';
import { openSqlRadarStore, type SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { processLockFileOf } from '../../src/store/sql/sqlite-process-lock.js';
import { repoRoot, runCli } from '../e2e/helpers/run-cli.js';
import { contractDefaults } from '../contract/store-backends.js';

const dirs: string[] = [];
const stores: SqlRadarStore[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'radar-one-'));
  dirs.push(dir);
  return join(dir, 'data', 'radar.sqlite');
}

async function open(file: string, oneProcess: boolean): Promise<SqlRadarStore> {
  const store = await openSqlRadarStore(`sqlite://${file}`, { defaults: contractDefaults, oneProcess });
  stores.push(store);
  return store;
}

const refusal = (promise: Promise<unknown>): Promise<RadarError> =>
  promise.then(
    () => expect.fail('the second radar store opened'),
    (err: unknown) => err as RadarError,
  );

/** `npm start` on `file` with stdin kept open: resolves once the radar says it started. */
function startHolder(file: string): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', RADAR_ENV_FILE: '/nonexistent/.env', RADAR_WEB_PORT: '0', RADAR_HF: 'false', LOG_LEVEL: 'info', RADAR_DB: `sqlite://${file}`, ARXIV_RSS_URL: 'http://127.0.0.1:9/rss', HTTP_RETRIES: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the holder never started:\n${err}`)), 30_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('radar started')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('close', () => reject(new Error(`the holder ended:\n${err}`)));
  });
}

const killed = (child: ChildProcessWithoutNullStreams): Promise<void> =>
  new Promise((resolve) => {
    child.on('close', () => resolve());
    child.kill('SIGKILL');
  });

describe('one radar process per SQLite file', () => {
  it('refuses a second radar store on the same file, lets admin opens through, and frees the file on close', async () => {
    const file = tempDb();
    const first = await open(file, true);
    await first.subscriptions.add('shell:lab', 'quokka');

    const err = await refusal(open(file, true));
    expect(err).toBeInstanceOf(RadarError);
    expect(err.code).toBe('store_in_use');
    expect(err.message).toContain(file);
    expect(err.message).toContain('postgres://');

    const admin = await open(file, false); // npm run db -- stats / backup beside a running radar
    expect((await admin.subscriptions.listAll()).map((s) => s.query)).toEqual(['quokka']);

    await first.close();
    stores.splice(stores.indexOf(first), 1);
    const next = await open(file, true);
    expect((await next.subscriptions.listAll()).map((s) => s.query)).toEqual(['quokka']);
  });

  it('holds nothing for memory:// or a store opened without the flag', async () => {
    const file = tempDb();
    await open(file, false);
    expect(existsSync(processLockFileOf(file))).toBe(false);
    const memory = await openSqlRadarStore('memory://', { defaults: contractDefaults, oneProcess: true });
    stores.push(memory);
    expect(await memory.subscriptions.listAll()).toEqual([]);
  });

  it('a second npm start on the same file exits with the message; after kill -9 of the first, the next one starts', async () => {
    const file = tempDb();
    const holder = await startHolder(file);

    const second = await runCli('/radar list\n', { RADAR_DB: `sqlite://${file}`, RADAR_HF: 'false' });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('AcademicHub could not start');
    expect(second.stderr).toContain('in use by another AcademicHub process');
    expect(second.stdout).not.toContain('Subscriptions');

    await killed(holder);
    const third = await runCli('/radar add quokka\n/radar list\n', { RADAR_DB: `sqlite://${file}`, RADAR_HF: 'false', ARXIV_RSS_URL: 'http://127.0.0.1:9/rss', HTTP_RETRIES: '0' });
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('#1 `quokka`');
  });
});
