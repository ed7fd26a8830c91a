import { DataSource } from "typeorm";
import type { Logger } from "../common/logger";

/** Wait before attempt `n + 1` after `n` failed ones: 1 s, 2 s, 4 s ... capped at 30 s. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failedAttempts - 1));
}

export class DatabaseStartTimeout extends Error {}

/**
 * Connects, retrying while the database does not answer (it may start after this process, or be
 * restarting), each attempt logged. `timeoutS` bounds the whole wait (a one-shot job such as the
 * migration must end); without it the server waits as long as it takes, serving its probes meanwhile.
 */
export async function connectWithRetry(
  ds: DataSource,
  opts: { log: Logger; timeoutS?: number; sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = opts.timeoutS === undefined ? Infinity : Date.now() + opts.timeoutS * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await ds.initialize();
      if (attempt > 1) opts.log.info({ attempt }, "database connected");
      return;
    } catch (err) {
      const wait = backoffMs(attempt);
      const giveUp = Date.now() + wait > deadline;
      opts.log.warn(
        {
          attempt,
          err: { message: err instanceof Error ? err.message : String(err) },
          retryInMs: giveUp ? null : wait,
        },
        giveUp ? "database did not answer; giving up" : "database did not answer; retrying",
      );
      if (giveUp) throw new DatabaseStartTimeout(`the database did not answer within ${opts.timeoutS} s`);
      await sleep(wait);
    }
  }
}
