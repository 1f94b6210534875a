/**
 * The card's source line: every source of a merged work, once —
 * `arXiv (cs.LG) · HF ▲57 💬4 · code ★1.2k · Nature Machine Intelligence`.
 */
import type { Paper } from './paper.js';

/** 1234 → `1.2k`, 12000 → `12k`, 1500000 → `1.5M`. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/** The source label of a (merged) paper, parts joined with ` · `. */
export function sourceLabelOf(paper: Pick<Paper, 'sources' | 'hf' | 'venue'>): string {
  const parts: string[] = [];
  const add = (label: string | undefined): void => {
    const l = label?.trim();
    if (l && !parts.some((p) => p.toLowerCase() === l.toLowerCase())) parts.push(l);
  };
  for (const s of paper.sources) if (s.kind === 'arxiv') add(s.label);
  if (paper.hf) add(`HF ▲${paper.hf.upvotes} 💬${paper.hf.comments}`);
  else for (const s of paper.sources) if (s.kind === 'hf') add(s.label);
  if (paper.hf?.githubRepo) add(paper.hf.githubStars !== undefined ? `code ★${compactCount(paper.hf.githubStars)}` : 'code');
  const journals = paper.sources.filter((s) => s.kind === 'journal');
  for (const s of journals) add(s.label);
  // A venue known only from Crossref (an arXiv paper with a DOI) is still worth showing.
  if (journals.length === 0 && paper.venue) add(paper.venue);
  if (parts.length === 0) for (const s of paper.sources) add(s.label);
  return parts.join(' · ') || 'arXiv';
}
