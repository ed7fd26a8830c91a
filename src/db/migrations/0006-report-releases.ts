import { MigrationInterface, QueryRunner } from "typeorm";
import { datetime, fk, id, int, longText, str, table, text } from "./table-helpers";

/**
 * Report releases (docs/report.md): drafts the Secretariat computes for a CLOSED cycle, and the releases it
 * publishes from them. Two tables, so that nothing that serves published figures reads a draft. `running` is the
 * cycle's id while a draft computes and null otherwise: its unique index allows one computation per cycle.
 * `basis` (the linear rows of the published sums, for auditing later releases: megabytes for a full cycle, never
 * served) has a column of its own, so that serving a release does not parse it.
 */
export class ReportReleases1795392000006 implements MigrationInterface {
  name = "ReportReleases1795392000006";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      table(
        "report_draft",
        [
          id(),
          int("cycleId"),
          str("status", 16),
          int("running", true),
          int("basedOn"),
          datetime("startedAt"),
          str("startedBy", 128),
          datetime("finishedAt", true),
          text("failure", true),
          int("minContributors"),
          int("minForQuantiles"),
          longText(q, "content", true),
          longText(q, "basis", true),
        ],
        {
          foreignKeys: [fk("cycleId", "cycle", "CASCADE")],
          indices: [{ name: "IDX_report_draft_cycle", columnNames: ["cycleId"] }],
          uniques: [["running"]],
        },
      ),
    );
    await q.createTable(
      table(
        "report_release",
        [
          id(),
          int("cycleId"),
          int("number"),
          int("draftId"),
          datetime("publishedAt"),
          str("publishedBy", 128),
          text("note", true),
          datetime("withdrawnAt", true),
          str("withdrawnBy", 128, true),
          text("withdrawalNote", true),
          int("minContributors"),
          int("minForQuantiles"),
          longText(q, "content"),
          longText(q, "basis"),
        ],
        {
          foreignKeys: [fk("cycleId", "cycle", "CASCADE"), fk("draftId", "report_draft")],
          uniques: [["cycleId", "number"], ["draftId"]],
        },
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("report_release");
    await q.dropTable("report_draft");
  }
}
