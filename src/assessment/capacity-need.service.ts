import type { Context } from "../context";
import { badInput, Problem, quoted, rejectProblems } from "../common/errors";
import { writeTransaction } from "../db/write-transaction";
import { actor } from "../disclosure/authorization";
import { Outcome } from "../framework/outcome.entity";
import { Kpi } from "../framework/kpi.entity";
import { KpiResult } from "./kpi-result.entity";
import { CapacityNeed } from "./capacity-need.entity";
import { assessmentService } from "./assessment.service";
import type { CapacityNeedInput } from "./data-collection.inputs";
import { MAX_NEEDS } from "../http/limits";

function assertValidNeeds(needs: CapacityNeedInput[]): void {
  const problems: Problem[] = needs.flatMap((n, i) => {
    const d = n.description?.trim() ?? "";
    return d.length < 1 || d.length > 1000
      ? [{ where: `needs[${i}]`, kpi: null, field: "description", reason: "must be 1 to 1000 characters" }]
      : [];
  });
  if (needs.length > MAX_NEEDS)
    problems.push({ where: "needs", kpi: null, field: "needs", reason: `at most ${MAX_NEEDS} per outcome` });
  if (problems.length) rejectProblems(problems);
}

export const capacityNeedService = {
  /** Replaces an outcome's needs; guarded by the assessment's version like any other edit. */
  async replace(
    ctx: Context,
    id: string,
    outcomeCode: string,
    needs: CapacityNeedInput[],
    expectedVersion: number,
  ): Promise<CapacityNeed[]> {
    return writeTransaction(ctx.ds, async (em) => {
      const { assessment, cycle } = await assessmentService.load(ctx, id, em);
      assessmentService.assertEditable(ctx, assessment, cycle, "record capacity-building needs");
      // Who asks first: the needs it sent are judged only once it may record them.
      assertValidNeeds(needs);
      // The outcome must be one of the framework the assessment's results were started on.
      const anyResult = await em.findOneByOrFail(KpiResult, { assessmentId: assessment.pk });
      const kpi = await em.findOneByOrFail(Kpi, { pk: anyResult.kpiId });
      const outcome = await em.findOneBy(Outcome, { code: outcomeCode, frameworkVersionId: kpi.frameworkVersionId });
      // A code given as an argument (README, "Looking things up by code"): the caller's mistake, naming the argument.
      if (!outcome)
        throw badInput(`Unknown outcome ${quoted([outcomeCode])} in the assessment's framework version`, {
          argument: "outcome",
        });
      await assessmentService.bumpVersion(ctx, em, assessment, expectedVersion, {});
      await em.delete(CapacityNeed, { assessmentId: assessment.pk, outcomeId: outcome.pk });
      const now = new Date();
      // One statement for all of them, not one per need.
      if (needs.length)
        await em.insert(
          CapacityNeed,
          needs.map((n) => ({
            assessmentId: assessment.pk,
            outcomeId: outcome.pk,
            memberId: assessment.memberId,
            category: n.category,
            priority: n.priority,
            description: n.description.trim(),
            disclosure: n.disclosure ?? assessment.defaultDisclosure,
            updatedAt: now,
            updatedBy: actor(ctx),
          })),
        );
      return em.find(CapacityNeed, {
        where: { assessmentId: assessment.pk, outcomeId: outcome.pk },
        order: { pk: "ASC" },
      });
    });
  },
};
