import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from "type-graphql";
import { LocalDateResolver } from "graphql-scalars";
import type { Context } from "../context";
import { Cycle, CyclePhase } from "./cycle.entity";
import { cycleService } from "./cycle.service";

@InputType()
export class CreateCycleInput {
  @Field(() => ID, { description: "The year the cycle opens, e.g. 2027." }) code!: string;
  @Field() name!: string;
  @Field(() => LocalDateResolver, { description: "YYYY-MM-DD" }) opensOn!: string;
  @Field(() => Int, { description: "Calendar year T the results report on." }) referenceYear!: number;
}

/** The Secretariat runs the biennial cycle: create it, then move it through its phases. */
@Resolver(() => Cycle)
export class CyclePhaseResolver {
  @Mutation(() => Cycle, { description: "Secretariat: plan a new cycle (phase PLANNED)." })
  createCycle(@Ctx() ctx: Context, @Arg("input", () => CreateCycleInput) input: CreateCycleInput): Promise<Cycle> {
    const opensOn =
      typeof input.opensOn === "string"
        ? input.opensOn
        : new Date(input.opensOn as unknown as Date).toISOString().slice(0, 10);
    return cycleService.create(ctx, { ...input, opensOn });
  }

  @Mutation(() => Cycle, {
    description: "Secretariat: PLANNED → SELF_ASSESSMENT. NCPs can then start and fill their assessments.",
  })
  openSelfAssessment(@Ctx() ctx: Context, @Arg("cycle", () => ID) cycle: string): Promise<Cycle> {
    return cycleService.advance(ctx, cycle, CyclePhase.PLANNED, "open the self-assessment");
  }

  @Mutation(() => Cycle, { description: "Secretariat: SELF_ASSESSMENT → SELF_ASSESSMENT_CLOSED." })
  closeSelfAssessment(@Ctx() ctx: Context, @Arg("cycle", () => ID) cycle: string): Promise<Cycle> {
    return cycleService.advance(ctx, cycle, CyclePhase.SELF_ASSESSMENT, "close the self-assessment");
  }

  @Mutation(() => Cycle, { description: "Secretariat: SELF_ASSESSMENT_CLOSED → PEER_REVIEW." })
  openPeerReview(@Ctx() ctx: Context, @Arg("cycle", () => ID) cycle: string): Promise<Cycle> {
    return cycleService.advance(ctx, cycle, CyclePhase.SELF_ASSESSMENT_CLOSED, "open peer review");
  }

  @Mutation(() => Cycle, {
    description: "Secretariat: PEER_REVIEW → CLOSED, once every peer review of the cycle is closed.",
  })
  closeCycle(@Ctx() ctx: Context, @Arg("cycle", () => ID) cycle: string): Promise<Cycle> {
    return cycleService.advance(ctx, cycle, CyclePhase.PEER_REVIEW, "close the cycle");
  }
}
