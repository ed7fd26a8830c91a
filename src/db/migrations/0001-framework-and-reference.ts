import { MigrationInterface, QueryRunner } from "typeorm";
import { bool, datetime, fk, id, int, joinTable, str, table, text } from "./table-helpers";

/** The PMM framework (versioned), SDGs, instruments, regions, Members, unions and cycles. */
export class FrameworkAndReference1795392000001 implements MigrationInterface {
  name = "FrameworkAndReference1795392000001";

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      table(
        "framework_version",
        [id(), str("code", 32), text("note", true), bool("active"), datetime("loadedAt"), str("definitionHash", 64)],
        { uniques: [["code"]] },
      ),
    );
    await q.createTable(
      table("dimension", [id(), int("frameworkVersionId"), str("code", 32), str("name", 255), int("position")], {
        foreignKeys: [fk("frameworkVersionId", "framework_version", "CASCADE")],
        uniques: [["frameworkVersionId", "code"]],
      }),
    );
    await q.createTable(
      table(
        "outcome",
        [
          id(),
          int("frameworkVersionId"),
          int("dimensionId"),
          str("code", 32),
          str("name", 255),
          str("provenance", 16),
          int("position"),
        ],
        {
          foreignKeys: [
            fk("frameworkVersionId", "framework_version", "CASCADE"),
            fk("dimensionId", "dimension", "CASCADE"),
          ],
          uniques: [["frameworkVersionId", "code"]],
          indices: [{ name: "IDX_outcome_dimensionId", columnNames: ["dimensionId"] }],
        },
      ),
    );
    await q.createTable(
      table(
        "kpi",
        [
          id(),
          int("frameworkVersionId"),
          int("outcomeId"),
          str("code", 32),
          str("name", 255),
          str("unit", 32),
          str("direction", 32),
          text("inputs"),
          str("provenance", 16),
          int("position"),
        ],
        {
          foreignKeys: [
            fk("frameworkVersionId", "framework_version", "CASCADE"),
            fk("outcomeId", "outcome", "CASCADE"),
          ],
          uniques: [["frameworkVersionId", "code"]],
          indices: [{ name: "IDX_kpi_outcomeId", columnNames: ["outcomeId"] }],
        },
      ),
    );
    await q.createTable(
      table("sdg_goal", [id(), int("number"), str("title", 255), text("fullTitle")], { uniques: [["number"]] }),
    );
    await q.createTable(
      table("sdg_target", [id(), int("goalId"), str("code", 16), text("text")], {
        foreignKeys: [fk("goalId", "sdg_goal", "CASCADE")],
        uniques: [["code"]],
        indices: [{ name: "IDX_sdg_target_goalId", columnNames: ["goalId"] }],
      }),
    );
    await q.createTable(
      table("instrument", [id(), str("code", 32), str("name", 255), str("kind", 16)], { uniques: [["code"]] }),
    );
    await q.createTable(joinTable("outcome_sdg_target", ["outcomeId", "outcome"], ["sdgTargetId", "sdg_target"]));
    await q.createTable(joinTable("outcome_instrument", ["outcomeId", "outcome"], ["instrumentId", "instrument"]));
    await q.createTable(joinTable("kpi_sdg_target", ["kpiId", "kpi"], ["sdgTargetId", "sdg_target"]));
    await q.createTable(joinTable("kpi_instrument", ["kpiId", "kpi"], ["instrumentId", "instrument"]));

    await q.createTable(table("region", [id(), str("code", 16), str("name", 255)], { uniques: [["code"]] }));
    await q.createTable(
      table(
        "member",
        [
          id(),
          str("code", 3),
          str("iso2", 2),
          str("m49", 3, true),
          str("name", 255),
          int("regionId"),
          bool("landlocked", true),
        ],
        {
          foreignKeys: [fk("regionId", "region")],
          uniques: [["code"]],
          indices: [{ name: "IDX_member_regionId", columnNames: ["regionId"] }],
        },
      ),
    );
    await q.createTable(table("customs_union", [id(), str("code", 16), str("name", 255)], { uniques: [["code"]] }));
    await q.createTable(joinTable("union_membership", ["unionId", "customs_union"], ["memberId", "member"]));
    await q.createTable(
      table(
        "cycle",
        [id(), str("code", 8), str("name", 255), str("opensOn", 10), int("referenceYear"), str("phase", 32)],
        { uniques: [["code"]] },
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      "cycle",
      "union_membership",
      "customs_union",
      "member",
      "region",
      "kpi_instrument",
      "kpi_sdg_target",
      "outcome_instrument",
      "outcome_sdg_target",
      "instrument",
      "sdg_target",
      "sdg_goal",
      "kpi",
      "outcome",
      "dimension",
      "framework_version",
    ]) {
      await q.dropTable(t);
    }
  }
}
