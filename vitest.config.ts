import { defineConfig } from 'vitest/config';

/**
 * Files that run in a fresh process each: they change state that the process keeps
 * (test/docs/extending.test.ts registers policies into the global registries, which
 * a later file listing the policies would see), they start browsers, servers and
 * process groups, whose leftovers must not reach another file, or they read the
 * largest samples in process (hundreds of MB of heap, not left to the next file).
 */
const ISOLATED = [
  'test/e2e/**/*.test.ts',
  'test/package/**/*.test.ts',
  'test/docs/extending.test.ts',
  'test/experiments/real-runs.test.ts',
  'test/traces/samples.test.ts',
  'test/workloads/large-inputs.test.ts',
];

export default defineConfig({
  test: {
    // The browser tests open the built app; build it once (a no-op when up to date).
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here and in CI.
    maxWorkers: 2,
    projects: [
      {
        // The rest share their worker processes: the modules they import (the simulator,
        // zod, csv-parse...) are loaded once per worker instead of once per file, which
        // cut the CPU of a set of 19 small files from 31.7 to 20.1 s. Every file leaves the
        // process as it found it (no registration, no global left changed, spies restored).
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false },
      },
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED, isolate: true },
      },
    ],
  },
});
