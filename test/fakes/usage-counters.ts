/** The store's UsageCounters port in memory (atomic by construction: one thread), for unit tests of ledgers. */
import type { UsageCounters } from '../../src/store/ports.js';

export function memoryUsageCounters(): UsageCounters {
  const totals = new Map<string, number>();
  return {
    async add(key, n) {
      const total = (totals.get(key) ?? 0) + n;
      totals.set(key, total);
      return total;
    },
    async reserve(key, n, limit) {
      const total = (totals.get(key) ?? 0) + n;
      if (total > limit) return false;
      totals.set(key, total);
      return true;
    },
    get: async (key) => totals.get(key) ?? 0,
  };
}
