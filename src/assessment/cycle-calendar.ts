import { DataSource } from "typeorm";
import { leanSelect } from "../common/lean-find";
import { deepFreeze, SharedSnapshot } from "../common/shared-snapshot";
import { entityColumns } from "../common/entity-columns";
import { Cycle } from "./cycle.entity";

const CYCLE = entityColumns(Cycle, ["code"]);

/**
 * Every cycle, by code (oldest first), shared by the requests of the process (see SharedSnapshot): result
 * lists, trends and scorecards name their cycles on every request, and a cycle changes a few times in two
 * years. The Secretariat's changes through this process (cycleService) invalidate it at once.
 */
export type CycleCalendar = SharedSnapshot<readonly Cycle[]>;

export function cycleCalendar(ds: DataSource, maxAgeMs: number): CycleCalendar {
  const { col } = CYCLE.of(ds);
  return new SharedSnapshot(
    async () => deepFreeze(await leanSelect(ds, Cycle, `ORDER BY e.${col.code}`, [])),
    maxAgeMs,
  );
}
