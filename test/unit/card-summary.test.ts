import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortenText } from '../../src/digest/cards.js';

/** The definition: collapse every whitespace run and trim the whole text first, then cut. */
const reference = (text: string, max: number): string => shortenText(text.replace(/\s+/g, ' ').trim(), max);

describe('shortenText (a card\'s summary)', () => {
  it('cuts a long abstract at a sentence boundary, a short one stays whole', () => {
    const abstract = `We study graph neural networks.  ${'Message passing\n\tlayers are analysed in depth. '.repeat(20)}`;
    expect(shortenText(abstract, 80)).toBe('We study graph neural networks. Message passing layers are analysed in depth.');
    expect(shortenText('  A  short\u00a0abstract.\n')).toBe('A short abstract.');
    expect(shortenText('x'.repeat(500), 40)).toBe(`${'x'.repeat(40)}…`);
  });

  it('gives what collapsing and trimming the whole text then cutting gives, on random text', () => {
    const pieces = ['word', 'Graph', 'a', ' ', '  ', '\n', '\t', '\r\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '. ', '.', '…', '😀', 'x'.repeat(30)];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 300 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.constantFrom(5, 20, 50, 320), (t, max) => {
        expect(shortenText(t, max)).toBe(reference(t, max));
      }),
      { numRuns: 2000 },
    );
  });
});
