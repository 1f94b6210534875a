/** The one fake clock of the test suite: tests set or advance it by hand; nothing sleeps. */
export interface FakeClock {
  now(): Date;
  /** Jumps to an instant (ISO string or Date). */
  set(at: string | Date): void;
  /** Moves forward by `ms` milliseconds. */
  advance(ms: number): void;
}

export function fakeClock(at: string | Date): FakeClock {
  let t = new Date(at).getTime();
  return {
    now: () => new Date(t),
    set: (v) => {
      t = new Date(v).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Kept for the harnesses' exported name. */
export type MutableClock = FakeClock;
