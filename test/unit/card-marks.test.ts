import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorsLine, matchedAuthors, summaryWithContext } from '../../src/digest/card-marks.js';
import { phrasesOf, phraseSpans } from '../../src/digest/text-marks.js';
import { shortenText, toCard } from '../../src/digest/cards.js';
import { renderMarked } from '../../src/chat/message.js';
import { analyze } from '../../src/radar/normalize.js';
import type { Paper } from '../../src/papers/paper.js';

const marked = (text: string, spans: readonly (readonly [number, number])[]) => renderMarked(text, spans, (s) => s, (s) => `[${s}]`);
const phrase = (term: string) => [analyze(term)];

describe('phraseSpans: the words a text reason hit, found as the matcher finds them', () => {
  it('marks hyphen and space variants, plurals, case and accents, whole words only', () => {
    const text = 'Sparse Mixture-of-Experts models: a naïve mixture of expert routing; not moEs or shoe.';
    expect(marked(text, phraseSpans(text, phrase('mixture of experts')))).toBe('Sparse [Mixture-of-Experts] models: a naïve [mixture of expert] routing; not moEs or shoe.');
    expect(marked(text, phraseSpans(text, phrase('naive')))).toBe('Sparse Mixture-of-Experts models: a [naïve] mixture of expert routing; not moEs or shoe.');
    expect(marked(text, phraseSpans(text, phrase('MoE')))).toBe('Sparse Mixture-of-Experts models: a naïve mixture of expert routing; not [moEs] or shoe.');
    expect(marked("the teacher's model", phraseSpans("the teacher's model", phrase('teachers')))).toBe("the [teacher's] model");
  });

  it('merges overlapping hits of several phrases', () => {
    const text = 'large language model agents';
    expect(marked(text, phraseSpans(text, [...phrase('large language'), ...phrase('language model')]))).toBe('[large language model] agents');
  });

  const pieces = ['graph', 'Graphs', 'neural', 'net', 'nets', 'Naïve', 'naive', "o'brien", 'o’brien', "a''b", "'tis", "models'", 'x`y', 'x-ray', '—', ' ', '  ', '-', ', ', '. ', '$\\ln$', 'ß', 'ẞ', 'policies', 'policy', '½'];
  const ascii = pieces.filter((p) => /^[\x00-\x7f]*$/.test(p));
  const plain = [...ascii.filter((p) => !/['`]/.test(p)), '…', '–', '—', '“', '”', '\u00a0'];
  it.each([['any script', pieces], ['ASCII only', ascii], ['ASCII without apostrophes, with ellipses and dashes', plain]])('finds a phrase exactly when the analysed text holds it (random text, %s)', (_, vocabulary) => {
    // joined with and without spaces, so that words run into each other and apostrophes into words
    const text = fc.tuple(fc.array(fc.constantFrom(...vocabulary), { maxLength: 40 }), fc.constantFrom(' ', '')).map(([p, sep]) => p.join(sep));
    const term = fc.constantFrom('graph', 'neural nets', 'naive graph', 'x ray', 'policy', 'obrien', 'ss', 'ln', 'ab', 'tis', 'model', 'xy', 'graphnet');
    fc.assert(
      fc.property(text, term, (t, q) => {
        const tokens = analyze(q);
        const all = analyze(t);
        const holds = all.some((_, i) => tokens.every((tok, k) => all[i + k] === tok));
        const spans = phraseSpans(t, [tokens]);
        expect(spans.length > 0).toBe(holds);
        for (const [s, e] of spans) expect(analyze(t.slice(s, e)).join(' ')).toContain(tokens.join(' '));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('authorsLine: the matched authors stay in the shortened line', () => {
  const names = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth', 'Yinmin Zhong', 'Leslie Lamport', 'John Backus', 'Niklaus Wirth'];

  it('keeps the first three and a count when nothing matched', () => {
    expect(authorsLine(names, new Set()).text).toBe('Ada Lovelace, Alan Turing, Grace Hopper, … +7');
    expect(authorsLine(names.slice(0, 4), new Set([3]))).toEqual({ text: 'Ada Lovelace, Alan Turing, Grace Hopper, Edsger Dijkstra', marks: [[41, 56]] });
  });

  it('names a matched author past the first three, marked, with the count of the rest', () => {
    const { text, marks } = authorsLine(names, matchedAuthors(names, [{ field: 'authors', term: 'Zhong' }]));
    expect(text).toBe('Ada Lovelace, Alan Turing, Grace Hopper, …, Yinmin Zhong, … +6');
    expect(marked(text, marks)).toBe('Ada Lovelace, Alan Turing, Grace Hopper, …, [Yinmin Zhong], … +6');
    expect(authorsLine(names, new Set([0, 9])).text).toBe('Ada Lovelace, Alan Turing, Grace Hopper, …, Niklaus Wirth +6');
    expect(authorsLine(names, new Set([3, 4])).text).toBe('Ada Lovelace, Alan Turing, Grace Hopper, Edsger Dijkstra, Barbara Liskov, … +5');
  });

  it('matches authors as the matcher does (initials, accents), not by equal text', () => {
    const people = ['Yinmin Zhong', 'Francesco Orabona', 'José García'];
    expect([...matchedAuthors(people, [{ field: 'authors', term: 'F. Orabona' }])]).toEqual([1]);
    expect([...matchedAuthors(people, [{ field: 'authors', term: 'Jose Garcia' }])]).toEqual([2]);
    expect([...matchedAuthors(people, [{ field: 'title', term: 'Zhong' }])]).toEqual([]);
  });
});

describe('summaryWithContext', () => {
  const opening = 'We study the training dynamics of deep networks under heavy-tailed noise. '.repeat(6);
  const abstract = `${opening}Finally, we apply the analysis to retrieval-augmented generation and find gains. We conclude.`;

  it('marks the phrase when the opening holds it', () => {
    const s = summaryWithContext(abstract, phrase('training dynamics'), shortenText, 320);
    expect(s.text).toBe(shortenText(abstract, 320));
    expect(s.marks[0]).toEqual([s.text.indexOf('training dynamics'), s.text.indexOf('training dynamics') + 'training dynamics'.length]);
  });

  it('brings the matching passage after a shorter opening when the opening does not hold it', () => {
    const s = summaryWithContext(abstract, phrase('retrieval augmented generation'), shortenText, 320);
    expect(s.text).toMatch(/^We study the training dynamics .* … Finally, we apply the analysis to retrieval-augmented generation and find gains\.$/);
    expect(s.text.length).toBeLessThanOrEqual(320 + 300);
    expect(marked(s.text, s.marks)).toContain('[retrieval-augmented generation]');
  });

  it('shows and marks a hit wherever it is in the abstract (random abstracts past the opening)', () => {
    const words = ['graph', 'Graphs', 'neural', 'nets', 'Net', 'policies', 'policy', 'x-ray', 'X ray', 'model', 'models.', '(graph', 'nets)', 'Naïve', 'naive', 'the'];
    const filler = 'We study the problem\nin a general  setting.\n'.repeat(9);
    const text = fc.tuple(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 60 }), fc.constantFrom(' ', '\n', ' \t ')).map(([w, sep]) => filler + w.join(sep));
    const term = fc.constantFrom('graph', 'neural nets', 'naive graph', 'x ray', 'policy', 'net graph', 'model');
    fc.assert(
      fc.property(text, term, (abstract, q) => {
        const tokens = analyze(q);
        const all = analyze(abstract);
        const holds = all.some((_, i) => tokens.every((tok, k) => all[i + k] === tok));
        const s = summaryWithContext(abstract, [tokens], shortenText, 320);
        expect(s.marks.length > 0).toBe(holds);
        expect(s.text).not.toMatch(/\s\s|\n|\t/);
        for (const [a, b] of s.marks) expect(analyze(s.text.slice(a, b)).join(' ')).toContain(tokens.join(' '));
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves the opening alone without text reasons or when the abstract holds none of them', () => {
    expect(summaryWithContext(abstract, [], shortenText, 320)).toEqual({ text: shortenText(abstract, 320), marks: [] });
    expect(summaryWithContext(abstract, phrase('quantum'), shortenText, 320)).toEqual({ text: shortenText(abstract, 320), marks: [] });
  });
});

describe('toCard', () => {
  const paper: Paper = {
    id: 'arxiv:2611.00001',
    title: 'Sparse Mixture-of-Experts at Scale',
    abstract: `${'We describe a system for serving large models on clusters of accelerators with many tenants. '.repeat(4)}Its router balances expert load.`,
    authors: ['A One', 'B Two', 'C Three', 'D Four', 'E Five', 'Yinmin Zhong'].map((name) => ({ name })),
    categories: ['cs.LG'],
    sources: [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }],
  } as Paper;

  it('carries the marks of its reasons and keeps the matched author in view', () => {
    const card = toCard(paper, 1, [{ label: 'author', term: 'Yinmin Zhong' }, { label: 'abstract', term: 'expert load' }, { label: 'cat', term: 'cs.LG' }]);
    expect(card.authors).toBe('A One, B Two, C Three, …, Yinmin Zhong +2');
    expect(marked(card.authors, card.marks!.authors!)).toContain('[Yinmin Zhong]');
    expect(marked(card.summary, card.marks!.summary!)).toContain('balances [expert load].');
    expect(toCard(paper, 1, [{ label: 'cat', term: 'cs.LG' }]).marks).toBeUndefined();
  });
});

describe('phrasesOf', () => {
  it('takes the analysed terms of one field, once each', () => {
    expect(phrasesOf([{ field: 'title', term: 'Graph Nets' }, { field: 'title', term: 'graph net' }, { field: 'abstract', term: 'x' }], 'title')).toEqual([['graph', 'net']]);
  });
});
