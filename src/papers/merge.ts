/**
 * One record per work. Papers from arXiv, Hugging Face, journal feeds and Crossref are grouped when they
 * share an arXiv id, a DOI (arXiv's own `10.48550/arXiv.*` DOIs count as the arXiv id), or — when neither
 * id is shared — a normalised title plus the first author's surname. Two records that carry *different*
 * arXiv ids (or different journal DOIs) are never joined, whatever their titles say.
 *
 * Field choice is by source rank (arXiv, HF, journal, Crossref; within a rank the newest version first),
 * so the result does not depend on input order: arXiv title/abstract/announcement, HF signals, the journal
 * venue, Crossref ORCIDs. Every SourceRef is kept (deduplicated). The canonical id is the arXiv id when
 * there is one, else the DOI.
 */
import type { Author, HfSignals, Paper, SourceRef } from './paper.js';

const RANK: Readonly<Record<SourceRef['kind'], number>> = { arxiv: 0, hf: 1, journal: 2, crossref: 3 };

const rankOf = (p: Paper): number => Math.min(4, ...p.sources.map((s) => RANK[s.kind] ?? 4));

/** Lowercase, accents removed, only letters and digits, single spaces. */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\$[^$]*\$/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The first author's surname, normalised (`Dongyang Liu` → `liu`; `Liu, Dongyang` → `liu`). */
export function firstAuthorSurname(paper: Pick<Paper, 'authors'>): string | undefined {
  const name = paper.authors[0]?.name;
  if (!name) return undefined;
  const surname = name.includes(',') ? name.split(',')[0]! : name.trim().split(/\s+/).pop()!;
  return normaliseForMatch(surname) || undefined;
}

const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

function arxivKey(p: Paper): string | undefined {
  if (p.id.startsWith('arxiv:')) return p.id.slice(6);
  const m = p.doi ? ARXIV_DOI.exec(p.doi) : null;
  return m ? m[1]!.replace(/v\d+$/, '') : undefined;
}

function doiKey(p: Paper): string | undefined {
  const doi = p.doi ?? (p.id.startsWith('doi:') ? p.id.slice(4) : undefined);
  if (!doi || ARXIV_DOI.test(doi)) return undefined;
  return doi.trim().toLowerCase();
}

function titleKey(p: Paper): string | undefined {
  const title = normaliseForMatch(p.title);
  const surname = firstAuthorSurname(p);
  // Short titles ("Editorial", "Correction") collide across unrelated works: do not match on them.
  if (!surname || title.length < 20 || title.split(' ').length < 3) return undefined;
  return `${title}|${surname}`;
}

interface Group {
  members: number[];
  arxiv?: string;
  doi?: string;
}

/** Merge papers into one record per work. Deterministic; output in order of each work's first appearance. */
export function mergePapers(papers: readonly Paper[]): Paper[] {
  const parent = papers.map((_, i) => i);
  const groups = new Map<number, Group>(papers.map((p, i) => [i, { members: [i], arxiv: arxivKey(p), doi: doiKey(p) }]));
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const ga = groups.get(ra)!;
    const gb = groups.get(rb)!;
    if (ga.arxiv && gb.arxiv && ga.arxiv !== gb.arxiv) return;
    if (ga.doi && gb.doi && ga.doi !== gb.doi) return;
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    const gk = groups.get(keep)!;
    const gd = groups.get(drop)!;
    parent[drop] = keep;
    groups.set(keep, { members: [...gk.members, ...gd.members], arxiv: gk.arxiv ?? gd.arxiv, doi: gk.doi ?? gd.doi });
    groups.delete(drop);
  };
  for (const keyOf of [arxivKey, doiKey, titleKey]) {
    const first = new Map<string, number>();
    papers.forEach((p, i) => {
      const key = keyOf(p);
      if (!key) return;
      const seen = first.get(key);
      if (seen === undefined) first.set(key, i);
      else union(seen, i);
    });
  }
  const roots = [...new Set(papers.map((_, i) => find(i)))];
  return roots.map((r) => combine(groups.get(r)!.members.map((i) => papers[i]!)));
}

function compareRecords(a: Paper, b: Paper): number {
  return (
    rankOf(a) - rankOf(b) ||
    (b.version ?? 0) - (a.version ?? 0) ||
    (b.updated ?? '').localeCompare(a.updated ?? '') ||
    a.id.localeCompare(b.id) ||
    a.title.localeCompare(b.title)
  );
}

const firstOf = <T>(records: readonly Paper[], pick: (p: Paper) => T | undefined): T | undefined => {
  for (const r of records) {
    const v = pick(r);
    if (v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)) return v;
  }
  return undefined;
};

