/** Channel settings: stored, and the digest rescheduled when its time or timezone changes. */
import type { SettingsService } from '../services.js';
import type { RadarStore } from '../store/ports.js';

export function createSettingsService(deps: { store: RadarStore; reschedule: (channelKey: string) => Promise<void> }): SettingsService {
  const { store } = deps;
  return {
    get: (key) => store.channels.getSettings(key),
    async update(key, patch) {
      const next = await store.channels.updateSettings(key, patch);
      if (patch.time !== undefined || patch.timezone !== undefined) await deps.reschedule(key);
      return next;
    },
  };
}
