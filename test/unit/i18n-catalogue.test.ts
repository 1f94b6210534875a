import { describe, expect, it } from 'vitest';
import { catalogues, translator } from '../../src/i18n/messages.js';
import { argumentNames, parseMessage } from '../../src/i18n/message-arguments.js';

const placeholders = (s: string) => argumentNames(parseMessage(s));

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

  it('every message is a well-formed ICU message in both languages', () => {
    for (const lang of ['en', 'zh'] as const) {
      for (const [key, text] of Object.entries(catalogues[lang])) expect(() => parseMessage(text), `${lang} ${key}`).not.toThrow();
    }
  });

  it('English counts agree with their nouns; Chinese has one form', () => {
    const en = translator('en');
    const header = (count: number) => en('digest.header', { date: '2026-12-01', count, subs: '#1 `moe`' });
    expect(header(1)).toBe('**AcademicHub digest · 2026-12-01** — 1 new paper for #1 `moe`');
    expect(header(12)).toBe('**AcademicHub digest · 2026-12-01** — 12 new papers for #1 `moe`');
    expect(header(0)).toContain('0 new papers');
    expect(en('export.header', { count: 1 })).toBe('To copy this subscription to another channel, run this there:');
    expect(en('web.topic.summary', { total: 1, days: 30, shown: 1 })).toBe('1 paper in the last 30 days matches; the best one is shown.');
    expect(en('preview.header', { query: 'moe', total: 2, days: 1 })).toBe('**Preview** `moe` — 2 papers over 1 stored day:');
    expect(translator('zh')('digest.header', { date: '2026-12-01', count: 1, subs: '#1' })).toContain('1');
  });

  it('a quote beside a placeholder stays a quote, and an argument nobody passed shows as itself', () => {
    const en = translator('en');
    expect(en('query.err.unexpected', { token: 'OR' })).toBe("Unexpected 'OR'");
    expect(en('query.err.missingValue', { prefix: 'au' })).toBe("Missing value after 'au:'");
    expect(en('digest.header', { date: '2026-12-01', count: 3 })).toBe('**AcademicHub digest · 2026-12-01** — 3 new papers for {subs}');
  });
});

