/** The words said to whoever adds a subscription of common words only (chat commands and the web page). */
import type { Translate } from '../i18n/messages.js';
import { broadTermsOf } from './query-breadth.js';
import { parseQuery } from './query-parser.js';

interface Held {
  readonly number: number;
  readonly query: string;
}

/** The common words of a broad query, quoted for the reply; undefined when the query is narrow. */
const broadWordsOf = (query: string): readonly string[] | undefined => broadTermsOf(parseQuery(query))?.map((term) => `\`${term.text}\``);

/** The warning for a subscription made only of very common words (it brings most of each day), if it is. */
export function broadQueryWarning(t: Translate, sub: Held): string | undefined {
  const words = broadWordsOf(sub.query);
  return words && t('sub.broad', { number: sub.number, query: sub.query, words: words.join(', ') });
}

/** One warning naming every broad subscription of an import, if any is. */
export function broadImportWarning(t: Translate, subs: readonly Held[]): string | undefined {
  const broad = subs.filter((s) => broadWordsOf(s.query) !== undefined);
  return broad.length > 0 ? t('import.broad', { list: broad.map((s) => `#${s.number} \`${s.query}\``).join(', ') }) : undefined;
}
