/** The query language's errors: a headline at a column, the query around it with a caret, and a hint. */
import { UserError } from '../errors.js';
import type { MessageKey } from '../i18n/messages.js';

/** A line under the caret: a catalogue message, with its values when it has any. */
export type Hint = MessageKey | { readonly key: MessageKey; readonly vars: Readonly<Record<string, string>> };

/** Build the error: headline, column, the rest of the query from there, and a caret line. */
export function fail(source: string, column: number, headline: MessageKey, vars: Record<string, string | number> = {}, hint?: Hint): never {
  const rest = source.slice(column - 1);
  const excerpt = rest.length > 40 ? `${rest.slice(0, 40)}…` : rest;
  const start = Math.max(0, column - 1 - 35);
  const end = Math.min(source.length, start + 75);
  const line = `${start > 0 ? '…' : ''}${source.slice(start, end)}${end < source.length ? '…' : ''}`;
  const caret = `${' '.repeat(column - 1 - start + (start > 0 ? 1 : 0))}^`;
  throw new UserError('query_invalid', 'query.error', {
    headline: { key: headline, vars },
    column,
    excerpt,
    line,
    caret,
    hint: hint ? { key: 'query.hint', vars: { text: typeof hint === 'string' ? { key: hint } : hint } } : '',
  });
}
