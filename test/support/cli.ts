import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./server-process";

/** Runs one of the project's built CLIs against the run's database, as an operator would. */
export function runCli(script: string, args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [path.join(ROOT, "dist", script), ...args], {
    cwd: ROOT,
    env: { ...process.env, PMM_DATABASE_URL: process.env.PMM_TEST_DATABASE_URL!, PMM_LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Runs a TypeScript CLI that is not part of the server's build (scripts/, clients/) as its npm script does: with jiti. */
export function runTsCli(file: string, args: string[]) {
  const res = spawnSync(path.join(ROOT, "node_modules", ".bin", "jiti"), [file, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

export function writeTempJson(name: string, content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmm-cli-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

export function writeTempFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmm-cli-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
