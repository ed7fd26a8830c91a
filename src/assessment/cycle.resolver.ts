import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../context";
import { Cycle } from "./cycle.entity";

@Resolver(() => Cycle)
export class CycleResolver {
  @Query(() => [Cycle], { description: "PMM cycles, oldest first." })
  cycles(@Ctx() ctx: Context): Promise<Cycle[]> {
    return ctx.ds.getRepository(Cycle).find({ order: { code: "ASC" } });
  }

  @Query(() => Cycle, { nullable: true, description: "A cycle by code (the year it opens); null when unknown." })
  cycle(@Ctx() ctx: Context, @Arg("code", () => ID) code: string): Promise<Cycle | null> {
    return ctx.ds.getRepository(Cycle).findOneBy({ code });
  }
}
