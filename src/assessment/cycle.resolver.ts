import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { Cycle } from "./cycle.entity";
import { cycleService } from "./cycle.service";

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
}
