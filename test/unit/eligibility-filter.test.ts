import { describe, expect, it } from 'vitest';
import { eligibleForChannel } from '../../src/digest/eligibility.js';
import type { AnnounceType, Paper } from '../../src/papers/paper.js';

const paper = (announceType?: AnnounceType, sources: Paper['sources'] = [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }]) => ({ announceType, sources });
const on = { crosslists: true, replacements: true };
const defaults = { crosslists: true, replacements: false };
const strict = { crosslists: false, replacements: false };

describe('eligibleForChannel', () => {
  it('new papers are eligible unless already delivered', () => {
    expect(eligibleForChannel(paper('new'), strict, false)).toBe(true);
    expect(eligibleForChannel(paper(undefined), strict, false)).toBe(true);
    expect(eligibleForChannel(paper('new'), on, true)).toBe(false);
  });
  it('replacements of never-posted papers count only with replacements on', () => {
    expect(eligibleForChannel(paper('replace'), defaults, false)).toBe(false);
    expect(eligibleForChannel(paper('replace'), on, false)).toBe(true);
    expect(eligibleForChannel(paper('replace'), on, true)).toBe(false);
  });
  it('cross-lists are dropped with crosslists off', () => {
    expect(eligibleForChannel(paper('cross'), defaults, false)).toBe(true);
    expect(eligibleForChannel(paper('cross'), strict, false)).toBe(false);
    expect(eligibleForChannel(paper('replace-cross'), on, false)).toBe(true);
    expect(eligibleForChannel(paper('replace-cross'), { crosslists: false, replacements: true }, false)).toBe(false);
    expect(eligibleForChannel(paper('replace-cross'), defaults, false)).toBe(false);
  });
  it('journal-only works go to channels reading that journal (when the list is given)', () => {
    const nature = paper(undefined, [{ kind: 'journal', label: 'Nature' }]);
    expect(eligibleForChannel(nature, defaults, false, { journals: ['nature'] })).toBe(true);
    expect(eligibleForChannel(nature, defaults, false, { journals: ['Science'] })).toBe(false);
    const both = paper('new', [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }, { kind: 'journal', label: 'Nature' }]);
    expect(eligibleForChannel(both, defaults, false, { journals: [] })).toBe(true);
  });
});
