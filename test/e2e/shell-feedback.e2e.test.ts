/**
 * The terminal's 👍/👎 through the real program (`bin/start.ts`, piped): `/like 02` and `/dislike 03` vote on
 * the cards just shown, pressing twice counts once, an unknown card number is refused and the session goes
 * on; the votes survive a restart on the same SQLite file; `/radar feedback forget` deletes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRssListing, startArxivEmulator, type ArxivEmulator, type SyntheticPaper } from '../emulators/arxiv/arxiv-emulator.js';
import { runCli, todayUtc } from './helpers/run-cli.js';

const day = todayUtc();
const papers: SyntheticPaper[] = Array.from({ length: 4 }, (_, i) => ({
  id: `2611.${String(40000 + i)}`,
  title: `Mixture of experts serving, part ${i}`,
  abstract: `We serve mixture of experts models (${i}).`,
  authors: [`Author ${i}`],
  categories: ['cs.LG'],
}));

let arxiv: ArxivEmulator;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day });
  arxiv.setListing('cs.AI+cs.CL+cs.CV+cs.LG', buildRssListing(papers, { categories: 'cs.AI+cs.CL+cs.CV+cs.LG', day }));
  dir = mkdtempSync(join(tmpdir(), 'radar-cli-feedback-'));
  env = { RADAR_DB: `sqlite://${join(dir, 'radar.sqlite')}`, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', RADAR_HF: 'false' };
});
afterAll(async () => {
  await arxiv.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('terminal radar: /like and /dislike', () => {
  it('votes on the cards shown, counts a repeat once, refuses an unknown card and keeps going', async () => {
    const r = await runCli('/radar add "mixture of experts"\n/radar digest\n/like 02\n/like 02\n/dislike 03\n/like 99\n/radar feedback\n', env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/like <nn> or /dislike <nn>');
    expect(r.stdout).toMatch(/👍 noted for \W*Mixture of experts serving, part \d/);
    expect(r.stdout).toContain('already counted');
    expect(r.stdout).toContain('👎 noted');
    expect(r.stdout).toContain('No card 99');
    expect(r.stdout).toContain('Votes: 1 👍 and 1 👎');
  });

  it('keeps the votes across a restart, and forgets them on request', async () => {
    const r = await runCli('/radar feedback\n/radar feedback forget\n/radar feedback\n', env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Votes: 1 👍 and 1 👎');
    expect(r.stdout).toContain('Forgot 2 votes');
    expect(r.stdout).toContain('No votes yet');
  });
});
