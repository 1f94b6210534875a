/** Which stored queries are the same subscription (see `queryKey`). */
import { UserError } from '../errors.js';
import { queryKey } from './query-describe.js';
import { parseQuery } from './query-parser.js';

/**
 * The key under which a channel holds a query once (stored with its row). A query that no longer parses
 * (stored under an older grammar) is its own text: it can only equal itself.
 */
export function subscriptionKeyOf(text: string): string {
  try {
    return queryKey(parseQuery(text));
  } catch (err) {
    if (err instanceof UserError) return text.trim();
    throw err;
  }
}
