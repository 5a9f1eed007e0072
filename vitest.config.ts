import { defineConfig } from 'vitest/config';

// Three projects: fast in-process tests; system tests with real servers and processes; end-to-end tests with the
// real server and a real browser. All run under `npm test`; the e2e project runs its files one at a time (they each start a server and chromium).
export default defineConfig({
  // Node resolves `graphql` to its CommonJS build (no "exports" map); Vite would pick index.mjs for some importers
  // and the CJS build for others (Pothos, yoga), giving two graphql realms. Resolve it as Node does.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    // One file at a time: the machine has 2 cores, several tests measure parallelism as a ratio, and each file
    // starts worker pools, servers or a browser of its own. The whole suite still takes a few minutes.
    fileParallelism: false,
    // Tasks may not reach loopback by default (SSRF guard); the tests' own HTTP servers are on 127.0.0.1, so the
    // suite allows it, as the README's examples do. Tests of the guard itself pass their own allowlist.
    env: { SWITCHYARD_HTTP_ALLOW: '127.0.0.1,localhost' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Real servers on loopback ports, and server processes that are killed and restarted.
          name: 'system',
          include: ['tests/system/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
