import { Field, Float, ID, InputType, registerEnumType } from "type-graphql";
import { In } from "typeorm";
import type { Context } from "../context";
import { badInput } from "../common/errors";
import { DisclosureLevel } from "../disclosure/disclosure-level";
import { Kpi } from "../framework/kpi.entity";
import { Region } from "../members/region.entity";

@InputType({
  description: "Narrows a list of results. Codes, not ids. Value bounds only ever match values the viewer may see.",
})
export class ResultFilter {
  @Field(() => [ID], { nullable: true, description: "KPI codes, e.g. TF.1.1." }) kpis?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Member codes (ISO alpha-3)." }) members?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Cycle codes, e.g. 2023." }) cycles?: string[] | null;
  @Field(() => ID, { nullable: true, description: "WCO region code: results of its Members." }) region?: string | null;
  @Field(() => ID, { nullable: true, description: "Union code: results of its Members." }) union?: string | null;
  @Field(() => [DisclosureLevel], { nullable: true }) disclosure?: DisclosureLevel[] | null;
  @Field(() => Float, {
    nullable: true,
    description: "Only results whose value the viewer may see and is at least this.",
  })
  valueMin?: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "Only results whose value the viewer may see and is at most this.",
  })
  valueMax?: number | null;
  @Field(() => Boolean, { nullable: true, description: "Leave out results withheld from this viewer." })
  visibleOnly?: boolean | null;
}

export enum ResultOrderField {
  MEMBER = "MEMBER",
  KPI = "KPI",
  CYCLE = "CYCLE",
  VALUE = "VALUE",
}
export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(ResultOrderField, {
  name: "ResultOrderField",
  valuesConfig: {
    MEMBER: { description: "Member code." },
    KPI: { description: "Framework order of the KPI." },
    CYCLE: { description: "Cycle code." },
    VALUE: {
      description: "The value as this viewer sees it: withheld and missing values come last, in either direction.",
    },
  },
});
registerEnumType(SortDirection, { name: "SortDirection" });

@InputType()
export class ResultOrder {
  @Field(() => ResultOrderField) field!: ResultOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction!: SortDirection;
}

/** A filter with codes resolved to ids; unknown codes are the caller's mistake, reported all at once. */
export interface ResolvedFilter {
  kpiIds?: number[];
  memberIds?: number[];
  cycleIds?: number[];
  disclosure?: DisclosureLevel[];
  valueMin?: number;
  valueMax?: number;
  visibleOnly: boolean;
}

export async function resolveFilter(ctx: Context, f: ResultFilter | null | undefined): Promise<ResolvedFilter> {
  const out: ResolvedFilter = { visibleOnly: !!f?.visibleOnly };
  if (!f) return out;
  const unknown: string[] = [];
  const dir = ctx.directory;
  if (f.kpis) {
    const rows = await ctx.ds.getRepository(Kpi).findBy({ code: In(f.kpis) });
    unknown.push(...f.kpis.filter((c) => !rows.some((r) => r.code === c)).map((c) => `KPI '${c}'`));
    out.kpiIds = rows.map((r) => r.pk);
  }
  if (f.cycles) {
    const found = await Promise.all(f.cycles.map((c) => ctx.loaders.cycle.byCode(c)));
    unknown.push(...f.cycles.filter((_, i) => !found[i]).map((c) => `cycle '${c}'`));
    out.cycleIds = [...new Set(found.flatMap((c) => (c ? [c.pk] : [])))];
  }
  let memberIds: Set<number> | undefined;
  const narrow = (ids: Iterable<number>) => {
    const next = new Set(ids);
    memberIds = memberIds ? new Set([...memberIds].filter((id) => next.has(id))) : next;
  };
  if (f.members) {
    unknown.push(...f.members.filter((c) => !dir.memberIdByCode.has(c)).map((c) => `Member '${c}'`));
    narrow(f.members.flatMap((c) => (dir.memberIdByCode.has(c) ? [dir.memberIdByCode.get(c)!] : [])));
  }
  if (f.region != null) {
    const region = await ctx.ds.getRepository(Region).findOneBy({ code: f.region });
    if (!region) unknown.push(`region '${f.region}'`);
    else narrow([...dir.regionIdByMemberId].filter(([, r]) => r === region.pk).map(([m]) => m));
  }
  if (f.union != null) {
    const members = dir.unionMemberIds.get(f.union);
    if (!members) unknown.push(`union '${f.union}'`);
    else narrow(members);
  }
  if (unknown.length) throw badInput(`Unknown ${unknown.join(", ")}`, { argument: "filter" });
  if (memberIds) out.memberIds = [...memberIds];
  if (f.disclosure) out.disclosure = f.disclosure;
  if (f.valueMin != null) out.valueMin = f.valueMin;
  if (f.valueMax != null) out.valueMax = f.valueMax;
  return out;
}
