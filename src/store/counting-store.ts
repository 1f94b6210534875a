/**
 * A RadarStore decorator that counts what is asked of the store: every port call (`calls`) and how many
 * items went in or came out (`items`: the length of every array argument, array/Set/Map result). It sees
 * the ports, whatever backend is underneath, so the same measurement holds for every store. Used by the
 * daily benchmark (queries per channel) and by tests that prove a channel's digest costs the same number
 * of store questions whether 100 or 2,000 channels exist.
 */
import type { RadarStore } from './ports.js';

export interface StoreCounts {
  calls: number;
  items: number;
  /**
   * Store calls the caller waited for one after another: a call made while none is in flight starts a new
   * wait, calls made while one is in flight join it. On PostgreSQL each wait is at least one round trip.
   */
  waits: number;
  /** Calls and items per `part.method` (e.g. `ledger.filterDelivered`). */
  readonly byMethod: Record<string, { calls: number; items: number }>;
}

export interface CountingStore {
  readonly store: RadarStore;
  counts(): StoreCounts;
  /** With `{ trace: true }`: the calls since the last reset, grouped by wait (`part.method` names). */
  waitsTrace(): string[][];
  reset(): void;
}

const sizeOf = (v: unknown): number =>
  Array.isArray(v) ? v.length : v instanceof Set || v instanceof Map ? v.size : 0;

export function countingStore(inner: RadarStore, options: { trace?: boolean } = {}): CountingStore {
  let counts: StoreCounts = { calls: 0, items: 0, waits: 0, byMethod: {} };
  let inFlight = 0;
  let trace: string[][] = [];
  const count = (name: string, args: readonly unknown[], result: Promise<unknown>): Promise<unknown> => {
    const mine = (counts.byMethod[name] ??= { calls: 0, items: 0 });
    if (inFlight++ === 0) {
      counts.waits++;
      if (options.trace) trace.push([]);
    }
    if (options.trace) trace[trace.length - 1]?.push(name);
    const settled = (): void => {
      inFlight--;
    };
    result.then(settled, settled);
    counts.calls++;
    mine.calls++;
    const size = args.reduce<number>((n, a) => n + sizeOf(a), 0);
    counts.items += size;
    mine.items += size;
    return result.then((r) => {
      counts.items += sizeOf(r);
      mine.items += sizeOf(r);
      return r;
    });
  };
  /** Wraps the methods of one port; only calls that return a promise (a question to the store) count. */
  function wrap<T extends object>(target: T, part: string): T {
    const cache = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get(t, prop, receiver) {
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        let fn = cache.get(prop);
        if (!fn) {
          const name = `${part}.${prop}`;
          fn = (...args: unknown[]) => {
            const result = (value as (...a: unknown[]) => unknown).apply(t, args);
            return result instanceof Promise ? count(name, args, result) : result;
          };
          cache.set(prop, fn);
        }
        return fn;
      },
    });
  }
  const parts = new Map<PropertyKey, unknown>();
  const store = new Proxy(inner, {
    get(t, prop, receiver) {
      if (prop === 'namespace') return (name: string) => wrap(inner.namespace(name), `ns:${name}`);
      const value: unknown = Reflect.get(t, prop, receiver);
      if (typeof value === 'function') return (value as (...a: unknown[]) => unknown).bind(t);
      if (value === null || typeof value !== 'object' || typeof prop !== 'string') return value;
      if (!parts.has(prop)) parts.set(prop, wrap(value, prop));
      return parts.get(prop);
    },
  });
  return {
    store,
    counts: () => structuredClone(counts),
    waitsTrace: () => structuredClone(trace),
    reset: () => {
      counts = { calls: 0, items: 0, waits: 0, byMethod: {} };
      trace = [];
    },
  };
}
