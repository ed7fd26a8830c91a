import { In } from "typeorm";
import type { Context } from "../context";
import { membersService } from "../members/members.service";
import { cycleService } from "../assessment/cycle.service";
import { badInput } from "../common/errors";
import { maySee } from "../disclosure/policy";
import { CapacityNeed } from "../assessment/capacity-need.entity";
import { Assessment } from "../assessment/assessment.entity";
import { Outcome } from "../framework/outcome.entity";
import { Kpi } from "../framework/kpi.entity";
import { Region } from "../members/region.entity";
import { frameworkService } from "../framework/framework.service";
import { laggingGap, mean, score } from "./statistics";
import { Group, GroupBy, groupsFor, WORLD_GROUP } from "./grouping";
import { summarizeVisible } from "./observations";
import { CapacityNeedsSummary, KpiGap, NeedsCount, Participation } from "./analytics.types";
import { registerEnumType } from "type-graphql";

export enum NeedsGroupBy {
  OUTCOME = "OUTCOME",
  REGION = "REGION",
  PRIORITY = "PRIORITY",
  CATEGORY = "CATEGORY",
}
registerEnumType(NeedsGroupBy, { name: "NeedsGroupBy", description: "How capacity-building needs are counted." });

/**
 * Capacity-building needs counted over the needs this viewer may see. A need's outcome and Member are
 * public, so withheld needs are still counted per outcome or region; their priority and category are not.
 */
export async function capacityNeedsSummary(
  ctx: Context,
  cycleCode: string,
  groupBy: NeedsGroupBy,
): Promise<CapacityNeedsSummary> {
  const cycle = await cycleService.one(ctx, cycleCode, "cycle");
  const assessments = await ctx.ds
    .getRepository(Assessment)
    .find({ select: { pk: true }, where: { cycleId: cycle.pk } });
  const needs = assessments.length
    ? await ctx.ds.getRepository(CapacityNeed).findBy({ assessmentId: In(assessments.map((a) => a.pk)) })
    : [];
  const names = new Map<string, string>();
  if (groupBy === NeedsGroupBy.OUTCOME)
    for (const o of await ctx.ds.getRepository(Outcome).find()) names.set(String(o.pk), `${o.code}|${o.name}`);
  if (groupBy === NeedsGroupBy.REGION)
    for (const r of membersService.regions.all(ctx)) names.set(String(r.pk), `${r.code}|${r.name}`);
  const counted = countNeeds(
    needs.map((n) => {
      const visible = maySee(ctx.scope, n.memberId, n.disclosure);
      if (groupBy === NeedsGroupBy.OUTCOME || groupBy === NeedsGroupBy.REGION) {
        const id = String(
          groupBy === NeedsGroupBy.OUTCOME ? n.outcomeId : ctx.directory.regionIdByMemberId.get(n.memberId),
        );
        const [key, name] = (names.get(id) ?? `${id}|${id}`).split("|");
        return { visible, group: { key, name } };
      }
      const key = groupBy === NeedsGroupBy.PRIORITY ? n.priority : n.category;
      return { visible, group: visible ? { key, name: key } : null };
    }),
  );
  return { cycle, ...counted };
}

/**
 * Needs counted per group (docs/methods.md, "Capacity-building needs"): `included` the visible ones, `withheld`
 * the hidden ones. A need's group is public when it is its outcome or its Member's region, so a hidden need is
 * counted as withheld in its group; by priority or category (protected), a hidden need has no group (null) and
 * counts only in the total. Groups: most needs first, then by key.
 */
export function countNeeds(needs: readonly { visible: boolean; group: { key: string; name: string } | null }[]): {
  included: number;
  withheld: number;
  groups: NeedsCount[];
} {
  const counts = new Map<string, NeedsCount>();
  let included = 0;
  for (const n of needs) {
    if (n.visible) included++;
    if (!n.group) continue;
    const c = counts.get(n.group.key) ?? { key: n.group.key, name: n.group.name, count: 0, withheld: 0 };
    if (n.visible) c.count++;
    else c.withheld++;
    counts.set(n.group.key, c);
  }
  return {
    included,
    withheld: needs.length - included,
    groups: [...counts.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
  };
}

/** The scored KPIs on which a group's mean score falls furthest behind the world's, over visible values of record. */
export async function laggingKpis(
  ctx: Context,
  cycleCode: string,
  groupBy: GroupBy,
  groupCode: string,
  limit: number,
): Promise<KpiGap[]> {
  if (groupBy === GroupBy.WORLD)
    throw badInput(
      "laggingKpis compares a group with the world: groupBy must be one of REGION, UNION, MEMBER, LANDLOCKED, INCOME_GROUP, ADMINISTRATION_TYPE",
      { argument: "groupBy" },
    );
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw badInput("limit must be between 1 and 100", { argument: "limit" });
  const cycle = await cycleService.one(ctx, cycleCode, "cycle");
  const [group] = await groupsFor(ctx, groupBy, [groupCode]);
  const kpis = (await frameworkService.kpis(ctx)).filter((k) => k.scoring);
  const rows = await ctx.loaders.results.observations(
    kpis.map((k) => k.pk),
    [cycle.pk],
  );
  const meanScore = (kpi: Kpi, g: Group) => {
    const s = summarizeVisible(
      ctx,
      rows.filter((r) => r.kpiId === kpi.pk),
      g,
    );
    const scores = s.values.map((v) => score(kpi.scoring, v)!);
    return { score: mean(scores), included: scores.length };
  };
  const gaps: KpiGap[] = [];
  for (const kpi of kpis) {
    const g = meanScore(kpi, group);
    const w = meanScore(kpi, WORLD_GROUP);
    if (g.score === null || w.score === null) continue;
    gaps.push({
      kpi,
      groupScore: g.score,
      worldScore: w.score,
      gap: laggingGap(g.score, w.score),
      groupIncluded: g.included,
      worldIncluded: w.included,
    });
  }
  // Largest gap first; equal gaps in framework order (the sort is stable).
  return gaps.sort((a, b) => b.gap - a.gap).slice(0, limit);
}

/** Which Members took part in each cycle, by region: public, from the assessments alone. */
export async function participation(ctx: Context, cycleIds: readonly number[]): Promise<Participation[]> {
  const rows = await ctx.ds
    .getRepository(Assessment)
    .find({ select: { cycleId: true, memberId: true }, where: { cycleId: In([...cycleIds]) } });
  const regions = membersService.regions.all(ctx);
  return cycleIds.map((cycleId) =>
    participationOf(
      rows.filter((r) => r.cycleId === cycleId).map((r) => r.memberId),
      ctx.directory.regionIdByMemberId,
      regions,
    ),
  );
}

/**
 * Participation in one cycle (docs/methods.md): Members with an assessment, of all Members, and per region.
 * Public: that a Member took part is not protected.
 */
export function participationOf(
  takingMemberIds: readonly number[],
  regionIdByMemberId: ReadonlyMap<number, number>,
  regions: readonly Region[],
): Participation {
  const regionSize = new Map<number, number>();
  for (const r of regionIdByMemberId.values()) regionSize.set(r, (regionSize.get(r) ?? 0) + 1);
  const taking = new Set(takingMemberIds);
  const byRegion = regions.map((region) => ({
    region,
    members: regionSize.get(region.pk) ?? 0,
    participants: [...taking].filter((m) => regionIdByMemberId.get(m) === region.pk).length,
  }));
  return { participants: taking.size, members: regionIdByMemberId.size, byRegion };
}
