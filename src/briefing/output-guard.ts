/**
 * What every LLM output goes through before any adapter sees it: out-of-range citations removed, mass and
 * targeted mentions defused. Model output never picks a destination: callers return it through the
 * Responder of the interaction it answers.
 */
import { defuseMentions } from '../chat/message.js';

/**
 * Keeps citations `[k]` / `[k, m]` / `[k–m]` only for 1 ≤ k ≤ count; a group with no valid number is removed
 * together with the space before it.
 */
export function sanitizeCitations(text: string, count: number): string {
  const ok = (k: number) => Number.isInteger(k) && k >= 1 && k <= count;
  return text.replace(/\s?\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g, (whole, inner: string) => {
    const lead = whole.startsWith(' ') ? ' ' : '';
    const range = inner.match(/^(\d+)\s*[–-]\s*(\d+)$/);
    if (range) return ok(Number(range[1])) && ok(Number(range[2])) ? whole : '';
    const kept = inner.split(',').map((s) => Number(s.trim())).filter(ok);
    return kept.length ? `${lead}[${kept.join(', ')}]` : '';
  });
}

/** The citation numbers left in a text (for tests and the extractive check). */
export function citedNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\[(\d+(?:\s*[,–-]\s*\d+)*)\]/g)) {
    for (const part of (m[1] ?? '').split(/[,–-]/)) out.push(Number(part.trim()));
  }
  return out;
}

/** Defuses @everyone/@here/@channel and platform mention markup (`<@id>`, `<@&role>`, `<!here>`, `<#C1>`). */
export function guardOutput(text: string): string {
  return defuseMentions(text).replace(/<([@!#])/g, '<\u200b$1');
}
