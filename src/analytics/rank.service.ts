import type { Context } from "../context";
import { membersService } from "../members/members.service";
import { frameworkService } from "../framework/framework.service";
import { cycleService } from "../assessment/cycle.service";
import { maySee } from "../disclosure/policy";
import { GroupBy, GROUP_NOUNS, groupsFor, Group } from "./grouping";
import { percentile, rank, valueOfRecord } from "./statistics";
import { refuse } from "../common/arguments";
import { MemberRank } from "./analytics.types";

/**
 * Rank of a Member in a group on one KPI, over visible values of record only: a withheld value neither ranks
 * nor moves anyone. Without a group code, the Member's own group: its region, its union (a Member of several
 * unions must name one: picking one silently would publish a figure for a group nobody chose), its income
 * group, and so on.
 */
export async function memberRank(
  ctx: Context,
  memberCode: string,
  kpiCode: string,
  cycleCode: string,
  groupBy: GroupBy,
  groupCode?: string | null,
): Promise<MemberRank> {
  const member = membersService.members.one(ctx, memberCode, "member");
  const [kpi] = await frameworkService.kpisNamed(ctx, [kpiCode], "kpi");
  const cycle = await cycleService.one(ctx, cycleCode, "cycle");
  const group = await ownGroup(ctx, member.code, member.pk, groupBy, groupCode);
  const rows = (await ctx.loaders.results.observations([kpi.pk], [cycle.pk])).filter(
    (r) => !group.memberIds || group.memberIds.has(r.memberId),
  );
  const visible = rows.filter((r) => maySee(ctx.scope, r.memberId, r.disclosure));
  const ranked: { memberId: number; value: number }[] = [];
  for (const r of visible) {
    const value = valueOfRecord(r);
    if (value !== null) ranked.push({ memberId: r.memberId, value });
  }
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
  const r = own
    ? rank(
        kpi.direction,
        own.value,
        ranked.map((x) => x.value),
      )
    : null;
  if (r === null) return { ...base, rank: null, percentile: null };
  return { ...base, rank: r, percentile: percentile(r, ranked.length) };
}

/** The group the Member is ranked in: the one named (which must hold the Member), else the Member's only one. */
async function ownGroup(
  ctx: Context,
  code: string,
  memberId: number,
  groupBy: GroupBy,
  groupCode?: string | null,
): Promise<Group> {
  const { noun, plural } = GROUP_NOUNS[groupBy];
  const all = await groupsFor(ctx, groupBy);
  const mine = all.filter((g) => !g.memberIds || g.memberIds.has(memberId));
  const mineCodes = mine.map((g) => g.code!);
  if (groupCode) {
    const [named] = await groupsFor(ctx, groupBy, [groupCode]); // an unknown group is refused with the choices
    if (named.memberIds && !named.memberIds.has(memberId))
      throw refuse(
        "group",
        mine.length
          ? `${code} is not in ${noun} '${groupCode}'; its ${plural}: ${mineCodes.join(", ")}`
          : `${code} is not in ${noun} '${groupCode}', nor in any ${noun}`,
        mineCodes,
      );
    return named;
  }
  if (mine.length === 1) return mine[0];
  if (!mine.length)
    throw refuse("member", `${code} is in no ${noun}: memberRank with groupBy ${groupBy} needs a Member of a ${noun}`);
  throw refuse(
    "group",
    `${code} is in ${mine.length} ${plural}: name one with \`group\` (${mineCodes.join(", ")})`,
    mineCodes,
  );
}
