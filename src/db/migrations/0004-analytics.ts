import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from "typeorm";

/** Scoring rules per KPI (part of the framework definition) and optional grouping keys of Members. */
export class Analytics1795392000004 implements MigrationInterface {
  name = "Analytics1795392000004";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn("kpi", new TableColumn({ name: "scoring", type: "text", isNullable: true }));
    await q.addColumns("member", [
      new TableColumn({ name: "incomeGroup", type: "varchar", length: "16", isNullable: true }),
      new TableColumn({ name: "administrationType", type: "varchar", length: "32", isNullable: true }),
    ]);
    await q.createIndex(
      "kpi_result",
      new TableIndex({ name: "IDX_kpi_result_cycle_kpi_member", columnNames: ["cycleId", "kpiId", "memberId"] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex("kpi_result", "IDX_kpi_result_cycle_kpi_member");
    await q.dropColumns("member", ["incomeGroup", "administrationType"]);
    await q.dropColumn("kpi", "scoring");
  }
}
