import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The machine has 2 cores; image-heavy files compete for them, so keep parallelism modest.
    maxWorkers: 2,
    pool: 'forks',
  },
});
