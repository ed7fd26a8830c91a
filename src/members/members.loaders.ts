import DataLoader from "dataloader";
import { loaderFromMap } from "../common/loaders";
import type { LoaderDeps } from "../context";
import type { Member } from "./member.entity";
import type { Union } from "./union.entity";

/**
 * Members, regions and unions are held in memory for the process (ReferenceDirectory): every loader here answers
 * from it, with no statement. Lookups by code go through membersService.
 */
const byId = <T extends { pk: number }>(rows: readonly T[]) => loaderFromMap(new Map(rows.map((r) => [r.pk, r])));

export const membersLoaders = {
  region: (d: LoaderDeps) => byId(d.directory.regions),
  member: (d: LoaderDeps) => loaderFromMap(d.directory.memberById),
  union: (d: LoaderDeps) => byId(d.directory.unions),
  /** By code. */
  membersByRegion: (d: LoaderDeps) =>
    new DataLoader<number, Member[]>(async (regionIds) =>
      regionIds.map((id) => [...d.directory.memberById.values()].filter((m) => m.regionId === id)),
    ),
  /** By pk (join-table order). */
  membersByUnion: (d: LoaderDeps) =>
    new DataLoader<number, Member[]>(async (unionIds) =>
      unionIds.map((id) => {
        const code = d.directory.unions.find((u) => u.pk === id)?.code;
        const ids = (code && d.directory.unionMemberIds.get(code)) || new Set<number>();
        return [...ids].sort((a, b) => a - b).map((m) => d.directory.memberById.get(m)!);
      }),
    ),
  /** By pk. */
  unionsByMember: (d: LoaderDeps) =>
    new DataLoader<number, Union[]>(async (memberIds) =>
      memberIds.map((id) => {
        const codes = new Set(d.directory.unionCodesByMemberId.get(id) ?? []);
        return d.directory.unions.filter((u) => codes.has(u.code)).sort((a, b) => a.pk - b.pk);
      }),
    ),
};
