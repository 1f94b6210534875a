/**
 * The no-LLM briefing: papers grouped by the subscription that matched, the key sentence(s) of each
 * abstract, the same numbered citations. Used when no key is configured, the API fails, or the budget is
 * spent; also the fallback answer for thread Q&A.
 */
import { defuseMentions } from '../chat/message.js';

/** Sentences that state a paper's contribution, and weaker hints of results. */
const STRONG = /\b(we|I) (propose|present|introduce|show|find|prove|demonstrate|develop)\b/i;
const WEAK = /\b(our (method|approach|results|model)|this (paper|work)|outperform|achiev|improv)/i;

export function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?。！？])\s+(?=[A-Z0-9\u4e00-\u9fff"“(])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The `max` most informative sentences of an abstract, in their original order, capped at ~320 chars. */
export function keySentences(abstract: string, max = 2): string {
  const sentences = splitSentences(abstract);
  if (sentences.length === 0) return '';
  const scored = sentences.map((s, i) => ({ s, i, score: (STRONG.test(s) ? 3 : 0) + (WEAK.test(s) ? 1 : 0) + (i === 0 ? 1 : 0) }));
  const picked = [...scored].sort((a, b) => b.score - a.score || a.i - b.i).slice(0, max).sort((a, b) => a.i - b.i);
  const text = picked.map((p) => p.s).join(' ');
  return text.length > 320 ? `${text.slice(0, 317)}…` : text;
}

const WORD = /[\p{L}\p{N}]{3,}/gu;
const STOP = new Set(['the', 'and', 'for', 'with', 'this', 'that', 'what', 'which', 'does', 'how', 'are', 'was', 'were', 'paper', 'from', 'they', 'their', 'about', 'use', 'used']);

/** Sentences of `text` sharing words with `question`, best first; empty when nothing overlaps. */
export function relevantSentences(text: string, question: string, max = 2): string[] {
  const q = new Set((question.toLowerCase().match(WORD) ?? []).filter((w) => !STOP.has(w)));
  if (q.size === 0) return [];
  return splitSentences(text)
    .map((s, i) => ({ s, i, score: (s.toLowerCase().match(WORD) ?? []).filter((w) => q.has(w)).length }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, max)
    .map((x) => x.s);
}

export interface ExtractiveItem {
  /** Citation number (1-based position in the reference list). */
  readonly n: number;
  readonly title: string;
  readonly abstract: string;
  /** Group label: the subscription that matched, or the query. */
  readonly group: string;
}

/** The body of the extractive briefing (header, label and references are added by the caller). */
export function extractiveBody(items: readonly ExtractiveItem[]): string {
  const groups = new Map<string, ExtractiveItem[]>();
  for (const it of items) groups.set(it.group, [...(groups.get(it.group) ?? []), it]);
  const parts: string[] = [];
  for (const [group, members] of groups) {
    parts.push(`**${defuseMentions(group)}**`);
    for (const it of members) parts.push(`• ${defuseMentions(keySentences(it.abstract))} [${it.n}]`);
  }
  return parts.join('\n');
}
