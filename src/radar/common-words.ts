/**
 * Words so common in paper titles and abstracts that they say nothing about a paper's subject, as the
 * tokeniser gives them (folded, plural-stemmed): BM25 topics leave them out, and a subscription made only of
 * them is warned about (query-breadth.ts).
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  ('a an the of and or in on for to with by from at as is are be we our this that these which it its not no can ' +
    'using use used based via into over under than more new approach method model paper propose proposed present ' +
    'show result also such both each other between through while however where when how what has have been was ' +
    'were their they them may well study task work')
    .split(' '),
);
