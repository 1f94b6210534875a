import type { RadarServices } from '../src/services.js';
import type { Paper } from '../src/papers/paper.js';

/** Stored papers announced in the last `days` days. */
export async function recentPapers(services: RadarServices, days: number): Promise<Paper[]> {
  const oldest = new Date(services.clock.now().getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const stored = (await services.store.papers.listDays()).filter((d) => d >= oldest);
  return services.store.papers.listByDays(stored);
}
