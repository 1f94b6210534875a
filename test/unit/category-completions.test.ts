import { describe, expect, it } from 'vitest';
import { categoryCompletions } from '../../commands/category-completions.js';

describe('category completions for query options', () => {
  it('completes the category being typed, keeping the rest of the query', () => {
    expect(categoryCompletions('"graph neural" cat:cs.L').map((c) => c.value)).toEqual(['"graph neural" cat:cs.LG', '"graph neural" cat:cs.LO']);
    expect(categoryCompletions('diffusion -cat:hep-t').map((c) => c.value)).toEqual(['diffusion -cat:hep-th']);
    expect(categoryCompletions('(cat:stat.M').map((c) => c.value)).toEqual(['(cat:stat.ME', '(cat:stat.ML']);
  });

  it('offers archives as archive.* first, and at most 25 choices of at most 100 characters', () => {
    const all = categoryCompletions('cat:');
    expect(all).toHaveLength(25);
    expect(all[0]!.value).toBe('cat:astro-ph.*');
    const physics = categoryCompletions('cat:ph').map((c) => c.value);
    expect(physics[0]).toBe('cat:physics.*');
    expect(physics.slice(1).every((q) => q.startsWith('cat:physics.'))).toBe(true);
    expect(categoryCompletions(`${'x'.repeat(92)} cat:cs.`)).toEqual([]);
  });

  it('offers nothing while free text is typed', () => {
    expect(categoryCompletions('mixture of exp')).toEqual([]);
    expect(categoryCompletions('cat:cs.LG diffusion')).toEqual([]);
    expect(categoryCompletions('concat:x')).toEqual([]);
  });
});
