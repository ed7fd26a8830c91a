import { DataSource } from "typeorm";
import { Member } from "../members/member.entity";
import { Region } from "../members/region.entity";
import { Union, UnionMembership } from "../members/union.entity";

/**
 * Members, regions, unions and union memberships held in memory: every request's disclosure scope needs them,
 * they are reference data (no API changes them), and reading them once keeps the rules synchronous. The only
 * read of these tables while serving: everything else asks membersService (src/members/members.service.ts).
 */
export class ReferenceDirectory {
  private constructor(
    readonly memberIdByCode: ReadonlyMap<string, number>,
    readonly memberCodeById: ReadonlyMap<number, string>,
    readonly regionIdByMemberId: ReadonlyMap<number, number>,
    readonly unionMemberIds: ReadonlyMap<string, ReadonlySet<number>>,
    readonly unionCodesByMemberId: ReadonlyMap<number, readonly string[]>,
    /** The Members themselves: `member` fields of thousands of results answer from here, with no statement. */
    readonly memberById: ReadonlyMap<number, Member>,
    /** By code. */
    readonly regions: readonly Region[] = [],
    /** By code. */
    readonly unions: readonly Union[] = [],
  ) {}

  static async load(ds: DataSource): Promise<ReferenceDirectory> {
    const [members, regions, unions, links] = await Promise.all([
      ds.getRepository(Member).find({ order: { code: "ASC" } }),
      ds.getRepository(Region).find({ order: { code: "ASC" } }),
      ds.getRepository(Union).find({ order: { code: "ASC" } }),
      ds.getRepository(UnionMembership).find(),
    ]);
    const unionCode = new Map(unions.map((u) => [u.pk, u.code]));
    const unionMemberIds = new Map<string, Set<number>>(unions.map((u) => [u.code, new Set()]));
    const unionCodesByMemberId = new Map<number, string[]>();
    for (const l of links) {
      const code = unionCode.get(l.unionId)!;
      unionMemberIds.get(code)!.add(l.memberId);
      unionCodesByMemberId.set(l.memberId, [...(unionCodesByMemberId.get(l.memberId) ?? []), code]);
    }
    return new ReferenceDirectory(
      new Map(members.map((m) => [m.code, m.pk])),
      new Map(members.map((m) => [m.pk, m.code])),
      new Map(members.map((m) => [m.pk, m.regionId])),
      unionMemberIds,
      unionCodesByMemberId,
      new Map(members.map((m) => [m.pk, Object.freeze(m)])),
      Object.freeze(regions.map((r) => Object.freeze(r))),
      Object.freeze(unions.map((u) => Object.freeze(u))),
    );
  }

  /** A Member by its code (any case); null when there is none. */
  memberByCode(code: string): Member | null {
    return this.memberById.get(this.memberIdByCode.get(code.toUpperCase()) ?? -1) ?? null;
  }

  /** Every Member sharing at least one union with `memberId` (not including itself unless it is in a union). */
  unionPartners(memberId: number): Set<number> {
    const partners = new Set<number>();
    for (const code of this.unionCodesByMemberId.get(memberId) ?? []) {
      for (const id of this.unionMemberIds.get(code) ?? []) partners.add(id);
    }
    return partners;
  }
}

const cache = new WeakMap<DataSource, Promise<ReferenceDirectory>>();

export function referenceDirectory(ds: DataSource): Promise<ReferenceDirectory> {
  let p = cache.get(ds);
  if (!p) {
    p = ReferenceDirectory.load(ds);
    p.catch(() => cache.delete(ds));
    cache.set(ds, p);
  }
  return p;
}
