import path from "node:path";

/**
 * Suites that need a service the default run does not have: MariaDB/MySQL (PMM_TEST_MYSQL_URL) or Redis
 * (PMM_TEST_REDIS_URL). Set: the suite runs. Unset on a developer's machine: it is skipped, and the run says so in
 * one line with the variable to set. Unset in CI (CI=true): the suite fails, so a misspelled variable or a
 * service CI forgot to start cannot turn into a green run that tested less.
 */
const SERVICES = {
  mysql: { name: "MariaDB", variable: "PMM_TEST_MYSQL_URL", example: "mysql://root@127.0.0.1:3306" },
  redis: { name: "Redis", variable: "PMM_TEST_REDIS_URL", example: "redis://127.0.0.1:6379" },
} as const;

export type Service = keyof typeof SERVICES;

/**
 * The service's URL, or undefined when the suite is to be skipped (call at a test file's top level, and skip the
 * suite's describe on undefined). In CI it registers a failing test instead of letting the suite skip quietly.
 */
export function serviceUrl(service: Service): string | undefined {
  const { name, variable, example } = SERVICES[service];
  const url = process.env[variable];
  if (url) return url;
  const why = `needs ${name}: set ${variable}=${example}`;
  if (process.env.CI === "true") {
    it(`runs in CI, where nothing is skipped (it ${why})`, () => {
      throw new Error(`${variable} is not set in CI: this file ${why}`);
    });
  } else {
    // jest prints console output with a stack trace; straight to stderr it stays one line.
    process.stderr.write(
      `[pmm-test] skipped ${path.relative(process.cwd(), expect.getState().testPath ?? "")}: it ${why}\n`,
    );
  }
  return undefined;
}
