import { parentPort, workerData } from "node:worker_threads";
import { computeRelease, ReportRefused } from "./engine";
import { buildTables } from "./tables";
import type { RawFigures } from "./release.entity";
import type { ReleaseResult, ReportInput } from "./report.types";

/**
 * Runs in a worker thread (release.service.ts): a full cycle costs about a minute of CPU, which the server's event
 * loop must not spend. Posts one message: the engine's result with every cell's figures before suppression (the
 * Secretariat's preview), or why it failed.
 */
export type WorkerAnswer =
  { ok: true; result: ReleaseResult; raw: Record<string, RawFigures> } | { ok: false; reason: string };

function run(input: ReportInput): WorkerAnswer {
  try {
    const result = computeRelease(input);
    const raw: Record<string, RawFigures> = {};
    for (const { cell } of buildTables(input).cells)
      raw[cell.id] = {
        n: cell.n,
        mean: cell.mean,
        q1: cell.q1,
        median: cell.median,
        q3: cell.q3,
        members: cell.members ?? null,
      };
    return { ok: true, result, raw };
  } catch (err) {
    // The engine's refusals say why in words meant for the Secretariat; anything else is a defect, named as such.
    const reason = err instanceof ReportRefused ? err.message : `internal error: ${(err as Error).message}`;
    return { ok: false, reason };
  }
}

parentPort?.postMessage(run(workerData as ReportInput));
