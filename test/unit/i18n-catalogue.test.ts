import { describe, expect, it } from 'vitest';
import { catalogues, translator } from '../../src/i18n/messages.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('en and zh have exactly the same keys', () => {
    expect(Object.keys(catalogues.zh).sort()).toEqual(Object.keys(catalogues.en).sort());
  });

  it('no message is empty in either language', () => {
    for (const lang of ['en', 'zh'] as const) {
      for (const [key, text] of Object.entries(catalogues[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('both languages use the same placeholders for each key', () => {
    for (const key of Object.keys(catalogues.en) as (keyof typeof catalogues.en)[]) {
      expect(placeholders(catalogues.zh[key]), key).toEqual(placeholders(catalogues.en[key]));
    }
  });

  it('zh messages are Chinese and fill placeholders', () => {
    const t = translator('zh');
    expect(t('brief.noMatches', { query: 'moe' })).toBe('最近 7 天没有匹配 `moe` 的论文。');
    expect(t('brief.header', { count: 3, scope: t('brief.scopeDigest') })).toMatch(/跨学科简报.*3/);
  });
});
