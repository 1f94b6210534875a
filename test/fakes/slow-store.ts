/**
 * A store whose every port answers after `ms` — a busy database — so that work of two processes sharing it
 * (two service instances here) interleaves at every store call, as it can in production.
 */
import type { RadarStore } from '../../src/store/ports.js';

/** Every method of `port` answers after `ms`. */
export function delayed<T extends object>(port: T, ms: number): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(port)) {
    out[k] = typeof v === 'function' ? async (...args: unknown[]) => (await new Promise((r) => setTimeout(r, ms)), (v as (...a: unknown[]) => unknown).apply(port, args)) : v;
  }
  return out as T;
}

export function slowStore(store: RadarStore, ms: number): RadarStore {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(store)) out[k] = v !== null && typeof v === 'object' ? delayed(v as object, ms) : v;
  return { ...(out as unknown as RadarStore), namespace: (name) => delayed(store.namespace(name), ms), close: () => store.close() };
}
