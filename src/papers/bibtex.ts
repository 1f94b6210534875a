/**
 * A paper as a BibTeX entry, for the team's reference manager: an arXiv paper the way arXiv's own export
 * writes it (`@misc` with `eprint`, `archivePrefix`, `primaryClass`), a journal paper as `@article` with its
 * DOI. Keys are Google Scholar's kind (`zhong2024distserve`). Text is kept in UTF-8 (biber and modern BibTeX
 * read it); LaTeX's special characters are escaped outside `$…$` math, which is kept as written.
 */
import { fold } from '../radar/normalize.js';
import { arxivAbsUrl } from './arxiv-id.js';
import type { Paper } from './paper.js';

/** Title words a key skips (Google Scholar keys start at the first word that says something; numbers too). */
const SKIPPED = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'in', 'to', 'towards', 'toward', 'with', 'and', 'is', 'are', 'do', 'does', 'how', 'what', 'when', 'why']);
const MATH = /\$[^$\n]{1,400}\$/g;

/** The entries of `papers`, keys made distinct (`…a`, `…b`) when two would be the same. */
export function toBibtex(papers: readonly Paper[]): string {
  const used = new Map<string, number>();
  return papers
    .map((paper) => {
      const base = citationKey(paper);
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      return entry(paper, n === 0 ? base : `${base}${String.fromCharCode(96 + n)}`);
    })
    .join('\n\n');
}

/** `surname` + `year` + first telling title word, lower-case ASCII: `zhong2024distserve`. */
export function citationKey(paper: Paper): string {
  const first = paper.authors[0]?.name ?? '';
  const surname = asciiWord(first.split(/\s+/).filter(Boolean).pop() ?? '') || 'anonymous';
  const word = paper.title.replace(MATH, ' ').split(/[^\p{L}\p{N}]+/u).map(asciiWord).find((w) => /[a-z]/.test(w) && !SKIPPED.has(w)) ?? '';
  return `${surname}${yearOf(paper) ?? ''}${word}`;
}

function entry(paper: Paper, key: string): string {
  const arxiv = paper.id.startsWith('arxiv:') ? paper.id.slice('arxiv:'.length) : undefined;
  const year = yearOf(paper);
  const fields: [string, string | undefined][] = [
    ['title', escapeText(paper.title)],
    ['author', paper.authors.map((a) => escapeText(a.name)).join(' and ') || undefined],
    ...(arxiv ? [] : ([['journal', paper.venue ? escapeText(paper.venue) : undefined]] as [string, string | undefined][])),
    ['year', year],
    ...(arxiv
      ? ([
          ['eprint', escapeText(arxiv)],
          ['archivePrefix', 'arXiv'],
          ['primaryClass', escapeOptional(paper.primaryCategory ?? paper.categories[0])],
        ] as [string, string | undefined][])
      : []),
    ['doi', paper.doi ? escapeText(paper.doi) : undefined],
    ['url', urlField(arxiv ? arxivAbsUrl(arxiv) : (paper.absUrl ?? (paper.doi ? `https://doi.org/${paper.doi}` : undefined)))],
  ];
  const body = fields.filter((f): f is [string, string] => Boolean(f[1])).map(([name, value]) => `      ${name}={${value}},`);
  return `@${arxiv ? 'misc' : 'article'}{${key},\n${body.join('\n')}\n}`;
}

function yearOf(paper: Paper): string | undefined {
  const date = paper.published ?? paper.announced ?? paper.updated;
  return date && /^\d{4}/.test(date) ? date.slice(0, 4) : undefined;
}

const escapeOptional = (text: string | undefined): string | undefined => (text ? escapeText(text) : undefined);

/** A link as a field: the characters that would end the field or start a command percent-encoded (a feed's link is not trusted). */
const urlField = (url: string | undefined): string | undefined => url?.replace(/[{}\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

const asciiWord = (text: string): string => fold(text).replace(/[^a-z0-9]/g, '');

/** LaTeX's special characters escaped outside `$…$` math; braces too, so that every entry's braces balance. */
export function escapeText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MATH)) {
    if (!balanced(m[0])) continue;
    out += escapePlain(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return (out + escapePlain(text.slice(last))).replace(/\s+/g, ' ').trim();
}

function escapePlain(text: string): string {
  return text.replace(/[\\{}&%#_~^$]/g, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`));
}

/** Math kept as written must not unbalance the entry's braces. */
function balanced(math: string): boolean {
  let depth = 0;
  for (let i = 0; i < math.length; i++) {
    if (math[i] === '\\') i++;
    else if (math[i] === '{') depth++;
    else if (math[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}
