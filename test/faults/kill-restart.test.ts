/**
 * kill -9 at the worst moments: right after a subscription was confirmed, and in the middle of a digest
 * (while arXiv is slow). The restarted process on the same SQLite file has the subscription, and the
 * digest is delivered exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { repoRoot, runCli, todayUtc } from '../e2e/helpers/run-cli.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
let arxiv: ArxivEmulator;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: todayUtc() });
  const papers = syntheticPapers(4, ['cs.LG']).map((p) => ({ ...p, announceType: 'new' as const }));
  arxiv.setListing(CATS, buildRssListing(papers, { categories: CATS, day: todayUtc() }));
  dir = mkdtempSync(join(tmpdir(), 'radar-kill-'));
  env = { RADAR_DB: `sqlite://${join(dir, 'radar.sqlite')}`, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', LOG_LEVEL: 'warn', RADAR_HF: 'false' };
});
afterAll(async () => {
  await arxiv.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the program with stdin kept open, feeds `lines`, and SIGKILLs it once stdout shows `until`. */
function killAfter(lines: string, until: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', RADAR_ENV_FILE: '/nonexistent/.env', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`never saw "${until}" in:\n${out}`));
    }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(until)) child.kill('SIGKILL');
    });
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`exited without being killed: ${out}`));
    });
    child.stdin.write(lines);
  });
}

const cards = (out: string) => out.split('\n').filter((l) => /^\d{2} {2}\S/.test(l));

describe('kill -9', () => {
  it('keeps a confirmed subscription', async () => {
    await killAfter('/radar add cat:cs.LG\n', 'Subscribed #1');
    const r = await runCli('/radar list\n', env);
    expect(r.stdout).toContain('#1 `cat:cs.LG`');
  });

  it('mid-digest: the restarted process delivers the digest once', async () => {
    arxiv.setDelay(20_000);
    await killAfter('/radar digest\n', 'Fetching the latest announcements');
    arxiv.setDelay(0);
    const first = await runCli('/radar digest\n', env);
    expect(cards(first.stdout)).toHaveLength(4);
    const second = await runCli('/radar digest\n', env);
    expect(cards(second.stdout)).toHaveLength(0);
    expect(second.stdout).toContain('Nothing new');
  });
});
