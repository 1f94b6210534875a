/**
 * The text of `/radar import`: many queries at once, as a user pastes them — separated by new lines or by
 * `;` (Discord's options are one line), each maybe written as `/radar add <query>` or copied from
 * `/radar list` (`• #3 \`query\``). `/radar export` writes `/radar import a; b; c` lines that come back here.
 */

/** Characters per `/radar import` line `/radar export` writes: with its code fence it fits one Discord message (2,000). */
export const EXPORT_LINE_LIMIT = 1800;

/**
 * The queries of an import text, in order, each trimmed; empty pieces are dropped. A `;` inside a "quoted
 * phrase" does not split it; a new line always does.
 */
export function splitImportText(text: string): string[] {
  const pieces: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    const lineEnd = c === '\n' || c === '\r';
    if (c === '"') quoted = !quoted;
    // a line ends a query even inside quotes: an unbalanced quote spoils its own line, not every one after it
    else if (i === text.length || lineEnd || (c === ';' && !quoted)) {
      const query = unwrapQuery(text.slice(start, i));
      if (query) pieces.push(query);
      start = i + 1;
      if (lineEnd) quoted = false;
    }
  }
  return pieces;
}

/** One pasted piece as a query: a `/radar add` or `/radar import` prefix, a list bullet and number, backticks removed. */
function unwrapQuery(piece: string): string {
  let q = piece.trim();
  q = q.replace(/^\/radar\s+(?:add|import)\b\s*/i, '');
  // a line of `/radar list`: "• #3 `query`" and maybe a warning after the closing backtick
  const listed = /^(?:[•*·]\s*)?#\d+\s+`([^`]+)`/.exec(q);
  if (listed) return listed[1]!.trim();
  const ticked = /^`([^`]+)`$/.exec(q);
  return (ticked ? ticked[1]! : q).trim();
}

/**
 * `/radar import …` lines carrying `queries`, each at most EXPORT_LINE_LIMIT characters long (a single query
 * longer than that gets a line of its own). A query the import would split — `a;b` outside quotes is one
 * query to the parser — is written as a `/radar add` line of its own instead.
 */
export function exportLines(queries: readonly string[]): string[] {
  const lines: string[] = [];
  const alone: string[] = [];
  let line = '';
  for (const raw of queries) {
    const query = raw.replace(/\s+/g, ' ');
    const pieces = splitImportText(query);
    if (pieces.length !== 1 || pieces[0] !== query) {
      alone.push(`/radar add ${query}`);
      continue;
    }
    if (line && line.length + 2 + query.length > EXPORT_LINE_LIMIT) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line}; ${query}` : `/radar import ${query}`;
  }
  if (line) lines.push(line);
  return [...lines, ...alone];
}
