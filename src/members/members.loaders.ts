import { DataSource } from "typeorm";
import { loaderById, loaderByParent, loaderFromMap, loaderThrough } from "../common/loaders";
import type { ReferenceDirectory } from "../disclosure/reference-directory";
import { Region } from "./region.entity";
import { Member } from "./member.entity";
import { Union, UnionMembership } from "./union.entity";

export function createMembersLoaders(ds: DataSource, directory: ReferenceDirectory) {
  const region = loaderById(ds, Region);
  const member = loaderFromMap(directory.memberById);
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
