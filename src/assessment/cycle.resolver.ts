import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { LocalDateResolver } from "graphql-scalars";
import DataLoader from "dataloader";
import { memoize, type Context } from "../context";
import { Cycle, CyclePhase } from "./cycle.entity";
import { Assessment } from "./assessment.entity";
import { cycleService } from "./cycle.service";
import { participation } from "../analytics/evidence.service";
import { Participation } from "../analytics/analytics.types";

@InputType()
export class CreateCycleInput {
  @Field(() => ID, { description: "The year the cycle opens, e.g. 2027." }) code!: string;
  @Field() name!: string;
  @Field(() => LocalDateResolver, { description: "YYYY-MM-DD" }) opensOn!: string;
  @Field(() => Int, { description: "Calendar year T the results report on." }) referenceYear!: number;
}

/**
 * Cycles: the queries, the Secretariat's mutations that run the biennial cycle (create it, then move it through
 * its phases), and the fields of Cycle that are not columns (those are the entity's `@Field`s).
 */
@Resolver(() => Cycle)
export class CycleResolver {
  @Query(() => [Cycle], { description: "PMM cycles, oldest first." })
  cycles(@Ctx() ctx: Context): Promise<Cycle[]> {
    return cycleService.all(ctx);
  }

  @Query(() => Cycle, { nullable: true, description: "A cycle by code (the year it opens); null when unknown." })
  cycle(@Ctx() ctx: Context, @Arg("code", () => ID) code: string): Promise<Cycle | null> {
    return cycleService.byCode(ctx, code);
  }

  @FieldResolver(() => [Assessment], { description: "The assessments of the cycle: which Members took part (public)." })
  assessments(@Root() c: Cycle, @Ctx() ctx: Context): Promise<Assessment[]> {
    return ctx.loaders.assessmentsByCycle.load(c.pk);
  }

  /** Participation of every cycle in the response, from one statement. */
  @FieldResolver(() => Participation, { description: "How many Members took part, by WCO region (public)." })
  async participation(@Root() c: Cycle, @Ctx() ctx: Context): Promise<Participation> {
    const loader = await memoize(
      ctx,
      "participation",
      async () => new DataLoader<number, Participation>((ids) => participation(ctx, ids)),
    );
    return loader.load(c.pk);
  }

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
