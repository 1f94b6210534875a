/**
 * The README's promise, end to end: `npm start` with no credentials is the terminal radar on SQLite; piped
 * commands run in order and the process exits 0; state survives a restart on the same file; the demo prints
 * numbered cards. The arXiv side is a loopback emulator serving a listing in the real RSS format.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRssListing, startArxivEmulator, type ArxivEmulator, type SyntheticPaper } from '../emulators/arxiv/arxiv-emulator.js';
import { runCli, todayUtc } from './helpers/run-cli.js';

const day = todayUtc();
const papers: SyntheticPaper[] = [
  ...Array.from({ length: 14 }, (_, i) => ({
    id: `2611.${String(10000 + i)}`,
    title: `Sparse mixture-of-experts routing, part ${i}`,
    abstract: `We study mixture of experts models with learned routing (${i}).`,
    authors: ['Yinmin Zhong', `Coauthor ${i}`],
    categories: ['cs.LG'],
  })),
  { id: '2611.20000', title: 'A survey of mixture of experts', abstract: 'A survey.', authors: ['Sam Survey'], categories: ['cs.LG'] },
  { id: '2611.30000', title: 'Protein folding with diffusion', abstract: 'Biology.', authors: ['Bo Bio'], categories: ['q-bio.BM'] },
];

let arxiv: ArxivEmulator;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day });
  arxiv.setListing('cs.AI+cs.CL+cs.CV+cs.LG', buildRssListing(papers, { categories: 'cs.AI+cs.CL+cs.CV+cs.LG', day }));
  dir = mkdtempSync(join(tmpdir(), 'radar-cli-'));
  env = { RADAR_DB: `sqlite://${join(dir, 'radar.sqlite')}`, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', RADAR_DIGEST_SIZE: '10', RADAR_HF: 'false' };
});
afterAll(async () => {
  await arxiv.close();
  rmSync(dir, { recursive: true, force: true });
});

const cardLines = (out: string) => out.split('\n').filter((l) => /^\d{2} {2}\S/.test(l));

describe('terminal radar (npm start, piped)', () => {
  it('adds a subscription, prints a digest and exits 0 at the end of input', async () => {
    const r = await runCli('/radar add "mixture of experts" -survey\n/radar digest\n', env, { command: ['npm', 'start', '--silent'] });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Subscribed #1: `"mixture of experts" -survey`');
    const cards = cardLines(r.stdout);
    expect(cards).toHaveLength(10);
    expect(cards[0]).toMatch(/^01 {2}Sparse mixture-of-experts routing/);
    expect(r.stdout).not.toContain('A survey of mixture of experts');
    expect(r.stdout).toContain('4 more matching papers');
    expect(existsSync(join(dir, 'radar.sqlite'))).toBe(true);
  });

  it('after a restart: keeps the subscription, /radar more continues, and nothing is posted twice', async () => {
    const r = await runCli('/radar list\n/radar more\n/radar more\n/radar digest\n', env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('#1 `"mixture of experts" -survey`');
    // The first run's digest left 4 papers for "more": numbered 11…14, then nothing; a new digest of
    // the same day has nothing that was not posted already.
    const cards = cardLines(r.stdout);
    expect(cards.map((l) => l.slice(0, 2))).toEqual(['11', '12', '13', '14']);
    expect(r.stdout).toContain('No more papers in the current digest');
    expect(r.stdout).toContain('Nothing new for this channel');
  });

  it('keeps settings across restarts and validates them', async () => {
    const first = await runCli('/radar settings size 3\n/radar settings timezone Mars/Base\n', env);
    expect(first.stdout).toContain('Updated size → 3');
    expect(first.stdout).toContain('Invalid value for timezone');
    const second = await runCli('/radar list\n', env);
    expect(second.stdout).toContain('Digest: 3 papers at 08:00 (UTC)');
  });

  it('answers hostile input with clear errors, keeps running and stores nothing bad', async () => {
    const hostile = [
      '/radar add "unbalanced quote',
      '/radar add ((a OR b)',
      `/radar add ${Array.from({ length: 10_000 }, (_, i) => `t${i}`).join(' ')}`,
      '/radar add .*+?^${}()|[]\\',
      '/radar frobnicate',
      '/radar remove 99',
      '/radar list',
    ].join('\n');
    const r = await runCli(`${hostile}\n`, env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/quote/i);
    expect(r.stdout).toContain('Unknown command `frobnicate`');
    expect(r.stdout).toContain('There is no subscription #99');
    const listed = r.stdout.slice(r.stdout.lastIndexOf('Subscriptions of this channel:'));
    expect(listed.split('\n').filter((l) => l.startsWith('• #'))).toEqual(['• #1 `"mixture of experts" -survey`']);
  });

  it('reads a .env file, with variables already set taking precedence', async () => {
    const file = join(dir, 'test.env');
    writeFileSync(file, 'RADAR_DIGEST_SIZE=2\nRADAR_DIGEST_TIME=06:30\n');
    const r = await runCli('/radar list\n', { ...env, RADAR_ENV_FILE: file, RADAR_DIGEST_TIME: '07:15' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('at 07:15 (UTC)');
    const { RADAR_DIGEST_SIZE: _set, ...withoutSize } = env;
    const fresh = await runCli('/radar list\n', { ...withoutSize, RADAR_DB: `sqlite://${join(dir, 'other.sqlite')}`, RADAR_ENV_FILE: file });
    expect(fresh.stdout).toContain('Digest: 2 papers at 06:30 (UTC)');
  });

  it('fails fast on bad configuration, naming every bad variable', async () => {
    const r = await runCli('', { ...env, RADAR_DB: 'ftp://nope', RADAR_DIGEST_TIME: '8am' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('RADAR_DB');
    expect(r.stderr).toContain('RADAR_DIGEST_TIME');
  });
});

describe('npm run demo', () => {
  it('prints at least five numbered cards offline and exits 0', async () => {
    const r = await runCli('', {}, { command: ['npm', 'run', '--silent', 'demo'] });
    expect(r.code).toBe(0);
    const cards = cardLines(r.stdout);
    expect(cards.length).toBeGreaterThanOrEqual(5);
    expect(cards.slice(0, 5).map((l) => l.slice(0, 2))).toEqual(['01', '02', '03', '04', '05']);
    expect(r.stdout).toContain('https://arxiv.org/abs/');
  });
});
