/** The `npm run bench -- --json` document: one object, the matcher section flattened to the top level. */
import type { LlmBenchResult } from './llm-bench.js';
import type { MatcherBenchResult } from './matcher-bench.js';

export interface BenchJson {
  matcher?: MatcherBenchResult['matcher'];
  scaling?: MatcherBenchResult['scaling'];
  llm?: LlmBenchResult;
  [section: string]: unknown;
}

/** `results` maps section names to their results (`matcher` → MatcherBenchResult, `llm` → LlmBenchResult). */
export function toBenchJson(results: Readonly<Record<string, unknown>>): BenchJson {
  const { matcher, ...rest } = results;
  const m = matcher as MatcherBenchResult | undefined;
  return m ? { matcher: m.matcher, scaling: m.scaling, ...rest } : { ...rest };
}
