import { Arg, Ctx, FieldResolver, ID, Info, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { preloadResultRelations } from "./result-relations";
import { In } from "typeorm";
import type { Context } from "../context";
import { badInput } from "../common/errors";
import { maySee } from "../disclosure/policy";
import { Kpi } from "../framework/kpi.entity";
import { Member } from "../members/member.entity";
import { Cycle } from "./cycle.entity";
import { KpiResult } from "./kpi-result.entity";
import type { ResultNarrowing } from "./assessment.loaders";

const VISIBLE_ONLY = "Leave out results withheld from this viewer.";

/** Codes to ids for the narrowing arguments of `Member.results` and `Kpi.results`; unknown codes are refused. */
async function narrowing(ctx: Context, args: { kpis?: string[] | null; members?: string[] | null; cycles?: string[] | null }) {
  const out: ResultNarrowing = {};
  const unknown: string[] = [];
  if (args.kpis) {
    const rows = await ctx.ds.getRepository(Kpi).findBy({ code: In(args.kpis) });
    unknown.push(...args.kpis.filter((c) => !rows.some((r) => r.code === c)).map((c) => `KPI '${c}'`));
    out.kpiIds = rows.map((r) => r.pk).sort((a, b) => a - b);
  }
  if (args.members) {
    unknown.push(...args.members.filter((c) => !ctx.directory.memberIdByCode.has(c)).map((c) => `Member '${c}'`));
    out.memberIds = args.members.flatMap((c) => ctx.directory.memberIdByCode.get(c) ?? []).sort((a, b) => a - b);
  }
  if (args.cycles) {
    const rows = await ctx.ds.getRepository(Cycle).findBy({ code: In(args.cycles) });
    unknown.push(...args.cycles.filter((c) => !rows.some((r) => r.code === c)).map((c) => `cycle '${c}'`));
    out.cycleIds = rows.map((r) => r.pk).sort((a, b) => a - b);
  }
  if (unknown.length) throw badInput(`Unknown ${unknown.join(", ")}`);
  return out;
}

const visible = (ctx: Context, rows: KpiResult[], only?: boolean | null) =>
  only ? rows.filter((r) => maySee(ctx.scope, r.memberId, r.disclosure)) : rows;

@Resolver(() => Member)
export class MemberResultsResolver {
  @FieldResolver(() => [KpiResult], { description: "This Member's results, by cycle then KPI; withheld ones have null protected fields." })
  async results(
    @Root() m: Member,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("kpis", () => [ID], { nullable: true, description: "KPI codes." }) kpis?: string[],
    @Arg("cycles", () => [ID], { nullable: true, description: "Cycle codes." }) cycles?: string[],
    @Arg("visibleOnly", () => Boolean, { nullable: true, description: VISIBLE_ONLY }) visibleOnly?: boolean,
  ): Promise<KpiResult[]> {
    const n = await narrowing(ctx, { kpis, cycles });
    const rows = visible(ctx, await ctx.loaders.resultsByMember(n).load(m.pk), visibleOnly);
    await preloadResultRelations(ctx, info, rows);
    return rows;
  }
}

@Resolver(() => Kpi)
export class KpiResultsResolver {
  @FieldResolver(() => [KpiResult], { description: "Results for this KPI, by cycle then Member; withheld ones have null protected fields." })
  async results(
    @Root() k: Kpi,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("members", () => [ID], { nullable: true, description: "Member codes." }) members?: string[],
    @Arg("cycles", () => [ID], { nullable: true, description: "Cycle codes." }) cycles?: string[],
    @Arg("visibleOnly", () => Boolean, { nullable: true, description: VISIBLE_ONLY }) visibleOnly?: boolean,
  ): Promise<KpiResult[]> {
    const n = await narrowing(ctx, { members, cycles });
    const rows = visible(ctx, await ctx.loaders.resultsByKpi(n).load(k.pk), visibleOnly);
    await preloadResultRelations(ctx, info, rows);
    return rows;
  }
}
