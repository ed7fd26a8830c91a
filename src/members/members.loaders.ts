import { DataSource } from "typeorm";
import { loaderById, loaderByParent, loaderThrough } from "../common/loaders";
import { Region } from "./region.entity";
import { Member } from "./member.entity";
import { Union, UnionMembership } from "./union.entity";

export function createMembersLoaders(ds: DataSource) {
  const region = loaderById(ds, Region);
  const member = loaderById(ds, Member);
  const union = loaderById(ds, Union);
  return {
    region,
    member,
    union,
    membersByRegion: loaderByParent(ds, Member, "regionId", "code"),
    membersByUnion: loaderThrough(ds, UnionMembership, "unionId", "memberId", member),
    unionsByMember: loaderThrough(ds, UnionMembership, "memberId", "unionId", union),
  };
}
export type MembersLoaders = ReturnType<typeof createMembersLoaders>;
