import type { Context } from "../context";
import { unknownChoice } from "../common/arguments";
import { Member } from "./member.entity";
import { Region } from "./region.entity";
import { Union } from "./union.entity";

/**
 * The lookups of Members, regions and unions: the one place that turns their codes into rows, all from the
 * process's ReferenceDirectory (held in memory, no statement). One rule for every reference kind (README,
 * "Looking things up by code"):
 * - a root lookup by code (`member(code:)`, `region(code:)`, `union(code:)`) answers null when there is none;
 * - a code given as an argument or filter value that names nothing is BAD_USER_INPUT naming the argument
 *   (`extensions.argument`), with the choices when there are few (`named`, `one`);
 * - an id given to a mutation that names nothing (or nothing the viewer may see) is NOT_FOUND.
 */
function lookup<T extends { pk: number; code: string }>(
  rows: (ctx: Context) => readonly T[],
  noun: string,
  plural: string,
  normalise: (code: string) => string = (c) => c,
) {
  const byCode = (ctx: Context, code: string) => rows(ctx).find((r) => r.code === normalise(code)) ?? null;
  return {
    /** Every row, by code. */
    all: (ctx: Context): T[] => [...rows(ctx)],
    /** A root lookup: null when there is none. */
    byCode,
    /** Codes given as argument `argument`, in the order given: unknown ones are refused together. */
    named(ctx: Context, codes: readonly string[], argument: string): T[] {
      const found = codes.map((c) => byCode(ctx, c));
      const missing = codes.filter((_, i) => !found[i]);
      if (missing.length)
        throw unknownChoice(argument, noun, missing, {
          plural,
          codes: rows(ctx).map((r) => r.code),
          query: `${plural.toLowerCase()} { code }`,
        });
      return [...new Set(found as T[])];
    },
    /** One code given as argument `argument`. */
    one(ctx: Context, code: string, argument: string): T {
      return this.named(ctx, [code], argument)[0];
    },
  };
}

export const membersService = {
  /** Members: codes in any case (ISO alpha-3). */
  members: lookup<Member>(
    (ctx) => [...ctx.directory.memberById.values()],
    "Member",
    "Members",
    (c) => c.toUpperCase(),
  ),
  regions: lookup<Region>((ctx) => ctx.directory.regions, "region", "regions"),
  unions: lookup<Union>((ctx) => ctx.directory.unions, "union", "unions"),

  /** The ids of the Members of a region. */
  regionMemberIds(ctx: Context, region: Region): number[] {
    return [...ctx.directory.regionIdByMemberId].filter(([, r]) => r === region.pk).map(([m]) => m);
  },
  /** The ids of the Members of a union. */
  unionMemberIds(ctx: Context, union: Union): ReadonlySet<number> {
    return ctx.directory.unionMemberIds.get(union.code) ?? new Set();
  },

  /** Members by code, narrowed by region and/or union (each a code given as an argument of `members`). */
  list(ctx: Context, filter: { region?: string | null; union?: string | null } = {}): Member[] {
    let members = this.members.all(ctx);
    if (filter.region != null) {
      const region = this.regions.one(ctx, filter.region, "region");
      members = members.filter((m) => m.regionId === region.pk);
    }
    if (filter.union != null) {
      const ids = this.unionMemberIds(ctx, this.unions.one(ctx, filter.union, "union"));
      members = members.filter((m) => ids.has(m.pk));
    }
    return members;
  },
};
