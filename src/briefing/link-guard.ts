/**
 * Model output carries no links but the cited papers' own: a markdown link, a Slack-style `<url|label>`, an
 * autolink `<url>` or a bare URL in LLM text is kept only when it points at a page of one of the papers the
 * answer is about (its arXiv abstract/PDF, its DOI, its Hugging Face page, its code repository or project
 * page, a URL a source gave for it). Anything else is reduced to text that no platform turns into a link.
 */
import { arxivIdOf, type Paper } from '../papers/paper.js';

/** URL prefixes (scheme-less, lower-case host) that model output may link to. */
export type AllowedLinks = readonly string[];

const normal = (raw: string): string | undefined => {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    if (u.username || u.password) return undefined;
    return `${u.host.toLowerCase().replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}${u.search}`;
  } catch {
    return undefined;
  }
};

/** The pages of these papers that model output may link to. */
export function allowedLinksOf(papers: readonly Paper[]): AllowedLinks {
  const out: string[] = [];
  const add = (url: string | undefined) => {
    const n = url ? normal(url) : undefined;
    if (n && n.includes('/')) out.push(n.toLowerCase());
  };
  for (const p of papers) {
    const arxiv = arxivIdOf(p);
    if (arxiv) {
      for (const kind of ['abs', 'pdf', 'html']) add(`https://arxiv.org/${kind}/${arxiv}`);
      add(`https://huggingface.co/papers/${arxiv}`);
    }
    if (p.doi) add(`https://doi.org/${p.doi}`);
    for (const u of [p.absUrl, p.pdfUrl, p.hf?.githubRepo, p.hf?.projectPage, ...p.sources.map((s) => s.url)]) add(u);
  }
  return [...new Set(out)];
}

/** True when `url` is one of the allowed pages or below one (`…/abs/2604.26951` also allows `…v2`). */
export function isAllowedLink(url: string, allowed: AllowedLinks): boolean {
  const n = normal(url)?.toLowerCase();
  if (!n) return false;
  return allowed.some((a) => n === a || (n.startsWith(a) && /^[/?#v]/.test(n.slice(a.length))));
}

/** A URL as plain text no chat platform links: scheme dropped, dots bracketed (`evil[.]example/login`). */
export function defangUrl(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\./g, '[.]');
}

const MD_LINK = /\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const ANGLE_LINK = /<((?:https?|ftp|mailto|javascript|data):[^>|\s]*)(?:\|([^>]*))?>/gi;
const BARE_URL = /\b(?:https?|ftp):\/\/[^\s<>()[\]"'`]+|\bwww\.[^\s<>()[\]"'`]+/gi;

/** Keeps links to allowed pages; every other link becomes its label, and every other URL defanged text. */
export function restrictLinks(text: string, allowed: AllowedLinks): string {
  const kept: string[] = [];
  const hold = (s: string): string => `\u0000${kept.push(s) - 1}\u0000`;
  let out = text.replace(MD_LINK, (whole, label: string, url: string) =>
    isAllowedLink(url, allowed) ? hold(whole) : label.trim() ? label : defangUrl(url),
  );
  out = out.replace(ANGLE_LINK, (whole, url: string, label?: string) =>
    isAllowedLink(url, allowed) ? hold(whole) : label?.trim() ? label : defangUrl(url),
  );
  out = out.replace(BARE_URL, (url) => {
    const trimmed = url.replace(/[.,;:!?]+$/, '');
    const tail = url.slice(trimmed.length);
    return (isAllowedLink(trimmed, allowed) ? hold(trimmed) : defangUrl(trimmed)) + tail;
  });
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)]!);
}
