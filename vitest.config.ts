import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // the memory-stability file makes 2·10⁵ kernel calls; the rest is fast
    testTimeout: 120_000,
    // the JSON report lets .ci/run print a plain "N passed, N failed" closing line
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
