/**
 * The scheduled-run gate (src/digest/scheduled-runs.ts): runs beyond the concurrency wait their turn in order,
 * each platform has its own gate, a failed run retries only on store or transient delivery errors, and it waits
 * for its retry outside the gate, so a sleeping run never keeps another from starting.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/chat/ports.js';
import { scheduledRuns } from '../../src/digest/scheduled-runs.js';
import { DeliveryError, StoreError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';

const shell = (id: string): ChannelRef => ({ platform: 'shell', id });
const slack = (id: string): ChannelRef => ({ platform: 'slack', id });
const firedAt = new Date('2026-12-02T08:00:00Z');
const ticks = async (n = 20) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

/** A run per channel that stays open until released; records the order runs started in. */
function heldRuns() {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const run = (channel: ChannelRef) =>
    new Promise<string>((resolve) => {
      started.push(channel.id);
      releases.set(channel.id, () => resolve(channel.id));
    });
  return { started, run, release: (id: string) => releases.get(id)!() };
}

describe('scheduled runs', () => {
  it('runs at most `concurrency` at once, the rest in the order they came', async () => {
    const h = heldRuns();
    const gated = scheduledRuns({ concurrency: 2, logger: silentLogger() }, h.run);
    const all = ['a', 'b', 'c', 'd'].map((id) => gated(shell(id), firedAt));
    await ticks();
    expect(h.started).toEqual(['a', 'b']);
    h.release('b');
    await ticks();
    expect(h.started).toEqual(['a', 'b', 'c']);
    h.release('a');
    await ticks();
    expect(h.started).toEqual(['a', 'b', 'c', 'd']);
    h.release('c');
    h.release('d');
    expect(await Promise.all(all)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('gives each platform a gate of its own', async () => {
    const h = heldRuns();
    const gated = scheduledRuns({ concurrency: 1, logger: silentLogger() }, h.run);
    void gated(shell('s1'), firedAt);
    void gated(shell('s2'), firedAt);
    void gated(slack('k1'), firedAt);
    await ticks();
    expect(h.started).toEqual(['s1', 'k1']);
  });

  it('waits for a retry outside the gate, and retries only what may pass', async () => {
    const sleeps: (() => void)[] = [];
    const attempts: string[] = [];
    const failures: Record<string, Error[]> = { a: [new StoreError('busy')], p: [new DeliveryError('not_in_channel', 'gone', true)] };
    const gated = scheduledRuns(
      { concurrency: 1, retryDelaysMs: [10], sleep: () => new Promise<void>((resolve) => sleeps.push(resolve)), logger: silentLogger() },
      async (channel) => {
        attempts.push(channel.id);
        const failure = failures[channel.id]?.shift();
        if (failure) throw failure;
        return channel.id;
      },
    );
    const a = gated(shell('a'), firedAt);
    const b = gated(shell('b'), firedAt);
    await ticks();
    // a failed on the store and sleeps before its retry; b took the one place meanwhile
    expect(sleeps).toHaveLength(1);
    expect(attempts).toEqual(['a', 'b']);
    expect(await b).toBe('b');
    sleeps[0]!();
    expect(await a).toBe('a');
    expect(attempts).toEqual(['a', 'b', 'a']);
    // a permanent refusal is not retried
    await expect(gated(shell('p'), firedAt)).rejects.toThrow('gone');
    expect(attempts.filter((x) => x === 'p')).toHaveLength(1);
  });
});