function combine(group: Paper[]): Paper {
  if (group.length === 1) return group[0]!;
  const records = [...group].sort(compareRecords);
  const best = records[0]!;
  const arxiv = firstOf(records, arxivKey);
  const doi = firstOf(records, doiKey) ? firstOf(records, (p) => (doiKey(p) ? p.doi ?? p.id.slice(4) : undefined)) : undefined;
  const primary = firstOf(records, (p) => p.primaryCategory);
  const categories = [...new Set([...(primary ? [primary] : []), ...records.flatMap((r) => r.categories)])];
  const dates = (pick: (p: Paper) => string | undefined): string[] =>
    records.map(pick).filter((d): d is string => !!d).sort();
  const published = dates((p) => p.published)[0];
  const updated = dates((p) => p.updated).pop();
  const hf = mergeHf(records);
  const journalVenue = firstOf(records, (p) => (p.sources.some((s) => s.kind === 'journal') ? p.venue : undefined));
  const venue = journalVenue ?? firstOf(records, (p) => p.venue);
  const arxivRecords = records.filter((r) => r.id.startsWith('arxiv:'));
  const version = arxivRecords.length ? Math.max(0, ...arxivRecords.map((r) => r.version ?? 0)) || undefined : undefined;
  const values: Record<string, unknown> = {
    id: arxiv ? `arxiv:${arxiv}` : doi ? `doi:${doi.toLowerCase()}` : best.id,
    version,
    title: firstOf(records, (p) => p.title) ?? best.title,
    abstract: firstOf(records, (p) => p.abstract) ?? '',
    authors: mergeAuthors(records),
    primaryCategory: primary,
    categories,
    announceType: firstOf(arxivRecords, (p) => p.announceType),
    published,
    updated,
    announced: firstOf(records, (p) => p.announced),
    absUrl: firstOf(records, (p) => p.absUrl),
    pdfUrl: firstOf(records, (p) => p.pdfUrl),
    doi,
    journalRef: firstOf(records, (p) => p.journalRef),
    comments: firstOf(records, (p) => p.comments),
    venue,
    sources: mergeSources(records, hf),
    hf,
    withdrawn: records.some((r) => r.withdrawn) || undefined,
  };
  for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
  return values as unknown as Paper;
}

function mergeHf(records: readonly Paper[]): HfSignals | undefined {
  const all = records.map((r) => r.hf).filter((h): h is HfSignals => !!h);
  if (all.length === 0) return undefined;
  const sorted = [...all].sort((a, b) => b.upvotes - a.upvotes || b.comments - a.comments);
  const pick = <K extends keyof HfSignals>(k: K): HfSignals[K] | undefined => sorted.find((h) => h[k] !== undefined)?.[k];
  const out: Record<string, unknown> = {
    upvotes: sorted[0]!.upvotes,
    comments: sorted[0]!.comments,
    aiSummary: pick('aiSummary'),
    aiKeywords: pick('aiKeywords'),
    githubRepo: pick('githubRepo'),
    githubStars: pick('githubStars'),
    projectPage: pick('projectPage'),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as HfSignals;
}

function mergeSources(records: readonly Paper[], hf: HfSignals | undefined): SourceRef[] {
  const out: SourceRef[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const s of r.sources) {
      // HF refs of the same paper differ only by their vote counts: keep one, labelled from merged signals.
      const key = s.kind === 'hf' ? 'hf' : `${s.kind}|${s.url ?? s.label}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s.kind === 'hf' && hf ? { ...s, label: `HF ▲${hf.upvotes} 💬${hf.comments}` } : s);
    }
  }
  return out.sort((a, b) => RANK[a.kind] - RANK[b.kind]);
}

const authorKey = (a: Author): string => {
  const parts = normaliseForMatch(a.name).split(' ');
  return `${parts[0]?.[0] ?? ''}|${parts[parts.length - 1] ?? ''}`;
};

/** The best-ranked author list, with ORCIDs and affiliations filled in from other sources by name. */
function mergeAuthors(records: readonly Paper[]): readonly Author[] {
  const base = firstOf(records, (p) => (p.authors.length ? p.authors : undefined)) ?? [];
  const extra = new Map<string, Author>();
  for (const r of records) for (const a of r.authors) if (!extra.has(authorKey(a)) && (a.orcid || a.affiliations?.length)) extra.set(authorKey(a), a);
  if (extra.size === 0) return base;
  return base.map((a) => {
    const more = extra.get(authorKey(a));
    if (!more) return a;
    const orcid = a.orcid ?? more.orcid;
    const affiliations = a.affiliations?.length ? a.affiliations : more.affiliations;
    return { ...a, ...(orcid ? { orcid } : {}), ...(affiliations?.length ? { affiliations } : {}) };
  });
}

/**
 * Every id a work may have been stored or delivered under: the canonical id plus `doi:<doi>` (a journal
 * item posted before its arXiv twin was known). Check the ledger with all of them.
 */
export function workIdsOf(paper: Pick<Paper, 'id' | 'doi'>): string[] {
  if (!paper.doi) return [paper.id];
  const ids = [paper.id];
  if (paper.doi && !ARXIV_DOI.test(paper.doi)) ids.push(`doi:${paper.doi.toLowerCase()}`);
  return [...new Set(ids)];
}

/**
 * Merge freshly fetched papers with what the store already holds for the same works (by canonical id and
 * DOI), so an HF-only sighting today does not overwrite yesterday's arXiv record. Returns the records to
 * `putMany` (stored ones that merged come back updated).
 */
export async function mergeWithStored(
  fresh: readonly Paper[],
  papers: { getMany(ids: readonly string[]): Promise<Paper[]> },
): Promise<Paper[]> {
  const merged = mergePapers(fresh);
  const stored = await papers.getMany([...new Set(merged.flatMap(workIdsOf))]);
  return stored.length === 0 ? merged : mergePapers([...stored, ...merged]);
}
