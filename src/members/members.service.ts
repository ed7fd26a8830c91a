import { In } from "typeorm";
import type { Context } from "../context";
import { badInput } from "../common/errors";
import { Member } from "./member.entity";
import { Region } from "./region.entity";
import { Union, UnionMembership } from "./union.entity";

export interface MemberFilter {
  region?: string | null;
  union?: string | null;
}

export const membersService = {
  async regionByCode(ctx: Context, code: string): Promise<Region | null> {
    return ctx.ds.getRepository(Region).findOneBy({ code });
  },
  async unionByCode(ctx: Context, code: string): Promise<Union | null> {
    return ctx.ds.getRepository(Union).findOneBy({ code });
  },
  memberByCode(ctx: Context, code: string): Member | null {
    return ctx.directory.memberByCode(code);
  },

  /** Members by code, narrowed by region and/or union; an unknown region or union is the caller's mistake. */
  async members(ctx: Context, filter: MemberFilter = {}): Promise<Member[]> {
    const where: Record<string, unknown> = {};
    if (filter.region != null) {
      const region = await this.regionByCode(ctx, filter.region);
      if (!region) throw badInput(`Unknown region '${filter.region}'`, { argument: "region" });
      where.regionId = region.pk;
    }
    if (filter.union != null) {
      const union = await this.unionByCode(ctx, filter.union);
      if (!union) throw badInput(`Unknown union '${filter.union}'`, { argument: "union" });
      const links = await ctx.ds.getRepository(UnionMembership).findBy({ unionId: union.pk });
      where.pk = In(links.map((l) => l.memberId));
    }
    return ctx.ds.getRepository(Member).find({ where, order: { code: "ASC" } });
  },
};
