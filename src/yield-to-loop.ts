/** Lets the event loop run what waits (I/O, timers, commands) before the caller goes on: one setImmediate turn. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
