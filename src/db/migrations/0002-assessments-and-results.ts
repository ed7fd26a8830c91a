import { MigrationInterface, QueryRunner } from "typeorm";
import { datetime, double, fk, id, int, str, table, text, bool } from "./table-helpers";

/** Assessments (Member x cycle), KPI results with their disclosure level, and the history of changes. */
export class AssessmentsAndResults1795392000002 implements MigrationInterface {
  name = "AssessmentsAndResults1795392000002";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      table(
        "assessment",
        [
          id(),
          int("memberId"),
          int("cycleId"),
          str("status", 32),
          str("defaultDisclosure", 8),
          int("version"),
          datetime("createdAt"),
          datetime("updatedAt"),
          str("updatedBy", 128),
        ],
        {
          foreignKeys: [fk("memberId", "member"), fk("cycleId", "cycle")],
          uniques: [["memberId", "cycleId"]],
          indices: [{ name: "IDX_assessment_cycleId", columnNames: ["cycleId"] }],
        },
      ),
    );
    await q.createTable(
      table(
        "kpi_result",
        [
          id(),
          int("assessmentId"),
          int("kpiId"),
          // Denormalised from the assessment: every filter and aggregate narrows by them.
          int("memberId"),
          int("cycleId"),
          str("disclosure", 8),
          text("inputs", true),
          double("value"),
          double("score"),
          text("evidence", true),
          bool("notUsed"),
          text("notUsedReason", true),
          int("version"),
          datetime("updatedAt"),
          str("updatedBy", 128),
        ],
        {
          foreignKeys: [
            fk("assessmentId", "assessment", "CASCADE"),
            fk("kpiId", "kpi"),
            fk("memberId", "member"),
            fk("cycleId", "cycle"),
          ],
          uniques: [["assessmentId", "kpiId"]],
          indices: [
            { name: "IDX_kpi_result_kpi_cycle", columnNames: ["kpiId", "cycleId"] },
            { name: "IDX_kpi_result_member_cycle", columnNames: ["memberId", "cycleId"] },
            { name: "IDX_kpi_result_cycle_disclosure", columnNames: ["cycleId", "disclosure"] },
          ],
        },
      ),
    );
    await q.createTable(
      table(
        "kpi_result_change",
        [
          id(),
          int("resultId"),
          int("version"),
          datetime("changedAt"),
          str("changedBy", 128),
          text("fields"),
          text("before"),
          text("after"),
        ],
        {
          foreignKeys: [fk("resultId", "kpi_result", "CASCADE")],
          indices: [{ name: "IDX_kpi_result_change_resultId", columnNames: ["resultId", "version"] }],
        },
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("kpi_result_change");
    await q.dropTable("kpi_result");
    await q.dropTable("assessment");
  }
}
