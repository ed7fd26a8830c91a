import "reflect-metadata";
import { bootstrapDatabase } from "../../src/db/bootstrap";
import { createDataSource } from "../../src/db/data-source";
import { parseDatabaseUrl } from "../../src/config";
import type { EntityManager } from "typeorm";
import { Cycle, CyclePhase } from "../../src/assessment/cycle.entity";
import { readCycleReportData } from "../../src/report/report-input";
import type { AttackData } from "./attacker";

/** The cycles still open, as a draft of the Report is given them (their peer reviewers are audited too). */
export async function openCycles(em: EntityManager): Promise<number[]> {
  return (await em.find(Cycle)).filter((c) => c.phase !== CyclePhase.CLOSED).map((c) => c.pk);
}

/**
 * The demo cycle (2023, CLOSED) as the demo seed writes it: a database of the test's own is bootstrapped with the
 * seed (the same code the server runs on first start), then read back by the server's own reader
 * (src/report/report-input.ts), as a draft of the Report reads it.
 */
export async function loadDemoCycle(url: string): Promise<{
  data: AttackData;
  needs: { member: string; outcome: string }[];
  phase: string;
}> {
  const ds = createDataSource(parseDatabaseUrl(url));
  await ds.initialize();
  try {
    await bootstrapDatabase(ds, { seedDemo: true });
    const cycle = await ds.getRepository(Cycle).findOneByOrFail({ code: "2023" });
    const { cycle: read, needs, ...data } = await readCycleReportData(ds.manager, cycle, await openCycles(ds.manager));
    return { data, needs, phase: read.phase };
  } finally {
    await ds.destroy();
  }
}
