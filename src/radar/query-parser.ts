/**
 * The subscription query language, one line per subscription:
 *
 *   query    := or
 *   or       := and ( ("OR" | "|") and )*
 *   and      := unary ( ["AND"] unary )*          juxtaposition means AND
 *   unary    := ("NOT" | "-") unary | primary
 *   primary  := "(" or ")" | term
 *   term     := [field ":"] ( word | "quoted phrase" )
 *   field    := author | au | title | ti | abs | abstract | cat | category | topic | like  (case-insensitive)
 *
 * Operators are upper-case words (`OR`, `AND`, `NOT`), like Lucene/arXiv; lower-case `or` is a word.
 * A bare term searches title + abstract. A word with inner punctuation (`mixture-of-experts`, `GPT-4`) is
 * a phrase of its tokens. `cat:cs` and `cat:cs.*` match the whole archive. Nothing the user types is ever
 * turned into a RegExp: terms are compared token by token. `topic:"…"` and `like:<paper>` (by meaning): see
 * query-topic-terms.ts.
 *
 * Limits (abuse): ≤ 500 characters, ≤ 64 terms, parentheses nested ≤ 8 deep. A query that could match a
 * paper containing none of its positive terms (`NOT cat:cs.CV`, `a OR -b`) is rejected: it would match
 * nearly everything, and the percolator could not index it.
 *
 * Every failure is a `UserError('query_invalid')` whose message names the column and shows a caret line.
 */
import { UserError } from '../errors.js';
import { parsePersonName } from './author-match.js';
import { analyze } from './normalize.js';
import { isAnchorable, type QueryNode, type Query, type Term } from './query-ast.js';
import { fail } from './query-error.js';
import { topicTerm } from './query-topic-terms.js';

export { likePaperId, TOPIC_MAX_CHARS } from './query-topic-terms.js';
export { describeQuery, extractCategories } from './query-describe.js';
export type { Query } from './query-ast.js';

export const QUERY_LIMITS = { maxLength: 500, maxTerms: 64, maxDepth: 8 } as const;

type FieldName = 'author' | 'title' | 'abstract' | 'category' | 'topic' | 'like';
const FIELDS: Readonly<Record<string, FieldName>> = {
  author: 'author', au: 'author', title: 'title', ti: 'title',
  abs: 'abstract', abstract: 'abstract', cat: 'category', category: 'category', topic: 'topic', like: 'like',
};

type Lexeme =
  | { t: 'lparen' | 'rparen' | 'or' | 'and' | 'not'; col: number; raw: string }
  | { t: 'term'; col: number; raw: string; field: FieldName | undefined; value: string; quoted: boolean };

const CATEGORY_EXACT = /^[a-z][a-z-]*\.[a-z][a-z-]*$/i;
const CATEGORY_ARCHIVE = /^([a-z][a-z-]*)(\.\*)?$/i;

function lex(source: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  const n = source.length;
  const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
  const readQuoted = (open: number): { value: string; end: number } => {
    const close = source.indexOf('"', open + 1);
    if (close < 0) fail(source, open + 1, 'query.err.unbalancedQuote');
    return { value: source.slice(open + 1, close), end: close + 1 };
  };
  while (i < n) {
    const c = source[i]!;
    const col = i + 1;
    if (isSpace(c)) { i++; continue; }
    if (c === '(') { out.push({ t: 'lparen', col, raw: c }); i++; continue; }
    if (c === ')') { out.push({ t: 'rparen', col, raw: c }); i++; continue; }
    if (c === '|') {
      let j = i;
      while (source[j] === '|') j++;
      out.push({ t: 'or', col, raw: source.slice(i, j) });
      i = j;
      continue;
    }
    if (c === '-') {
      const next = source[i + 1];
      if (next === undefined || isSpace(next) || next === ')' || next === '|') {
        fail(source, col, 'query.err.loneMinus');
      }
      out.push({ t: 'not', col, raw: c });
      i++;
      continue;
    }
    if (c === '"') {
      const q = readQuoted(i);
      out.push({ t: 'term', col, raw: source.slice(i, q.end), field: undefined, value: q.value, quoted: true });
      i = q.end;
      continue;
    }
    let j = i;
    while (j < n && !isSpace(source[j]) && !'()"|'.includes(source[j]!)) j++;
    const word = source.slice(i, j);
    if (word === 'OR' || word === 'AND' || word === 'NOT') {
      out.push({ t: word === 'OR' ? 'or' : word === 'AND' ? 'and' : 'not', col, raw: word });
      i = j;
      continue;
    }
    const colon = word.indexOf(':');
    const prefix = colon > 0 ? word.slice(0, colon) : '';
    if (colon > 0 && /^[a-z]+$/i.test(prefix)) {
      const field = FIELDS[prefix.toLowerCase()];
      if (field === undefined) {
        fail(source, col, 'query.err.unknownField', { prefix });
      }
      let value = word.slice(colon + 1);
      let quoted = false;
      if (value === '') {
        if (source[j] === '"') {
          const q = readQuoted(j);
          value = q.value;
          quoted = true;
          j = q.end;
        } else if (source[j] === '(') {
          fail(source, col, 'query.err.fieldGroup', { prefix });
        } else {
          fail(source, col, 'query.err.missingValue', { prefix });
        }
      }
      out.push({ t: 'term', col, raw: source.slice(i, j), field, value, quoted });
      i = j;
      continue;
    }
    out.push({ t: 'term', col, raw: word, field: undefined, value: word, quoted: false });
    i = j;
  }
  return out;
}

