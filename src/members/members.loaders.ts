import {
  loaderByCode,
  loaderById,
  loaderByParent,
  loaderFromMap,
  loaderThrough,
  type PeekableLoader,
  type RememberingLoader,
} from "../common/loaders";
import type { LoaderDeps } from "../context";
import { Region } from "./region.entity";
import { Member } from "./member.entity";
import { Union, UnionMembership } from "./union.entity";

type Uses = { member: PeekableLoader<Member>; union: RememberingLoader<Union>; region: RememberingLoader<Region> };

export const membersLoaders = {
  region: (d: LoaderDeps) => loaderById(d.ds, Region),
  // Members are held in memory for the process (ReferenceDirectory): no statement.
  member: (d: LoaderDeps) => loaderFromMap(d.directory.memberById),
  union: (d: LoaderDeps) => loaderById(d.ds, Union),
  // By code: what federation's entity references name (src/federation/entities.ts).
  regionByCode: (d: LoaderDeps, l: Uses) => loaderByCode(d.ds, Region, l.region),
  unionByCode: (d: LoaderDeps, l: Uses) => loaderByCode(d.ds, Union, l.union),
  membersByRegion: (d: LoaderDeps) => loaderByParent(d.ds, Member, "regionId", "code"),
  membersByUnion: (d: LoaderDeps, l: Uses) => loaderThrough(d.ds, UnionMembership, "unionId", "memberId", l.member),
  unionsByMember: (d: LoaderDeps, l: Uses) => loaderThrough(d.ds, UnionMembership, "memberId", "unionId", l.union),
};
