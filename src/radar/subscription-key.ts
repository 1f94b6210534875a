/** Which stored queries are the same subscription (see `queryKey`). */
import { UserError } from '../errors.js';
import { queryKey } from './query-describe.js';
import { parseQuery } from './query-parser.js';

/**
 * The key under which a channel holds a query once (stored with its row). A query that no longer parses
 * (stored under an older grammar) is its own text: it can only equal itself. Keys are stored, so a change in
 * what this returns for a query (the tokeniser, the stemmer, the key's spelling) needs a migration re-keying
 * the rows; the pinned keys in test/unit/radar-query-parser.test.ts fail first to say so.
 */
export function subscriptionKeyOf(text: string): string {
  try {
    return queryKey(parseQuery(text));
  } catch (err) {
    if (err instanceof UserError) return text.trim();
    throw err;
  }
}