class Parser {
  private pos = 0;
  private depth = 0;
  termCount = 0;

  constructor(
    private readonly source: string,
    private readonly lexemes: readonly Lexeme[],
  ) {}

  parse(): QueryNode {
    const node = this.parseOr();
    const extra = this.peek();
    if (extra !== undefined) {
      fail(this.source, extra.col, extra.t === 'rparen' ? 'query.err.unexpectedClose' : 'query.err.unexpected', { token: extra.raw });
    }
    return node;
  }

  private peek(): Lexeme | undefined {
    return this.lexemes[this.pos];
  }

  private startsUnary(l: Lexeme | undefined): boolean {
    return l !== undefined && (l.t === 'term' || l.t === 'lparen' || l.t === 'not');
  }

  private expectOperand(op: Lexeme): void {
    if (!this.startsUnary(this.peek())) fail(this.source, op.col, 'query.err.expectedTerm', { op: op.raw });
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    for (let l = this.peek(); l?.t === 'or'; l = this.peek()) {
      this.pos++;
      this.expectOperand(l);
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children: flatten('or', children) };
  }

  private parseAnd(): QueryNode {
    const children = [this.parseUnary()];
    for (;;) {
      const l = this.peek();
      if (l?.t === 'and') {
        this.pos++;
        this.expectOperand(l);
      } else if (!this.startsUnary(l)) break;
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children: flatten('and', children) };
  }

  private parseUnary(): QueryNode {
    const l = this.peek();
    if (l?.t === 'not') {
      this.pos++;
      this.expectOperand(l);
      return { kind: 'not', child: this.parseUnary(), column: l.col };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode {
    const l = this.peek();
    if (l === undefined) fail(this.source, this.source.length + 1, 'query.err.unexpectedEnd');
    if (l.t === 'lparen') {
      if (++this.depth > QUERY_LIMITS.maxDepth) {
        fail(this.source, l.col, 'query.err.tooDeep', { limit: QUERY_LIMITS.maxDepth });
      }
      this.pos++;
      if (this.peek()?.t === 'rparen') fail(this.source, l.col, 'query.err.emptyParens');
      if (this.peek() === undefined) fail(this.source, l.col, 'query.err.unclosed');
      const inner = this.parseOr();
      if (this.peek()?.t !== 'rparen') fail(this.source, l.col, 'query.err.unclosed');
      this.pos++;
      this.depth--;
      return inner;
    }
    if (l.t === 'term') {
      this.pos++;
      return this.makeTerm(l);
    }
    if (l.t === 'rparen') fail(this.source, l.col, 'query.err.unexpectedClose');
    fail(this.source, l.col, 'query.err.needsLeft', { token: l.raw });
  }

  private makeTerm(l: Extract<Lexeme, { t: 'term' }>): Term {
    if (++this.termCount > QUERY_LIMITS.maxTerms) {
      fail(this.source, l.col, 'query.err.tooManyTerms', { limit: QUERY_LIMITS.maxTerms });
    }
    const { value, quoted, col } = l;
    if (l.field === 'topic' || l.field === 'like') return topicTerm(l.field, value, col, (k, v) => fail(this.source, col, k, v));
    if (l.field === 'category') {
      const trimmed = value.trim();
      const archive = CATEGORY_ARCHIVE.exec(trimmed);
      if (archive) {
        return { kind: 'category', text: trimmed, value: archive[1]!.toLowerCase(), prefix: true, column: col };
      }
      if (CATEGORY_EXACT.test(trimmed)) {
        return { kind: 'category', text: trimmed, value: trimmed.toLowerCase(), prefix: false, column: col };
      }
      fail(this.source, col, 'query.err.badCategory');
    }
    if (l.field === 'author') {
      const name = parsePersonName(value);
      if (name.tokens.length === 0) fail(this.source, col, 'query.err.authorNoLetters');
      return { kind: 'author', text: value.trim(), quoted, name, column: col };
    }
    const tokens = analyze(value);
    if (tokens.length === 0) fail(this.source, col, 'query.err.termNoLetters');
    const field = l.field === 'title' ? 'title' : l.field === 'abstract' ? 'abstract' : 'any';
    return { kind: 'text', field, text: value.trim(), quoted, tokens, column: col };
  }
}

function flatten(kind: 'and' | 'or', children: QueryNode[]): QueryNode[] {
  return children.flatMap((c) => (c.kind === kind ? c.children : [c]));
}

/** The first place that makes `node` unanchorable (for the error column). */
function unanchoredColumn(node: QueryNode): number {
  switch (node.kind) {
    case 'not':
      return node.column;
    case 'or':
      return unanchoredColumn(node.children.find((c) => !isAnchorable(c))!);
    case 'and':
      return unanchoredColumn(node.children[0]!);
    default:
      return node.column;
  }
}

/** Parse and validate one query line. Throws `UserError('query_invalid', …)`. */
export function parseQuery(text: string): Query {
  if (text.length > QUERY_LIMITS.maxLength) {
    throw new UserError('query_invalid', 'query.err.tooLong', { length: text.length, limit: QUERY_LIMITS.maxLength });
  }
  const source = text;
  if (source.trim() === '') throw new UserError('query_invalid', 'query.err.empty');
  const parser = new Parser(source, lex(source));
  const root = parser.parse();
  if (!isAnchorable(root)) {
    fail(
      source,
      unanchoredColumn(root),
      'query.err.onlyExcludes',
      {},
      'query.hint.onlyExcludes',
    );
  }
  return { source, root, termCount: parser.termCount };
}
