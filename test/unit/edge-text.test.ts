import { describe, expect, it } from 'vitest';
import { cleanOutboundText, cleanUserText } from '../../src/chat/edge-text.js';
import { defuseMentions } from '../../src/chat/message.js';

describe('cleanUserText', () => {
  it('turns controls into spaces and keeps tabs and line breaks', () => {
    expect(cleanUserText('foo\u0000bar\u0007baz\u007f\u0085x')).toBe('foo bar baz  x');
    expect(cleanUserText('line one\nline two\tend\r')).toBe('line one\nline two\tend\r');
  });

  it('removes bidi controls and the invisible characters that split words', () => {
    expect(cleanUserText('\u202Ereversed\u202C \u2067iso\u2069 \u200Fmark')).toBe('reversed iso mark');
    expect(cleanUserText('dif\u00ADfusion zero\u200Bwidth \uFEFFbom')).toBe('diffusion zerowidth bom');
  });

  it('replaces a lone surrogate half and keeps real pairs, accents and CJK', () => {
    expect(cleanUserText('\uD800x\uDC00')).toBe('\uFFFDx\uFFFD');
    expect(cleanUserText('Schrödinger 扩散模型 🧪')).toBe('Schrödinger 扩散模型 🧪');
  });

  it('keeps the joiner inside an emoji sequence and drops it anywhere else', () => {
    const scientist = '\u{1F469}\u200D\u{1F52C}'; // 👩‍🔬
    const darkScientist = '\u{1F469}\u{1F3FF}\u200D\u{1F52C}';
    const rainbowFlag = '\u{1F3F3}\uFE0F\u200D\u{1F308}';
    expect(cleanUserText(`what does ${scientist} mean? ${darkScientist} ${rainbowFlag}`)).toBe(`what does ${scientist} mean? ${darkScientist} ${rainbowFlag}`);
    expect(cleanUserText('dif\u200Dfusion \u{1F469}\u200D and \u200D\u{1F52C}')).toBe('diffusion \u{1F469} and \u{1F52C}');
  });
});

describe('cleanOutboundText', () => {
  it('drops controls and bidi characters but keeps the zero-width space that defuses @everyone', () => {
    expect(cleanOutboundText('a\u0000b\u202Ec\u200Bd\ne')).toBe('abc\u200Bd\ne');
    expect(defuseMentions('@everyone \u202Eevil')).toBe('@\u200beveryone evil');
  });
});
