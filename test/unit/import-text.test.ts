import { describe, expect, it } from 'vitest';
import { EXPORT_LINE_LIMIT, exportLines, splitImportText } from '../../src/app/import-text.js';

describe('splitImportText', () => {
  it('splits on ; and new lines outside quotes, trimming and dropping empty pieces', () => {
    expect(splitImportText(' a ;; b\r\nc\n\n"d; e" f ; ')).toEqual(['a', 'b', 'c', '"d; e" f']);
  });

  it('unwraps /radar add lines, /radar list lines and backticks', () => {
    expect(splitImportText('/radar add cat:cs.LG\n• #12 `author:"Yinmin Zhong"` ⚠️ cs.XX: not an arXiv category\n`title:diffusion`\n#3 `x`')).toEqual([
      'cat:cs.LG', 'author:"Yinmin Zhong"', 'title:diffusion', 'x',
    ]);
  });

  it('ends an unbalanced quote with its line, so that the next lines are still their own queries', () => {
    expect(splitImportText('"unclosed; phrase\ncat:cs.LG; diffusion')).toEqual(['"unclosed; phrase', 'cat:cs.LG', 'diffusion']);
  });
});

describe('exportLines', () => {
  it('writes one import line that splits back into the same queries', () => {
    const queries = ['cat:cs.LG', 'title:"a; b"', '(MoE OR "mixture-of-experts") AND cat:cs.CL'];
    const lines = exportLines(queries);
    expect(lines).toHaveLength(1);
    expect(splitImportText(lines[0]!)).toEqual(queries);
  });

  it('gives a query the import would change a /radar add line of its own', () => {
    expect(exportLines(['a;b', 'c', '`d`'])).toEqual(['/radar import c', '/radar add a;b', '/radar add `d`']);
  });

  it('keeps every line within the limit', () => {
    const queries = Array.from({ length: 300 }, (_, i) => `"phrase ${i} ${'x'.repeat(i % 40)}"`);
    const lines = exportLines(queries);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(EXPORT_LINE_LIMIT);
    expect(lines.flatMap((l) => splitImportText(l))).toEqual(queries);
  });
});
