/// <reference lib="dom" />
/**
 * The channel page in a real Chromium: numbered cards, author filter, Shuffle, zh toggle, votes stored,
 * forged links refused, hostile papers inert, no serious accessibility violation, keyboard use.
 * Screenshots (en, zh) go to test-results/ for a person to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './helpers/browser.js';
import { AUTHOR, CHANNEL, HOSTILE_TITLE, MANAGER, startWebWorld, type WebWorld } from './helpers/web-world.js';
import { createStoreFeedbackSink } from '../../src/web/feedback-sink.js';

const SHOTS = 'test-results';
let world: WebWorld;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [world, browser] = await Promise.all([startWebWorld(), launchBrowser()]);
  page = await browser.context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await world?.stop();
}, 60_000);

const cardIds = (p: Page) => p.$$eval('#cards article.card', (els) => els.map((e) => e.getAttribute('data-paper')));
const numbers = (p: Page) => p.$$eval('#cards .num', (els) => els.map((e) => e.textContent));

describe('the channel page in Chromium', { timeout: 120_000 }, () => {
  it('opens the signed link with at least five numbered cards (en screenshot)', async () => {
    const res = await page.goto(world.link());
    expect(res?.status()).toBe(200);
    const nums = await numbers(page);
    expect(nums.length).toBeGreaterThanOrEqual(5);
    expect(nums.slice(0, 3)).toEqual(['01.', '02.', '03.']);
    await expect(page.locator('h1').textContent()).resolves.toContain('Explore the frontier');
    await expect(page.locator('.kicker').textContent()).resolves.toBe('Academic Intelligence · Curated Daily');
    await expect(page.locator('#cards .card .source').first().textContent()).resolves.toBe('arXiv (cs.AI)');
    await expect(page.locator('#cards .card').first().locator('.sig').allTextContents()).resolves.toEqual(['▲ 57 upvotes', 'Code ★ 1.2k', 'ICML 2026']);
    expect(await page.locator('#cards .card math').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/web-channel-en.png`, fullPage: true });
  });

  it('filters to the author when the author chip is clicked, and × clears it', async () => {
    const before = (await cardIds(page)).length;
    await page.getByRole('link', { name: `Author: ${AUTHOR}` }).click();
    await page.waitForSelector('.chip.on');
    const authors = await page.$$eval('#cards .authors', (els) => els.map((e) => e.textContent ?? ''));
    expect(authors).toHaveLength(4);
    for (const a of authors) expect(a).toContain(AUTHOR);
    await page.getByRole('link', { name: 'Clear the filter' }).click();
    await page.waitForSelector('.chip.on', { state: 'detached' });
    expect((await cardIds(page)).length).toBe(before);
  });

  it('shows the next batch on Shuffle, none repeated, numbered on', async () => {
    const first = await cardIds(page);
    await page.getByRole('link', { name: 'Shuffle' }).click();
    await page.waitForFunction(() => document.querySelector('#cards .num')?.textContent === '11.');
    const second = await cardIds(page);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    expect(page.url()).toContain('batch=2');
  });

  it('toggles to Chinese: 换一批 and Chinese labels (zh screenshot)', async () => {
    await page.goto(world.link());
    await page.getByRole('link', { name: '中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
    await expect(page.locator('a.shuffle').textContent()).resolves.toBe('换一批');
    await expect(page.locator('h1').textContent()).resolves.toBe('探索全球前沿学术脉络');
    await expect(page.getByRole('link', { name: `作者: ${AUTHOR}` }).count()).resolves.toBe(1);
    await expect(page.locator('#cards .why').first().textContent()).resolves.toMatch(/^(标题|摘要|作者)/);
    await page.screenshot({ path: `${SHOTS}/web-channel-zh.png`, fullPage: true });
  });

  it('records 👍 on a card in the store', async () => {
    await page.goto(world.link());
    const card = page.locator('#cards article.card').nth(1);
    const paperId = (await card.getAttribute('data-paper'))!;
    await card.getByRole('button', { name: 'More like this' }).click();
    await page.waitForFunction((id) => document.querySelector(`article[data-paper="${id}"] button[value="up"]`)?.getAttribute('aria-pressed') === 'true', paperId);
    const votes = await createStoreFeedbackSink(world.radar.services.store.votes).votesOn('shell:terminal', [paperId]);
    expect(votes).toEqual([expect.objectContaining({ voter: 'u-member', value: 1, paperId, channelKey: 'shell:terminal' })]);
  });

  it('refuses a forged or altered token with 403 and no data', async () => {
    const good = new URL(world.link());
    const token = good.searchParams.get('t')!;
    for (const bad of [`${token.slice(0, -3)}abc`, 'eyJjIjoic2hlbGw6dGVybWluYWwifQ.AAAA', '']) {
      good.searchParams.set('t', bad);
      const res = await page.goto(good.toString());
      expect(res?.status()).toBe(403);
      const text = await page.locator('body').textContent();
      expect(text).not.toContain('mixture of experts');
      expect(text).toContain('/radar web');
    }
  });

  it('renders hostile titles and abstracts as text: no dialog, no script ran, no javascript: link', async () => {
    await page.goto(`${world.link()}&batch=3`);
    const card = page.locator('article.card', { hasText: 'window.__xss=1' });
    await expect(card.locator('h2.title').textContent()).resolves.toContain(HOSTILE_TITLE.slice(20));
    await expect(card.locator('.title').textContent()).resolves.toContain('{{7*7}}');
    expect(await page.locator('a[href^="javascript"], img[src="x"], main script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('sends a CSP without unsafe-inline scripts, and axe finds no serious or critical violation', async () => {
    const res = await page.goto(world.link());
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const manager = `${world.link('manage', MANAGER)}&sub=1`;
    for (const url of [world.link(), `${world.link()}&lang=zh`, `${world.link().replace('?', '/topics?q=experts&')}`, manager, `${manager}&lang=zh`]) {
      await page.goto(url);
      // a manager's settings panel is checked open
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const violations = await page.evaluate(
        async (src) => {
          (0, eval)(src);
          const r = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }).axe.run();
          return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
        },
        axe,
      );
      expect(violations, url).toEqual([]);
    }
  });

  it('works by keyboard: skip link, Shuffle and 👍 reached with Tab and used with Enter/Space', async () => {
    await page.goto(world.link());
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('skip');
    const first = await cardIds(page);
    for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.hasAttribute('data-shuffle'))); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#cards .num')?.textContent === '11.');
    expect((await cardIds(page)).filter((id) => first.includes(id))).toEqual([]);
    for (let i = 0; i < 60 && !(await page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.value === 'down')); i++) await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.closest('article')?.getAttribute('data-paper'));
    await page.keyboard.press('Space');
    await page.waitForFunction((p) => document.querySelector(`article[data-paper="${p}"] button[value="down"]`)?.getAttribute('aria-pressed') === 'true', id);
    const votes = await createStoreFeedbackSink(world.radar.services.store.votes).votesOn(`${CHANNEL.platform}:${CHANNEL.id}`, [id!]);
    expect(votes.map((v) => v.value)).toEqual([-1]);
  });

  it('works without its script: chips, Shuffle and votes are plain links and forms', async () => {
    const bare = await browser.context.newPage();
    await bare.route('**/assets/page.js', (route) => route.abort());
    try {
      await bare.goto(world.link());
      expect(await bare.locator('button.expand[hidden]').count()).toBeGreaterThan(0);
      await bare.getByRole('link', { name: `Author: ${AUTHOR}` }).click();
      await bare.waitForURL(/sub=1/);
      const authors = await bare.$$eval('#cards .authors', (els) => els.map((e) => e.textContent ?? ''));
      expect(authors.length).toBe(4);
      for (const a of authors) expect(a).toContain(AUTHOR);
      const card = bare.locator('#cards article.card').first();
      const id = (await card.getAttribute('data-paper'))!;
      await card.getByRole('button', { name: 'Less like this' }).click();
      await bare.waitForURL(/sub=1/);
      await expect(bare.locator(`article[data-paper="${id}"] button[value="down"]`).getAttribute('aria-pressed')).resolves.toBe('true');
      await bare.goto(world.link());
      await bare.getByRole('link', { name: 'Shuffle' }).click();
      await bare.waitForURL(/batch=2/);
      await expect(bare.locator('#cards .num').first().textContent()).resolves.toBe('11.');
    } finally {
      await bare.close();
    }
  });

  it('saves a manager’s digest settings from the form (screenshot)', async () => {
    const channels = world.radar.services.store.channels;
    const before = await channels.getSettings('shell:terminal');
    const managerPage = await browser.context.newPage();
    try {
      await managerPage.goto(world.link('manage', MANAGER));
      await managerPage.getByText('Digest settings').click();
      const form = managerPage.locator('form.settings-form');
      await form.getByLabel('Papers per batch').fill('7');
      await form.getByLabel('Days', { exact: true }).fill('weekdays');
      await form.getByLabel('Language').selectOption('zh');
      await managerPage.screenshot({ path: `${SHOTS}/web-settings-en.png`, fullPage: true });
      await managerPage.getByRole('button', { name: 'Save settings' }).click();
      await managerPage.waitForSelector('.notice');
      // the page now speaks the channel's new language
      await expect(managerPage.locator('.notice').textContent()).resolves.toBe('设置已保存。');
      expect(await channels.getSettings('shell:terminal')).toEqual({ ...before, size: 7, days: 'weekdays', language: 'zh' });
    } finally {
      await managerPage.close();
      await channels.updateSettings('shell:terminal', { size: before.size, days: before.days, language: before.language });
    }
  });

  it('lets a manager remove the filtered subscription: asks first, keeps it on Cancel, removes it on OK', async () => {
    const sub = await world.radar.services.subscriptions.add(CHANNEL, 'zebrafish', MANAGER);
    const asked: string[] = [];
    let answer = false;
    const managerPage = await browser.context.newPage();
    managerPage.on('dialog', (d) => {
      asked.push(d.message());
      void (answer ? d.accept() : d.dismiss());
    });
    const stored = async () => (await world.radar.services.store.subscriptions.list('shell:terminal')).some((s) => s.number === sub.number);
    try {
      await managerPage.goto(world.link('manage', MANAGER));
      await managerPage.getByRole('link', { name: `#${sub.number} zebrafish` }).click();
      await managerPage.waitForSelector('.chip.on');
      const remove = managerPage.getByRole('button', { name: `Remove #${sub.number}` });
      await remove.click();
      expect(asked).toEqual([`Remove subscription #${sub.number} from this channel? Its watchers stop being named.`]);
      expect(await stored()).toBe(true);
      answer = true;
      await remove.click();
      await managerPage.waitForSelector('.notice');
      await expect(managerPage.locator('.notice').textContent()).resolves.toBe(`Removed #${sub.number}: the channel’s digest no longer includes it.`);
      expect(await stored()).toBe(false);
      await expect(managerPage.getByRole('link', { name: `#${sub.number} zebrafish` }).count()).resolves.toBe(0);
    } finally {
      await managerPage.close();
    }
  });
});
