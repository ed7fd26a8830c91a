import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from "type-graphql";
import type { Context } from "../context";
import { DisclosureLevel } from "../disclosure/disclosure-level";
import { Assessment } from "./assessment.entity";
import { KpiResult } from "./kpi-result.entity";
import { CapacityNeed } from "./capacity-need.entity";
import { assessmentService } from "./assessment.service";
import { resultEditService, ResultEdit } from "./result-edit.service";
import { editsFromCsv } from "./csv-upload";
import { capacityNeedService } from "./capacity-need.service";
import { CapacityNeedInput, KpiResultInput } from "./data-collection.inputs";

@ObjectType()
export class ResultsPayload {
  @Field(() => Assessment) assessment!: Assessment;
  @Field(() => [KpiResult], { description: "The results the request named, as they are now." }) results!: KpiResult[];
  @Field(() => Int, { description: "How many of them actually changed (a new version and a history entry each)." })
  changed!: number;
}

function toEdits(results: KpiResultInput[]): ResultEdit[] {
  return results.map((r, i) => ({
    where: `results[${i}]`,
    kpi: r.kpi,
    expectedVersion: r.expectedVersion,
    inputs: r.inputs
      ? (Object.fromEntries(Object.entries(r.inputs).filter(([, v]) => v !== undefined && v !== null)) as Record<
          string,
          number
        >)
      : undefined,
    notUsed: r.notUsed,
    notUsedReason: r.notUsedReason,
    disclosure: r.disclosure,
    evidence: r.evidence,
    target: r.target,
  }));
}

/** Self-assessment by the NCPs of a Member (and the Secretariat). */
@Resolver()
export class DataCollectionResolver {
  @Mutation(() => Assessment, {
    description: "Start a Member's assessment in a cycle whose self-assessment is open: one empty result per KPI.",
  })
  startAssessment(
    @Ctx() ctx: Context,
    @Arg("member", () => ID, { description: "Member code." }) member: string,
    @Arg("cycle", () => ID, { description: "Cycle code." }) cycle: string,
    @Arg("defaultDisclosure", () => DisclosureLevel, {
      defaultValue: DisclosureLevel.COUNTRY,
      description: "Level of results that choose none.",
    })
    defaultDisclosure: DisclosureLevel,
  ): Promise<Assessment> {
    return assessmentService.start(ctx, member, cycle, defaultDisclosure);
  }

  @Mutation(() => Assessment, {
    description: "Change the Member-wide default level; results that did not choose their own follow it.",
  })
  setDefaultDisclosure(
    @Ctx() ctx: Context,
    @Arg("assessment", () => ID) assessment: string,
    @Arg("level", () => DisclosureLevel) level: DisclosureLevel,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
  ): Promise<Assessment> {
    return assessmentService.setDefaultDisclosure(ctx, assessment, level, expectedVersion);
  }

  @Mutation(() => ResultsPayload, {
    description:
      "Submit inputs (the server computes and validates each value), not-used reasons, levels, evidence and targets for many KPIs: " +
      "all or nothing, every problem reported at once (BAD_USER_INPUT, extensions.problems); a stale version gives CONFLICT.",
  })
  submitResults(
    @Ctx() ctx: Context,
    @Arg("assessment", () => ID) assessment: string,
    @Arg("results", () => [KpiResultInput]) results: KpiResultInput[],
  ): Promise<ResultsPayload> {
    return resultEditService.submit(ctx, assessment, () => toEdits(results));
  }

  @Mutation(() => ResultsPayload, {
    description:
      "Upload KPI inputs as CSV (columns: kpi, version, the inputs, notUsed, notUsedReason, disclosure, evidence, target; " +
      "start from Assessment.csvTemplate). Same validation as submitResults, all or nothing, every bad row reported with its line number.",
  })
  uploadResultsCsv(
    @Ctx() ctx: Context,
    @Arg("assessment", () => ID) assessment: string,
    @Arg("csv") csv: string,
  ): Promise<ResultsPayload> {
    // Parsed only once the viewer may change this assessment: a wrong viewer learns nothing from its CSV.
    return resultEditService.submit(ctx, assessment, () => editsFromCsv(csv));
  }

  @Mutation(() => Assessment, {
    description: "Check that every KPI has a value or a not-used reason, and lock the assessment against NCP edits.",
  })
  submitAssessment(
    @Ctx() ctx: Context,
    @Arg("assessment", () => ID) assessment: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
  ) {
    return assessmentService.submit(ctx, assessment, expectedVersion);
  }

  @Mutation(() => [CapacityNeed], {
    description: "Replace the capacity-building needs recorded for one expected outcome (an empty list clears them).",
  })
  setCapacityNeeds(
    @Ctx() ctx: Context,
    @Arg("assessment", () => ID) assessment: string,
    @Arg("outcome", () => ID, { description: "Outcome code." }) outcome: string,
    @Arg("needs", () => [CapacityNeedInput]) needs: CapacityNeedInput[],
    @Arg("expectedVersion", () => Int, { description: "The assessment's version." }) expectedVersion: number,
  ): Promise<CapacityNeed[]> {
    return capacityNeedService.replace(ctx, assessment, outcome, needs, expectedVersion);
  }
}
