/**
 * The `npm run bench -- --json` document: one object; the matcher section flattened to the top level
 * (`matcher[]`, `scaling`), the daily section likewise (`daily[]`, `commandLatency`).
 */
import type { DailyBenchResult } from './daily-bench.js';
import type { LlmBenchResult } from './llm-bench.js';
import type { MatcherBenchResult } from './matcher-bench.js';
import type { TopicsBenchResult } from './topics-bench.js';

export interface BenchJson {
  matcher?: MatcherBenchResult['matcher'];
  scaling?: MatcherBenchResult['scaling'];
  daily?: DailyBenchResult['daily'];
  commandLatency?: DailyBenchResult['commandLatency'];
  /** The daily runs whose digests were all fired at the same moment (gated, then ungated). */
  dailyAtOnce?: DailyBenchResult['atOnce'];
  llm?: LlmBenchResult;
  topics?: TopicsBenchResult;
  [section: string]: unknown;
}

/** `results` maps section names to their results (`matcher` → MatcherBenchResult, `daily` → DailyBenchResult, `llm` → LlmBenchResult). */
export function toBenchJson(results: Readonly<Record<string, unknown>>): BenchJson {
  const { matcher, daily, ...rest } = results;
  const m = matcher as MatcherBenchResult | undefined;
  const d = daily as DailyBenchResult | undefined;
  return {
    ...(m ? { matcher: m.matcher, scaling: m.scaling } : {}),
    ...(d
      ? { daily: d.daily, ...(d.commandLatency ? { commandLatency: d.commandLatency } : {}), ...(d.atOnce ? { dailyAtOnce: d.atOnce } : {}), ...(d.errors.length ? { dailyErrors: d.errors } : {}) }
      : {}),
    ...rest,
  };
}
