import { Field, Float, ID, InputType, registerEnumType } from "type-graphql";
import type { Context } from "../context";
import { badInput, quoted } from "../common/errors";
import { DisclosureLevel } from "../disclosure/disclosure-level";
import { frameworkService } from "../framework/framework.service";
import { membersService } from "../members/members.service";
import { cycleService } from "./cycle.service";

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

/**
 * Codes to ids, through the one lookup of each kind (frameworkService: KPIs of the active version; cycleService;
 * membersService). Every unknown code is named at once, in one BAD_USER_INPUT naming `argument` (the filter
 * input), or, for the narrowing arguments of `results` fields, the first argument with an unknown code.
 */
export async function resolveFilter(
  ctx: Context,
  f: ResultFilter | null | undefined,
  argumentOf: (field: "kpis" | "members" | "cycles" | "region" | "union") => string = () => "filter",
): Promise<ResolvedFilter> {
  const out: ResolvedFilter = { visibleOnly: !!f?.visibleOnly };
  if (!f) return out;
  const unknown: { argument: string; what: string }[] = [];
  const miss = (field: Parameters<typeof argumentOf>[0], what: string) =>
    unknown.push({ argument: argumentOf(field), what });
  if (f.kpis) {
    const found = await Promise.all(f.kpis.map((c) => frameworkService.kpiByCode(ctx, c)));
    f.kpis.forEach((c, i) => found[i] || miss("kpis", `KPI ${quoted([c])}`));
    out.kpiIds = [...new Set(found.flatMap((k) => (k ? [k.pk] : [])))];
  }
  if (f.cycles) {
    const found = await Promise.all(f.cycles.map((c) => cycleService.byCode(ctx, c)));
    f.cycles.forEach((c, i) => found[i] || miss("cycles", `cycle ${quoted([c])}`));
    out.cycleIds = [...new Set(found.flatMap((c) => (c ? [c.pk] : [])))];
  }
  let memberIds: Set<number> | undefined;
  const narrow = (ids: Iterable<number>) => {
    const next = new Set(ids);
    memberIds = memberIds ? new Set([...memberIds].filter((id) => next.has(id))) : next;
  };
  if (f.members) {
    const found = f.members.map((c) => membersService.members.byCode(ctx, c));
    f.members.forEach((c, i) => found[i] || miss("members", `Member ${quoted([c])}`));
    narrow(found.flatMap((m) => (m ? [m.pk] : [])));
  }
  if (f.region != null) {
    const region = membersService.regions.byCode(ctx, f.region);
    if (!region) miss("region", `region ${quoted([f.region])}`);
    else narrow(membersService.regionMemberIds(ctx, region));
  }
  if (f.union != null) {
    const union = membersService.unions.byCode(ctx, f.union);
    if (!union) miss("union", `union ${quoted([f.union])}`);
    else narrow(membersService.unionMemberIds(ctx, union));
  }
  if (unknown.length)
    throw badInput(`Unknown ${unknown.map((u) => u.what).join(", ")}`, { argument: unknown[0].argument });
  if (memberIds) out.memberIds = [...memberIds];
  if (f.disclosure) out.disclosure = f.disclosure;
  if (f.valueMin != null) out.valueMin = f.valueMin;
  if (f.valueMax != null) out.valueMax = f.valueMax;
  return out;
}
