/** End-to-end suite: one real server per run (globalSetup) on a fresh, uniquely named database. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  testTimeout: 60000,
  // One server and one database per run: files share them, so they run one after another.
  maxWorkers: 1,
};
