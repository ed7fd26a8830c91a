import type { Context } from "../context";
import { badInput } from "../common/errors";
import { maySee } from "../disclosure/policy";
import { KpiDirection } from "../framework/framework.enums";
import { GroupBy, groupsFor } from "./grouping";
import { cyclesByCode, fetchObservations, kpisByCode } from "./observations";
import { MemberRank } from "./analytics.types";

/**
 * Rank of a Member in a group on one KPI, over visible values only: a withheld value neither ranks nor
 * moves anyone. Without a group code, the Member's own group (its region, its first union ...) is used.
 */
export async function memberRank(
  ctx: Context,
  memberCode: string,
  kpiCode: string,
  cycleCode: string,
  groupBy: GroupBy,
  groupCode?: string | null,
): Promise<MemberRank> {
  const member = ctx.directory.memberByCode(memberCode);
  if (!member) throw badInput(`Unknown Member '${memberCode}'`, { argument: "member" });
  const [kpi] = await kpisByCode(ctx, [kpiCode]);
  const [cycle] = await cyclesByCode(ctx, [cycleCode]);
  const groups = await groupsFor(ctx, groupBy, groupCode ? [groupCode] : null);
  const group = groups.find((g) => !g.memberIds || g.memberIds.has(member.pk));
  if (!group) throw badInput(`${member.code} is not in ${groupBy.toLowerCase()} '${groupCode}'`, { argument: "group" });
  const rows = (await fetchObservations(ctx, [kpi.pk], [cycle.pk])).filter(
    (r) => !group.memberIds || group.memberIds.has(r.memberId),
  );
  const visible = rows.filter((r) => maySee(ctx.scope, r.memberId, r.disclosure));
  const ranked = visible.filter((r) => !r.notUsed && r.value !== null);
  const own = ranked.find((r) => r.memberId === member.pk);
  const ownRow = rows.find((r) => r.memberId === member.pk);
  const base = {
    member,
    memberId: member.pk,
    disclosure: ownRow?.disclosure ?? null,
    kpi,
    cycle,
    groupBy,
    groupCode: group.code,
    of: ranked.length,
    withheld: rows.length - visible.length,
  };
  if (!own || kpi.direction === KpiDirection.NEUTRAL) return { ...base, rank: null, percentile: null };
  const better = (v: number) => (kpi.direction === KpiDirection.HIGHER_IS_BETTER ? v > own.value! : v < own.value!);
  const rank = 1 + ranked.filter((r) => better(r.value!)).length;
  const noBetter = ranked.filter((r) => !better(r.value!) && r.memberId !== member.pk).length;
  const percentile = ranked.length > 1 ? Math.round((noBetter / (ranked.length - 1)) * 10000) / 100 : 100;
  return { ...base, rank, percentile };
}
