/** Ordering and identity of match reasons, shared by every matcher so outputs compare equal. */
import type { MatchField, MatchReason } from './subscription.js';

/** Field order of `MatchReason`s: title, abstract, authors, categories, topic, like. */
export const FIELD_ORDER: Readonly<Record<MatchField, number>> = { title: 0, abstract: 1, authors: 2, categories: 3, topic: 4, like: 5 };

/** Field first, then term by UTF-16 code units (locale-independent, deterministic). */
export function compareReasons(a: MatchReason, b: MatchReason): number {
  const f = FIELD_ORDER[a.field] - FIELD_ORDER[b.field];
  if (f !== 0) return f;
  return a.term < b.term ? -1 : a.term > b.term ? 1 : 0;
}

/** Sort and de-duplicate (same field and term) in place; returns the array. */
export function normalizeReasons(reasons: MatchReason[]): MatchReason[] {
  reasons.sort(compareReasons);
  let w = 0;
  for (let r = 0; r < reasons.length; r++) {
    const prev = reasons[w - 1];
    const cur = reasons[r]!;
    if (prev !== undefined && prev.field === cur.field && prev.term === cur.term) continue;
    reasons[w++] = cur;
  }
  reasons.length = w;
  return reasons;
}
