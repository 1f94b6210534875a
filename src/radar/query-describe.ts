/** Canonical rendering of parsed queries (for `/radar list`) and the categories a query needs fetched. */
import type { AuthorTerm, Query, QueryNode, TextTerm, TopicTerm } from './query-ast.js';

const PREC = { or: 1, and: 2, not: 3, term: 4 } as const;

/** arXiv spelling: archive lower-case; subject class upper-case except physics/cond-mat (`physics.acc-ph`). */
export function canonicalCategory(value: string, prefix: boolean): string {
  if (prefix) return value.toLowerCase();
  const [archive = '', subject = ''] = value.toLowerCase().split('.');
  const lower = archive === 'physics' || archive === 'cond-mat' || subject.includes('-');
  return `${archive}.${lower ? subject : subject.toUpperCase()}`;
}

function bare(text: string): string {
  const safe = /^[^\s()"|:]+$/.test(text) && !text.startsWith('-') && !['OR', 'AND', 'NOT'].includes(text);
  return safe ? text : `"${text}"`;
}

/** How a rendering spells a term's words: as written (the display form) or as matched (the key). */
interface Spelling {
  text(node: TextTerm): string;
  author(node: AuthorTerm): string;
  topic(node: TopicTerm): string;
  /** The operands of an AND or OR in a fixed order (`b a` is `a b`): for the key, not for display. */
  readonly ordered: boolean;
}

const AS_WRITTEN: Spelling = { text: (node) => bare(node.text), author: (node) => bare(node.text), topic: (node) => `"${node.text}"`, ordered: false };
// the matcher compares folded, stemmed tokens and case-folded names: spelled so, two queries that match
// the same papers read the same
const AS_MATCHED: Spelling = {
  text: (node) => `"${node.tokens.join(' ')}"`,
  author: (node) => `"${node.text.toLowerCase().replace(/\s+/g, ' ')}"`,
  topic: (node) => JSON.stringify(node.key),
  ordered: true,
};

function operands(children: readonly QueryNode[], prec: number, spell: Spelling): string[] {
  const out = children.map((c) => render(c, prec, spell));
  return spell.ordered ? out.sort() : out;
}

function render(node: QueryNode, parent: number, spell: Spelling = AS_WRITTEN): string {
  let out: string;
  let prec: number = PREC.term;
  switch (node.kind) {
    case 'text':
      out = `${node.field === 'title' ? 'title:' : node.field === 'abstract' ? 'abs:' : ''}${spell.text(node)}`;
      break;
    case 'author':
      out = `author:${spell.author(node)}`;
      break;
    case 'category':
      out = `cat:${canonicalCategory(node.value, node.prefix)}${node.prefix ? '.*' : ''}`;
      break;
    case 'topic':
      out = `topic:${spell.topic(node)}`;
      break;
    case 'like':
      out = `like:${node.text.replace(/^arxiv:/, '')}`;
      break;
    case 'not':
      prec = PREC.not;
      out = `-${render(node.child, PREC.not, spell)}`;
      break;
    case 'and':
      prec = PREC.and;
      out = operands(node.children, PREC.and, spell).join(' ');
      break;
    case 'or':
      prec = PREC.or;
      out = operands(node.children, PREC.or, spell).join(' OR ');
      break;
  }
  // a NOT's operand is wrapped unless it is a single term; AND inside OR needs no parentheses
  const wrap = prec < parent || (parent === PREC.not && prec !== PREC.term);
  return wrap ? `(${out})` : out;
}

/** The canonical one-line form: `author:"Yinmin Zhong" cat:cs.LG ("mixture of experts" OR MoE) -survey`. */
export function describeQuery(q: Query): string {
  return render(q.root, 0);
}

/**
 * What makes two queries the same subscription: the canonical form with every word as the matcher compares
 * it (folded and stemmed; author names case-folded) and the operands of every AND and OR in one order, so
 * `Diffusion  Models` and `model diffusion` are one query, while `"diffusion models"` (a phrase) and
 * `diffusion models` (two words anywhere) stay two.
 */
export function queryKey(q: Query): string {
  return render(q.root, 0, AS_MATCHED);
}

/**
 * The positive `cat:` terms (not under NOT), canonical and de-duplicated, in query order: which arXiv
 * listings a subscription needs. An archive prefix yields the archive (`cs`).
 */
export function extractCategories(q: Query): string[] {
  const out: string[] = [];
  const walk = (node: QueryNode): void => {
    if (node.kind === 'category') {
      const c = canonicalCategory(node.value, node.prefix);
      if (!out.includes(c)) out.push(c);
    } else if (node.kind === 'and' || node.kind === 'or') node.children.forEach(walk);
  };
  walk(q.root);
  return out;
}
