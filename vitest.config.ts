import { defineConfig } from 'vitest/config';

// Unit tests (pure core, beside the code) run without any server; integration tests share one
// PostgreSQL started by the global set-up and run every store test on both engines.
// Test files share their worker's loaded modules (no isolation): loading the sources again for
// each of a hundred-odd files took about as long as the tests themselves. So a test file leaves
// the process as it found it: it puts back the environment variables it changes and closes
// what it opens.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          isolate: false,
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          isolate: false,
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
