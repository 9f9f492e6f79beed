import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: {
      '@': new URL('./', import.meta.url).pathname,
      // Outside Next's react-server build the guard module throws; tests run server code directly.
      'server-only': new URL('./lib/server-only-stub.ts', import.meta.url).pathname,
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'agent/**/*.test.ts', 'scripts/**/*.test.ts', 'app/**/*.test.ts'],
          exclude: [...configDefaults.exclude, '**/*.integration.test.ts'],
          environment: 'node',
          // Store tests create a PostgreSQL database and migrate it before their first test.
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'contracts',
          include: ['contracts/test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['contracts/test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['**/node_modules/**', '.next/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // Chromium through the real pages against one local stack (e2e/stack/global-setup.ts).
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/stack/global-setup.ts'],
          // One stack and one chain: files take turns, in a stable order.
          fileParallelism: false,
          sequence: { shuffle: false },
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
