import { describe, expect, it } from 'vitest';
import { parseXml } from '../../src/sources/xml.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('hardened parseXml', () => {
  it('refuses entity declarations (billion laughs)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>`;
    expect(code(() => parseXml(bomb))).toBe('xml_entities');
    expect(() => parseXml(bomb)).toThrow(/entit/i);
  });

  it('refuses bodies over maxBytes', () => {
    expect(code(() => parseXml(`<a>${'x'.repeat(2000)}</a>`, { maxBytes: 1000 }))).toBe('too_large');
  });

  it.each([
    ['empty', ''],
    ['whitespace', '  \n '],
    ['HTML page', '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>'],
    ['html tag', '<html><head></head></html>'],
    ['JSON', '{"error":"nope"}'],
    ['text', 'Service Unavailable'],
  ])('non-XML (%s) is not_xml', (_name, body) => {
    expect(code(() => parseXml(body))).toBe('not_xml');
  });

  it('malformed XML reports line and column', () => {
    let message = '';
    try {
      parseXml('<rss>\n<channel>\n<item></channel></rss>');
    } catch (e) {
      expect((e as { code?: string }).code).toBe('xml_malformed');
      message = (e as Error).message;
    }
    expect(message).toMatch(/line \d+, column \d+/);
  });

  it('decodes Buffers as UTF-8, strips a BOM, keeps repeated elements as arrays', () => {
    const doc = parseXml(Buffer.from('\uFEFF<rss><channel><item><title>Wübben</title><category>a</category></item></channel></rss>'));
    const channel = (doc['rss'] as Record<string, Record<string, unknown>>)['channel']!;
    const items = channel['item'] as { title: string; category: string[] }[];
    expect(Array.isArray(items)).toBe(true);
    expect(items[0]!.title).toBe('Wübben');
    expect(items[0]!.category).toEqual(['a']);
  });

  it('keeps "0" and numeric-looking ids as strings', () => {
    const doc = parseXml('<feed><entry><title>0</title><id>2104.12255</id></entry></feed>');
    const entry = (doc['feed'] as { entry: { title: unknown; id: unknown }[] }).entry[0]!;
    expect(entry.title).toBe('0');
    expect(entry.id).toBe('2104.12255');
  });
});
