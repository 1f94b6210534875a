import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/messages.js';
import type { Paper } from '../../src/papers/paper.js';
import { renderAtomFeed } from '../../src/web/render/atom-feed.js';

const now = new Date('2026-04-29T12:00:00Z');
const paper = (n: number, over: Partial<Paper> = {}): Paper => ({
  id: `arxiv:2604.${10000 + n}`,
  title: `Routing study ${n}`,
  abstract: `Abstract ${n}.`,
  authors: [{ name: 'Ada Lovelace' }, { name: 'Alan Turing' }],
  categories: ['cs.LG', 'cs.AI'],
  published: '2026-04-27T17:00:00Z',
  updated: '2026-04-28T17:00:00Z',
  announced: '2026-04-29',
  sources: [{ kind: 'arxiv', label: 'arXiv', url: `https://arxiv.org/abs/2604.${10000 + n}` }],
  ...over,
});
const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['entry', 'author', 'category'].includes(name) }).parse(xml);
const feedOf = (entries: Parameters<typeof renderAtomFeed>[0]['entries'], lang: 'en' | 'zh' = 'en') =>
  renderAtomFeed({ channelKey: 'discord:42', selfUrl: 'https://radar.example/c/discord%3A42/feed.atom?t=a&b', now, entries, t: translator(lang) });

describe('the Atom feed of a channel', () => {
  it('has the feed elements Atom requires and one entry per paper, with why it matched', () => {
    const xml = feedOf([{ paper: paper(1), reasons: [{ field: 'title', term: 'routing' }] }, { paper: paper(2, { doi: '10.1/x' }), reasons: [] }]);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const { feed } = parse(xml);
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('urn:academichub:channel:discord%3A42');
    expect(feed.title).toBe('AcademicHub radar · discord:42');
    expect(feed.updated).toBe('2026-04-28T17:00:00.000Z');
    expect(feed.link).toEqual({ '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': 'https://radar.example/c/discord%3A42/feed.atom?t=a&b' });
    expect(feed.entry).toHaveLength(2);
    const [first] = feed.entry;
    expect(first.id).toBe('https://arxiv.org/abs/2604.10001');
    expect(first.link).toEqual({ '@_rel': 'alternate', '@_href': 'https://arxiv.org/abs/2604.10001' });
    expect(first.published).toBe('2026-04-27T17:00:00.000Z');
    expect(first.author.map((a: { name: string }) => a.name)).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(first.category.map((c: { '@_term': string }) => c['@_term'])).toEqual(['cs.LG', 'cs.AI']);
    expect(first.summary['#text']).toBe('Why: title: routing\n\nAbstract 1.');
    expect(feed.entry[1].summary['#text']).toBe('Abstract 2.');
  });

  it('keeps hostile text as text and drops what XML cannot carry', () => {
    const hostile = paper(3, { title: '<script>alert(1)</script> & "x" \u0001\u0008 ok', abstract: 'a\u000bb ]]> <!-- c', authors: [{ name: 'Eve <e@x>' }] });
    const xml = feedOf([{ paper: hostile, reasons: [] }]);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c]/);
    const entry = parse(xml).feed.entry[0];
    expect(entry.title).toBe('<script>alert(1)</script> & "x"  ok');
    expect(entry.summary['#text']).toBe('ab ]]> <!-- c');
    expect(entry.author[0].name).toBe('Eve <e@x>');
  });

  it('is a valid empty feed on a day without matches, and speaks the channel’s language', () => {
    const { feed } = parse(feedOf([], 'zh'));
    expect(feed.entry ?? []).toEqual([]);
    expect(feed.updated).toBe(now.toISOString());
    expect(feed.title).toBe('AcademicHub 雷达 · discord:42');
  });
});
