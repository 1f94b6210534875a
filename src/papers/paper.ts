/**
 * The neutral Paper model. Every source (arXiv RSS/API, Hugging Face, journal feeds, Crossref) produces
 * these; matching, digests and briefings only ever see this shape.
 */

/** How arXiv announced the paper in a listing. `replace*` are new versions of older papers. */
export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

export interface Author {
  /** Display name, cleaned (TeX accents resolved to Unicode, whitespace folded). */
  readonly name: string;
  readonly affiliations?: readonly string[];
  /** ORCID iD URL, when a source (Crossref) knows it. */
  readonly orcid?: string;
}

/** Where a paper was seen; a merged work keeps one entry per source. */
export interface SourceRef {
  /** Stable source kind: `arxiv`, `hf`, `journal`, `crossref`. */
  readonly kind: 'arxiv' | 'hf' | 'journal' | 'crossref';
  /** Human label for the card, e.g. `arXiv (cs.LG)`, `Nature`, `HF ▲57 💬4`. */
  readonly label: string;
  readonly url?: string;
}

/** Extra signals from Hugging Face Papers. */
export interface HfSignals {
  readonly upvotes: number;
  readonly comments: number;
  readonly aiSummary?: string;
  readonly aiKeywords?: readonly string[];
  readonly githubRepo?: string;
  readonly githubStars?: number;
  readonly projectPage?: string;
}

export interface Paper {
  /** Versionless, source-prefixed id: `arxiv:2606.04101`, `arxiv:hep-ex/0307015`, `doi:10.1038/…`. */
  readonly id: string;
  /** arXiv version number (1 for v1), when known. */
  readonly version?: number;
  readonly title: string;
  readonly abstract: string;
  readonly authors: readonly Author[];
  /** Primary category first; `categories` always contains it. */
  readonly primaryCategory?: string;
  readonly categories: readonly string[];
  readonly announceType?: AnnounceType;
  /** ISO timestamps. `published` = first version / publication; `updated` = this version. */
  readonly published?: string;
  readonly updated?: string;
  /** The announcement day (YYYY-MM-DD) on which a listing carried the paper. */
  readonly announced?: string;
  readonly absUrl?: string;
  readonly pdfUrl?: string;
  readonly doi?: string;
  readonly journalRef?: string;
  readonly comments?: string;
  /** Journal / container name for journal items. */
  readonly venue?: string;
  readonly sources: readonly SourceRef[];
  readonly hf?: HfSignals;
  /** True when the listing or comment says the paper was withdrawn. */
  readonly withdrawn?: boolean;
}

/** The arXiv id without prefix (`2606.04101`) or undefined for non-arXiv papers. */
export function arxivIdOf(paper: Pick<Paper, 'id'>): string | undefined {
  return paper.id.startsWith('arxiv:') ? paper.id.slice('arxiv:'.length) : undefined;
}

/** The paper's abstract page (arXiv abs URL built from the id when the source gave none); '' when none is known. */
export function paperUrl(paper: Paper): string {
  const arxiv = arxivIdOf(paper);
  return (
    paper.absUrl ??
    (arxiv ? `https://arxiv.org/abs/${arxiv}` : paper.doi ? `https://doi.org/${paper.doi}` : (paper.sources.find((s) => s.url)?.url ?? ''))
  );
}
