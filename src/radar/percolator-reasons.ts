/**
 * Reasons of a match on the paper-by-paper path: which plan steps (one per field × term, percolator-compile.ts)
 * hit the paper loaded in the view. Reasons arrays are cached per query — by the leaf's value bits for a
 * one-leaf query, by the mask of steps that hit for a small plan — shared and frozen; the batch path
 * (percolator-batch-reasons.ts) keys the same cache the same way.
 */
import type { PaperView } from './percolator-paper.js';
import type { ProgramPool } from './percolator-pool.js';
import type { MatchReason } from './subscription.js';

/** Reasons arrays of one query by key, or undefined for a big plan (not cached). */
export type ReasonCache = (readonly MatchReason[] | undefined)[] | undefined;

/** Bit s set ⇔ step s of the plan at code[planStart…] hits: one of its leaves has the step's field bit in `leafBits`. */
export function planMask(code: Int32Array, planStart: number, leafBits: (leaf: number) => number): number {
  let mask = 0;
  const planEnd = planStart + code[planStart - 1]!;
  for (let i = planStart, step = 0; i < planEnd; step++) {
    const bit = code[i]!;
    const end = i + 2 + code[i + 1]!;
    for (let j = i + 2; j < end; j++) {
      if ((leafBits(code[j]!) & bit) !== 0) {
        mask |= 1 << step;
        break;
      }
    }
    i = end;
  }
  return mask;
}

/**
 * Reasons of the query whose program is at `off` matching the view's paper; `bits` is the root leaf's
 * value for a one-leaf query.
 */
export function reasonsOnPaper(
  view: PaperView,
  pool: ProgramPool,
  cache: ReasonCache,
  stepReasons: readonly MatchReason[],
  off: number,
  bits: number,
): readonly MatchReason[] {
  let mask = bits;
  const code = pool.code;
  const start = pool.planStart(off);
  if (cache !== undefined) {
    if (code[off]! < 0) mask = planMask(code, start, view.leafBits);
    const hit = cache[mask];
    if (hit !== undefined) return hit;
  }
  return buildReasons(code, start, stepReasons, cache, mask, view.leafBits);
}

/**
 * A cache miss: the reasons of the plan at code[planStart…] — the steps one of whose leaves has the step's
 * field bit in `leafBits` — frozen, and kept in `cache` under `key` when the query has a cache.
 */
export function buildReasons(
  code: Int32Array,
  planStart: number,
  stepReasons: readonly MatchReason[],
  cache: ReasonCache,
  key: number,
  leafBits: (leaf: number) => number,
): readonly MatchReason[] {
  const out: MatchReason[] = [];
  const planEnd = planStart + code[planStart - 1]!;
  for (let i = planStart, step = 0; i < planEnd; step++) {
    const bit = code[i]!;
    const end = i + 2 + code[i + 1]!;
    for (let j = i + 2; j < end; j++) {
      if ((leafBits(code[j]!) & bit) !== 0) {
        out.push(stepReasons[step]!);
        break;
      }
    }
    i = end;
  }
  // an exact-size copy: cached reasons live as long as their query, and an array grown by push keeps room
  // for 17 (60,000 such arrays, 9 MB, after a day at 100,000 subscriptions)
  const reasons = Object.freeze(out.slice());
  if (cache !== undefined) cache[key] = reasons;
  return reasons;
}
