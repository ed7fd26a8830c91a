/**
 * Two projects in one run (`npm test` runs both):
 * - unit: pure functions, imported from src/ and compiled fresh; no server, no database.
 * - e2e: one real server per run (globalSetup) on a fresh, uniquely named database.
 * A project's globalSetup runs only when a test of that project is selected, so `npx jest test/unit` (or
 * `npm run test:unit`) never waits for the server.
 */
const transform = { "^.+\\.ts$": ["ts-jest", {}] };

module.exports = {
  testTimeout: 60000,
  // One server and one database per run: files share them, so they run one after another.
  maxWorkers: 1,
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      roots: ["<rootDir>/test"],
      testMatch: ["<rootDir>/test/unit/**/*.test.ts"],
      transform,
    },
    {
      displayName: "e2e",
      testEnvironment: "node",
      roots: ["<rootDir>/test"],
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/unit/"],
      transform,
      setupFiles: ["<rootDir>/test/support/stale-connection-retry.ts"],
      globalSetup: "<rootDir>/test/support/global-setup.ts",
      globalTeardown: "<rootDir>/test/support/global-teardown.ts",
    },
  ],
};
