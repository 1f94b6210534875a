/**
 * fast-check generators for the radar property tests: papers and queries drawn from one small vocabulary
 * (with case, accent, hyphen and plural variants) so that matches, near-misses and phrase boundaries occur.
 */
import fc from 'fast-check';
import type { Paper } from '../../src/papers/paper.js';

export const WORDS = [
  'moe', 'MoE', 'MoEs', 'mixture', 'of', 'experts', 'expert', 'routing', 'router', 'survey', 'diffusion',
  'model', 'models', 'policy', 'policies', 'shoe', 'learning', 'in-context', 'graph', 'graphs', 'class',
  'classes', 'box', 'boxes', 'naïve', 'naive', 'Straße', 'strasse', 'GPUs', 'gpu', 'the', 'a', 'LLM', 'LLMs',
  '$x$', 'x', 'C++', 'c', 'OR', 'or', 'not', 'and',
];
export const NAMES = [
  'Yinmin Zhong', 'Zhong, Yinmin', 'Y. Zhong', 'Zhong Yinmin', 'Yi Zhong', 'José Pérez', 'Jose Perez',
  'J. Perez', 'Adrian Del Maestro', 'Johannes Schmidt-Hieber', 'Paul J. Goulart', 'Paul Goulart',
  'Łukasz Kaiser', 'Lukasz Kaiser', 'Da Li', 'Li Da', 'Wen Wang',
];
export const CATEGORIES = ['cs.LG', 'cs.CL', 'cs.CV', 'stat.ML', 'math.OC', 'hep-ex', 'cs', 'cond-mat.stat-mech'];
const SEPARATORS = [' ', ' ', ' ', '-', '_', ', ', '. ', ' (', ') ', ' $', '/'];

const word = fc.constantFrom(...WORDS);
const text = (min: number, max: number) =>
  fc
    .array(fc.tuple(word, fc.constantFrom(...SEPARATORS), fc.boolean()), { minLength: min, maxLength: max })
    .map((parts) => parts.map(([w, sep, upper]) => (upper ? w.toUpperCase() : w) + sep).join('').trim());

export const paperArb: fc.Arbitrary<Paper> = fc
  .record({
    n: fc.nat(99999),
    title: text(1, 8),
    abstract: text(0, 25),
    authors: fc.uniqueArray(fc.constantFrom(...NAMES), { maxLength: 3 }),
    categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES), { minLength: 1, maxLength: 3 }),
  })
  .map(
    (r): Paper => ({
      id: `arxiv:2601.${String(r.n).padStart(5, '0')}`,
      title: r.title,
      abstract: r.abstract,
      authors: r.authors.map((name) => ({ name })),
      categories: r.categories,
      primaryCategory: r.categories[0],
      sources: [],
    }),
  );

const safeWord = fc.constantFrom(...WORDS.filter((w) => !['OR', 'C++', '$x$'].includes(w) && !w.startsWith('-')));
const phrase = fc
  .array(safeWord, { minLength: 1, maxLength: 3 })
  .chain((ws) => fc.constantFrom(`"${ws.join(' ')}"`, ws.join('-')));
const leafArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: safeWord },
  { weight: 2, arbitrary: phrase },
  { weight: 1, arbitrary: safeWord.map((w) => `title:${w}`) },
  { weight: 1, arbitrary: phrase.map((p) => `ti:${p}`) },
  { weight: 1, arbitrary: phrase.map((p) => `abs:${p}`) },
  { weight: 2, arbitrary: fc.constantFrom(...NAMES, 'Zhong', 'Maestro', 'Schmidt', 'Del Maestro').map((n) => `author:"${n}"`) },
  { weight: 1, arbitrary: fc.constantFrom('Zhong', 'Perez', 'Pérez', 'Kaiser', 'Li', 'Da').map((n) => `au:${n}`) },
  { weight: 2, arbitrary: fc.constantFrom(...CATEGORIES, 'cs.*', 'cond-mat', 'CS.lg').map((c) => `cat:${c}`) },
);

/** Random query ASTs rendered to text (always parenthesised, so the text parses as the generated tree). */
export const queryArb: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: leafArb },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.array(tie('q'), { minLength: 2, maxLength: 3 }), fc.constantFrom(' ', ' AND '))
        .map(([cs, op]) => cs.map((c) => `(${c})`).join(op)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.array(tie('q'), { minLength: 2, maxLength: 3 }), fc.constantFrom(' OR ', ' | '))
        .map(([cs, op]) => cs.map((c) => `(${c})`).join(op)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(tie('q'), tie('q'), fc.constantFrom('-', 'NOT '))
        .map(([pos, neg, op]) => `(${pos}) ${op}(${neg})`),
    },
    // unanchorable shapes the parser must reject on both sides: pure negation, OR with a negated branch
    { weight: 1, arbitrary: tie('q').map((q) => `NOT (${q})`) },
    { weight: 1, arbitrary: fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a}) OR -(${b})`) },
  ),
})).q;
