import { MigrationInterface, QueryRunner } from "typeorm";
import { fillMemberAttributes } from "../seed/reference.seed";

/**
 * Income groups for databases loaded before the reference data gave them (World Bank FY2027 classification,
 * src/db/seed/reference/members.json): fills `member.incomeGroup` where it is empty. On an empty database it
 * does nothing (the reference load writes them). The reference load repeats the fill on every start, so a
 * database restored from an older dump gets them too.
 */
export class IncomeGroups1795392000005 implements MigrationInterface {
  name = "IncomeGroups1795392000005";

  async up(q: QueryRunner): Promise<void> {
    await fillMemberAttributes(q.manager);
  }

  async down(): Promise<void> {
    // Data only: the column (migration 0004) stays, and values filled cannot be told from values set since.
  }
}
