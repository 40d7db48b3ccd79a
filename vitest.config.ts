import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // the memory-stability file makes 2·10⁵ kernel calls; the rest is fast
    testTimeout: 120_000,
  },
});
