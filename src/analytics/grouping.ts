import { registerEnumType } from "type-graphql";
import type { Context } from "../context";
import { membersService } from "../members/members.service";
import { unknownChoice } from "../common/arguments";
import { Member } from "../members/member.entity";

export enum GroupBy {
  WORLD = "WORLD",
  REGION = "REGION",
  UNION = "UNION",
  MEMBER = "MEMBER",
  LANDLOCKED = "LANDLOCKED",
  INCOME_GROUP = "INCOME_GROUP",
  ADMINISTRATION_TYPE = "ADMINISTRATION_TYPE",
}
registerEnumType(GroupBy, {
  name: "GroupBy",
  description:
    "How Members are grouped for statistics. Members whose optional attribute is unknown form the group UNKNOWN.",
  valuesConfig: {
    WORLD: { description: "Every Member." },
    REGION: { description: "WCO regions." },
    UNION: { description: "Customs and economic unions (a Member may count in several)." },
    MEMBER: { description: "Each Member alone." },
    LANDLOCKED: { description: "LANDLOCKED and COASTAL." },
    INCOME_GROUP: {
      description:
        "World Bank income groups (LOW, LOWER_MIDDLE, UPPER_MIDDLE, HIGH): the FY2027 classification, applied to every cycle.",
    },
    ADMINISTRATION_TYPE: { description: "Customs only or revenue authority, where the reference data gives it." },
  },
});

export interface Group {
  code: string | null;
  name: string;
  /** null: every Member. */
  memberIds: ReadonlySet<number> | null;
}

export const WORLD_GROUP: Group = { code: null, name: "World", memberIds: null };

const byAttribute = (
  members: Member[],
  key: (m: Member) => string | null,
  names: Record<string, string> = {},
): Group[] => {
  const groups = new Map<string, Set<number>>();
  for (const m of members) {
    const k = key(m) ?? "UNKNOWN";
    if (!groups.has(k)) groups.set(k, new Set());
    groups.get(k)!.add(m.pk);
  }
  return [...groups.keys()]
    .sort()
    .map((k) => ({ code: k, name: names[k] ?? (k === "UNKNOWN" ? "Not known" : k), memberIds: groups.get(k)! }));
};

/** The groups of Members for a grouping, optionally only those named; unknown names are refused. */
export async function groupsFor(ctx: Context, groupBy: GroupBy, codes?: readonly string[] | null): Promise<Group[]> {
  let groups: Group[];
  const members = async () => membersService.members.all(ctx);
  switch (groupBy) {
    case GroupBy.WORLD:
      return [WORLD_GROUP];
    case GroupBy.REGION: {
      groups = membersService.regions.all(ctx).map((r) => ({
        code: r.code,
        name: r.name,
        memberIds: new Set(membersService.regionMemberIds(ctx, r)),
      }));
      break;
    }
    case GroupBy.UNION: {
      groups = membersService.unions.all(ctx).map((u) => ({
        code: u.code,
        name: u.name,
        memberIds: membersService.unionMemberIds(ctx, u),
      }));
      break;
    }
    case GroupBy.MEMBER:
      groups = (await members()).map((m) => ({ code: m.code, name: m.name, memberIds: new Set([m.pk]) }));
      break;
    case GroupBy.LANDLOCKED:
      groups = byAttribute(
        await members(),
        (m) => (m.landlocked === null ? null : m.landlocked ? "LANDLOCKED" : "COASTAL"),
        {
          LANDLOCKED: "Landlocked",
          COASTAL: "Coastal",
        },
      );
      break;
    case GroupBy.INCOME_GROUP:
      groups = byAttribute(await members(), (m) => m.incomeGroup);
      break;
    case GroupBy.ADMINISTRATION_TYPE:
      groups = byAttribute(await members(), (m) => m.administrationType);
      break;
  }
  if (codes) {
    const missing = codes.filter((c) => !groups.some((g) => g.code === c));
    if (missing.length) {
      const { noun, plural, query } = GROUP_NOUNS[groupBy];
      throw unknownChoice("groups", noun, missing, { plural, query, codes: groups.map((g) => g.code!) });
    }
    groups = groups.filter((g) => codes.includes(g.code!));
  }
  return groups;
}

/** How messages name the groups of each grouping, and the query that lists them. */
export const GROUP_NOUNS: Record<GroupBy, { noun: string; plural: string; query: string }> = {
  WORLD: { noun: "world group", plural: "world groups", query: "kpiTrends(groupBy: WORLD)" },
  REGION: { noun: "region", plural: "regions", query: "regions { code }" },
  UNION: { noun: "union", plural: "unions", query: "unions { code }" },
  MEMBER: { noun: "Member", plural: "Members", query: "members { code }" },
  LANDLOCKED: { noun: "landlocked group", plural: "landlocked groups", query: "members { code landlocked }" },
  INCOME_GROUP: { noun: "income group", plural: "income groups", query: "members { code incomeGroup }" },
  ADMINISTRATION_TYPE: {
    noun: "administration type",
    plural: "administration types",
    query: "members { code administrationType }",
  },
};
