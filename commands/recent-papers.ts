import type { RadarServices } from '../src/services.js';
import type { Paper } from '../src/papers/paper.js';
import { papersOfLastDays } from '../src/papers/window.js';

/** Stored papers announced in the last `days` days. */
export function recentPapers(services: RadarServices, days: number): Promise<Paper[]> {
  return papersOfLastDays(services.store.papers, services.clock.now(), days);
}
