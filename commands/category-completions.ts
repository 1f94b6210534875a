/**
 * Autocomplete for query options (`/radar add`, `/radar preview`): while the last term being typed is a
 * category (`cat:cs.L`, `-cat:hep`, `(cat:stat.`), the completions are arXiv's categories and archives that
 * start with what is typed, each offered as the whole query so far with the term completed. Anything else is
 * free text: nothing is offered and the user types on.
 */
import type { AutocompleteChoice } from '../src/chat/ports.js';
import { ARXIV_ARCHIVES, ARXIV_CATEGORIES } from '../src/papers/arxiv-taxonomy.js';

/** Discord's bounds: 25 choices, names and values of at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_LENGTH = 100;
const CATEGORY_TERM = /(^|[\s(])(-?)(cat|category):([a-z.*-]*)$/i;

export function categoryCompletions(partial: string): AutocompleteChoice[] {
  const m = CATEGORY_TERM.exec(partial);
  if (!m) return [];
  const typed = m[4]!.toLowerCase();
  const head = partial.slice(0, partial.length - m[4]!.length);
  const archives = ARXIV_ARCHIVES.filter((a) => a.startsWith(typed) && !ARXIV_CATEGORIES.includes(a)).map((a) => `${a}.*`);
  const categories = ARXIV_CATEGORIES.filter((c) => c.toLowerCase().startsWith(typed));
  return [...archives, ...categories]
    .map((c) => `${head}${c}`)
    .filter((q) => q.length <= MAX_LENGTH)
    .slice(0, MAX_CHOICES)
    .map((q) => ({ name: q, value: q }));
}
