/**
 * After `/radar settings language zh` every answer is Chinese: help, a bad query, search, preview,
 * trending and the journal list. "Wholly Chinese" = once code spans, links, commands and paper titles are
 * and quoted query tokens are set aside, no English word of three letters or more is left (names of services are allowed).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hfDailyItem, startHfEmulator, type HfEmulator } from '../../emulators/hf/hf-emulator.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
let hf: HfEmulator | undefined;
afterEach(async () => {
  await world?.stop();
  await hf?.close();
  hf = undefined;
});

const NAMES = new Set(['arXiv', 'Hugging', 'Face', 'Papers', 'RSS', 'Atom', 'LLM', 'token', 'IANA', 'URL', 'UTC', 'radar', 'AcademicHub', 'Shuffle', 'BibTeX', 'DOI']);

/** English words left after removing `code`, 'quoted query tokens', [links](…), URLs and /commands. */
function englishWords(text: string): string[] {
  const stripped = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/'[^'\n]*'/g, ' ')
    .replace(/\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\/\w+/g, ' ');
  return (stripped.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !NAMES.has(w));
}

async function zhWorld(options: Parameters<typeof startTestWorld>[0] = {}) {
  world = await startTestWorld(options);
  await world.run('settings', { name: 'language', value: 'zh' });
}

const answer = async (name: string, options: Record<string, string> = {}) => world.text(await world.run(name, options));

describe('a channel in Chinese', () => {
  it('gets help wholly in Chinese', async () => {
    await zhWorld();
    const text = await answer('help');
    expect(text).toContain('AcademicHub 研究雷达');
    expect(englishWords(text)).toEqual([]);
  });

  it('gets a bad query explained in Chinese', async () => {
    await zhWorld();
    const text = await answer('add', { query: 'author: AND' });
    expect(text).toMatch(/^'author:' 后面缺少值（第 1 列）/);
    expect(englishWords(text.split('\n')[0]!.replace(/：.*/, ''))).toEqual([]);
  });

  it('gets search and preview answers in Chinese', async () => {
    await zhWorld();
    const search = (await world.run('search', { query: 'convex' })).replies[0]!;
    expect(search.text).toBe('**搜索** `convex` — 最近 30 天的前 2 篇');
    expect(await answer('search', { query: 'quantum' })).toBe('最近 30 天存储的论文中没有匹配 `quantum` 的。');
    const preview = await answer('preview', { query: 'convex' });
    expect(preview).toContain('**预览** `convex` — 在已存储的 1 天中共 2 篇：');
    expect(englishWords(preview)).toEqual([]);
  });

  it('gets trending and the journal list in Chinese', async () => {
    hf = await startHfEmulator({ daily: { '2026-04-30': [hfDailyItem({ id: '2604.26881', title: 'FaaSMoE', upvotes: 3 })] } });
    await zhWorld({ capabilities: { sources: { hf: false, crossref: false } }, env: { HF_API_URL: hf.apiUrl } });
    const trending = (await world.run('trending')).replies[0]!.text;
    expect(trending).toMatch(/^\*\*Hugging Face 热门 · 2026-04-30\*\*/);
    expect(englishWords(trending)).toEqual([]);
    const list = await answer('source', { action: 'list' });
    const withoutCatalogue = list.split('\n').filter((l) => !l.startsWith('• `'));
    expect(withoutCatalogue[0]).toBe('**本频道的期刊订阅源：**');
    expect(englishWords(withoutCatalogue.join('\n'))).toEqual([]);
  });

  it('is told in Chinese that a capability is off', async () => {
    await zhWorld();
    expect(await answer('brief')).toBe('此处未启用简报功能。');
  });
});
