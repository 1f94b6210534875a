/** Which stored queries are the same subscription (see `queryKey`). */
import { UserError } from '../errors.js';
import { queryKey } from './query-describe.js';
import { parseQuery } from './query-parser.js';

/** Keys kept: every add compares its query with each one the channel holds, so those are asked again and again. */
const KEPT = 4096;
const keys = new Map<string, string>();

/**
 * The key under which a channel holds a query once. A query that no longer parses (stored under an older
 * grammar) is its own text: it can only equal itself.
 */
export function subscriptionKeyOf(text: string): string {
  const known = keys.get(text);
  if (known !== undefined) return known;
  const key = keyOf(text);
  // the oldest key goes first (insertion order): a bound, not a ranking
  if (keys.size >= KEPT) keys.delete(keys.keys().next().value!);
  keys.set(text, key);
  return key;
}

function keyOf(text: string): string {
  try {
    return queryKey(parseQuery(text));
  } catch (err) {
    if (err instanceof UserError) return text.trim();
    throw err;
  }
}
