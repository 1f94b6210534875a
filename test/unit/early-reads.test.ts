import { describe, expect, it } from 'vitest';
import { early } from '../../src/digest/early-reads.js';
import type { RadarStore } from '../../src/store/ports.js';

const storeWith = (roundTrips: boolean) => ({ roundTrips }) as RadarStore;

describe('early reads', () => {
  it('on a store with round trips, asks at once; a failure never awaited is not an unhandled rejection', async () => {
    let asked = 0;
    const read = early(storeWith(true), async () => ++asked);
    expect(asked).toBe(1);
    expect(await read).toBe(1);
    early(storeWith(true), () => Promise.reject(new Error('store down'))); // dropped: no unhandled rejection
    await expect(early(storeWith(true), () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
  });

  it('on an embedded store, asks when first awaited, and once', async () => {
    let asked = 0;
    const read = early(storeWith(false), async () => ++asked);
    await Promise.resolve();
    expect(asked).toBe(0);
    expect(await read).toBe(1);
    expect(await read).toBe(1);
    expect(asked).toBe(1);
    const never = early(storeWith(false), () => Promise.reject(new Error('never asked')));
    expect(never).toBeDefined();
    await expect(early(storeWith(false), () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
  });
});
