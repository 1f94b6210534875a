/**
 * Briefings and paper Q&A through the terminal adapter, as a user would run them: the real program, the
 * real openai client against the OpenAI-compatible emulator, arXiv from its emulator. Citations resolve to
 * the digest's papers (a planted out-of-range one is removed), a thread question carries the paper and the
 * earlier turns, and `language zh` switches the bot's own messages and the model's instruction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRssListing, startArxivEmulator, type ArxivEmulator, type SyntheticPaper } from '../emulators/arxiv/arxiv-emulator.js';
import { startOpenAiEmulator, type OpenAiEmulator } from '../emulators/openai/openai-emulator.js';
import { runCli, todayUtc } from './helpers/run-cli.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
const papers: SyntheticPaper[] = Array.from({ length: 4 }, (_, i) => ({
  id: `2611.${40000 + i}`,
  title: `Routing tokens in mixture of experts, study ${i}`,
  abstract: `We propose router ${i} for mixture of experts language models. It balances load across experts.`,
  authors: [`Ada Lovelace ${i}`],
  categories: ['cs.LG'],
}));

let arxiv: ArxivEmulator;
let llm: OpenAiEmulator;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: todayUtc() });
  arxiv.setListing(CATS, buildRssListing(papers, { categories: CATS, day: todayUtc() }));
  llm = await startOpenAiEmulator();
  dir = mkdtempSync(join(tmpdir(), 'radar-shell-llm-'));
  env = {
    RADAR_DB: `sqlite://${join(dir, 'radar.sqlite')}`,
    ARXIV_RSS_URL: arxiv.rssUrl,
    ARXIV_MIN_INTERVAL_MS: '0',
    RADAR_HF: 'false',
    OPENAI_API_KEY: 'sk-test-key',
    OPENAI_BASE_URL: llm.baseURL,
    DISCORD_GUILD_ID: '123',
    RADAR_LLM_MODEL: 'radar-test-model',
  };
});
afterAll(async () => {
  await arxiv.close();
  await llm.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('briefings in the terminal', () => {
  it('briefs the digest with citations that resolve, dropping a planted [9]', async () => {
    llm.script((body) => {
      const user = body.messages?.at(-1)?.content ?? '';
      return user.includes('<papers>') ? 'Routers balance experts [1][2]. A claim about nothing [9]. Load matters [4].' : undefined;
    });
    const r = await runCli('/radar add "mixture of experts"\n/radar digest\n/radar brief\n', env);
    llm.script(undefined);
    expect(r.code).toBe(0);
    const brief = r.stdout.slice(r.stdout.lastIndexOf('Routers balance experts'));
    expect(brief).toContain('Routers balance experts [1][2]');
    expect(brief).not.toContain('[9]');
    const cited = [...new Set([...brief.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
    expect(cited.every((n) => n >= 1 && n <= 4)).toBe(true);
    for (const p of papers) expect(r.stdout).toContain(`https://arxiv.org/abs/${p.id}`);
    const prompts = llm.chatRequests().map((q) => q.raw).join('\n');
    expect(prompts).toContain('Routing tokens in mixture of experts, study 0');
    expect(prompts).not.toContain('sk-test-key');
  });

  it('answers in a paper thread with the paper and the earlier turns in the prompt', async () => {
    const before = llm.chatRequests().length;
    const r = await runCli('/radar search "mixture of experts"\n/discuss 01\n@radar what does the router balance?\n@radar and how?\n', env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[thread t1\] .+/);
    const asked = llm.chatRequests().slice(before);
    const last = asked.at(-1)!.raw;
    expect(last).toContain('and how?');
    expect(last).toContain('what does the router balance?');
    expect(last).toMatch(/Routing tokens in mixture of experts, study \d/);
  });

  it('speaks Chinese after `settings language zh`, and tells the model so', async () => {
    const before = llm.chatRequests().length;
    const r = await runCli('/radar settings language zh\n/radar list\n/radar brief\n', env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('本频道的订阅');
    const sent = llm.chatRequests().slice(before).map((q) => q.raw).join('\n');
    expect(sent).toMatch(/[\u4e00-\u9fff]/);
  });
});
