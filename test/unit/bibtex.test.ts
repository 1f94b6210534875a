import { describe, expect, it } from 'vitest';
import { citationKey, escapeText, toBibtex } from '../../src/papers/bibtex.js';
import type { Paper } from '../../src/papers/paper.js';
import { FIXTURE_PAPERS } from './radar-fixture-papers.js';

const orabona = FIXTURE_PAPERS.find((p) => p.id === 'arxiv:2604.26926')!;

describe('BibTeX', () => {
  it('writes an arXiv paper the way arXiv exports it, math kept', () => {
    expect(toBibtex([orabona])).toBe(
      [
        '@misc{orabona2026note,',
        '      title={A Note on How to Remove the $\\ln\\ln T$ Term from the Squint Bound},',
        '      author={Francesco Orabona},',
        '      year={2026},',
        '      eprint={2604.26926},',
        '      archivePrefix={arXiv},',
        '      primaryClass={cs.LG},',
        '      url={https://arxiv.org/abs/2604.26926},',
        '}',
      ].join('\n'),
    );
  });

  it('writes a journal paper as an article with its DOI, and makes equal keys distinct', () => {
    const paper = {
      id: 'doi:10.1038/s41586-024-00001-x', doi: '10.1038/s41586-024-00001-x', title: 'The 50% & #1 rule_of {thumb} for $\\mathbb{R}^n$',
      abstract: '', authors: [{ name: 'José García-López' }, { name: 'Ada Lovelace' }], categories: [], venue: 'Nature', published: '2024-05-01T00:00:00Z', sources: [],
    } as unknown as Paper;
    const out = toBibtex([paper, paper]);
    expect(out).toContain('@article{garcialopez2024rule,');
    expect(out).toContain('@article{garcialopez2024rulea,');
    expect(out).toContain('      title={The 50\\% \\& \\#1 rule\\_of \\{thumb\\} for $\\mathbb{R}^n$},');
    expect(out).toContain('      author={José García-López and Ada Lovelace},');
    expect(out).toContain('      journal={Nature},');
    expect(out).toContain('      doi={10.1038/s41586-024-00001-x},');
    expect(out).toContain('      url={https://doi.org/10.1038/s41586-024-00001-x},');
  });

  it('keeps every entry’s braces balanced, whatever the title holds', () => {
    for (const title of ['a } b { c', '$\\frac{1}{$ x', '\\evil{', '$}$', '~^\\']) {
      let depth = 0;
      const escaped = escapeText(title);
      for (let i = 0; i < escaped.length; i++) {
        if (escaped[i] === '\\') i++;
        else if (escaped[i] === '{') depth++;
        else if (escaped[i] === '}') depth--;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth).toBe(0);
    }
  });

  it('keeps hostile feed fields inside their own field', () => {
    const paper = {
      id: 'doi:10.1/x', doi: '10.1/x}', title: 'T', abstract: '', authors: [{ name: 'A} B' }], categories: [], venue: 'Nat}ure\\', sources: [],
      absUrl: 'https://example.org/a}b{c\\d e%2F',
    } as unknown as Paper;
    const out = toBibtex([paper]);
    expect(out).toContain('url={https://example.org/a%7Db%7Bc%5Cd%20e%2F},');
    expect(out).toContain('doi={10.1/x\\}},');
    expect(out).toContain('journal={Nat\\}ure\\textbackslash{}},');
    const lines = out.split('\n');
    expect(lines[0]).toBe('@article{bt,');
    expect(lines.at(-1)).toBe('}');
    for (const line of lines.slice(1, -1)) expect(line).toMatch(/^ {6}[a-zA-Z]+=\{.*\},$/);
  });

  it('keys a paper without authors or year still', () => {
    expect(citationKey({ ...orabona, authors: [], published: undefined, announced: undefined, updated: undefined } as Paper)).toBe('anonymousnote');
  });
});
