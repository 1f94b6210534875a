import { defineConfig } from 'vitest/config';

/** Slow suites (long property runs, kill -9 restarts, big payloads): `npm run test:slow`, run by CI too. */
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
