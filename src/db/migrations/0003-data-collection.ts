import { MigrationInterface, QueryRunner, TableColumn } from "typeorm";
import { datetime, double, fk, id, int, str, table, text } from "./table-helpers";

/**
 * Data collection: the Member's target per KPI, validated values after peer review, whether a level was
 * chosen or inherited, capacity-building needs per outcome, peer reviews with their reviewers and findings.
 */
export class DataCollection1795392000003 implements MigrationInterface {
  name = "DataCollection1795392000003";

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns("kpi_result", [
      new TableColumn({ name: "target", type: "double", isNullable: true }),
      new TableColumn({ name: "validatedValue", type: "double", isNullable: true }),
      // False while the result follows the assessment's default level.
      new TableColumn({ name: "disclosureChosen", type: "boolean", isNullable: false, default: false }),
    ]);
    await q.addColumns("assessment", [new TableColumn({ name: "submittedAt", type: "datetime", isNullable: true })]);
    await q.createTable(
      table(
        "capacity_need",
        [
          id(),
          int("assessmentId"),
          int("outcomeId"),
          int("memberId"),
          str("category", 32),
          str("priority", 8),
          text("description"),
          str("disclosure", 8),
          datetime("updatedAt"),
          str("updatedBy", 128),
        ],
        {
          foreignKeys: [
            fk("assessmentId", "assessment", "CASCADE"),
            fk("outcomeId", "outcome"),
            fk("memberId", "member"),
          ],
          indices: [{ name: "IDX_capacity_need_assessment", columnNames: ["assessmentId", "outcomeId"] }],
        },
      ),
    );
    await q.createTable(
      table(
        "peer_review",
        [
          id(),
          int("assessmentId"),
          int("memberId"),
          str("status", 16),
          datetime("requestedAt"),
          str("requestedBy", 128),
          datetime("closedAt", true),
          int("version"),
        ],
        {
          foreignKeys: [fk("assessmentId", "assessment", "CASCADE"), fk("memberId", "member")],
          uniques: [["assessmentId"]],
        },
      ),
    );
    await q.createTable(
      table(
        "peer_review_assignment",
        [id(), int("reviewId"), str("reviewer", 128), datetime("assignedAt"), str("assignedBy", 128)],
        {
          foreignKeys: [fk("reviewId", "peer_review", "CASCADE")],
          uniques: [["reviewId", "reviewer"]],
          indices: [{ name: "IDX_peer_review_assignment_reviewer", columnNames: ["reviewer"] }],
        },
      ),
    );
    await q.createTable(
      table(
        "review_finding",
        [
          id(),
          int("reviewId"),
          int("resultId"),
          str("status", 16),
          double("proposedValue"),
          text("comment", true),
          text("response", true),
          str("reviewer", 128),
          datetime("createdAt"),
          datetime("updatedAt"),
          int("version"),
        ],
        {
          foreignKeys: [fk("reviewId", "peer_review", "CASCADE"), fk("resultId", "kpi_result", "CASCADE")],
          uniques: [["reviewId", "resultId"]],
        },
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("review_finding");
    await q.dropTable("peer_review_assignment");
    await q.dropTable("peer_review");
    await q.dropTable("capacity_need");
    await q.dropColumn("assessment", "submittedAt");
    await q.dropColumns("kpi_result", ["target", "validatedValue", "disclosureChosen"]);
  }
}
