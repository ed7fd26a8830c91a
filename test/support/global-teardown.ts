import type { ServerProcess } from "./server-process";
import type { TestDatabase } from "./test-database";

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__pmmTest as
    { server: ServerProcess; db: TestDatabase } | undefined;
  if (!state) return;
  const code = await state.server.stop("SIGTERM");
  await state.db.drop();
  if (code !== 0) throw new Error(`server exited with code ${code} on SIGTERM; see ${state.server.logFile}`);
}
