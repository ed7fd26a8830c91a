import { DisclosureLevel, DISCLOSURE_LEVELS } from "./disclosure-level";
import { Viewer, ViewerRole } from "./viewer";
import type { ReferenceDirectory } from "./reference-directory";

/**
 * The one answer to "may this viewer see the protected fields of a result of Member m at level L?"
 * (docs/disclosure.md). Shield rules, SQL filters, sorts and aggregates all derive from
 * `grants`, so they cannot disagree.
 */
export interface DisclosureScope {
  readonly viewer: Viewer;
  readonly signedIn: boolean;
  /** Secretariat: everything. */
  readonly all: boolean;
  /** Members whose UNION-level results the viewer may see (includes those of COUNTRY below). */
  readonly unionMemberIds: ReadonlySet<number>;
  /** Members whose COUNTRY-level results the viewer may see. */
  readonly countryMemberIds: ReadonlySet<number>;
  /**
   * What each level grants, worked out once when the scope is made (scopeFor): maySee runs for every protected
   * field of thousands of results, so the memo lives on the scope itself, not in module state.
   */
  readonly grants: Readonly<Record<DisclosureLevel, Grant>>;
}

type Grant = "everyone" | "nobody" | ReadonlySet<number>;

/** Per level: every Member's results, none, or those of a set of Members. A pure function of the scope's sets. */
function grantsOf(scope: Omit<DisclosureScope, "grants">): Readonly<Record<DisclosureLevel, Grant>> {
  return Object.freeze({
    PUBLIC: "everyone",
    WCO: scope.signedIn ? "everyone" : "nobody",
    UNION: scope.all ? "everyone" : scope.unionMemberIds,
    COUNTRY: scope.all ? "everyone" : scope.countryMemberIds,
  } as const);
}

/** Per level: every Member's results, none, or those of a set of Members. */
export function grants(scope: DisclosureScope): Readonly<Record<DisclosureLevel, Grant>> {
  return scope.grants;
}

export function maySee(scope: DisclosureScope, memberId: number, level: DisclosureLevel): boolean {
  const g = grants(scope)[level];
  if (g === "everyone") return true;
  if (g === "nobody" || g === undefined) return false;
  return g.has(memberId);
}

/**
 * User identities on a Member's records (who changed a result or wrote its history, who reviews the Member,
 * who wrote a finding, who recorded a need) are for the viewers who may see its COUNTRY level (the
 * Secretariat, its NCPs, its assigned reviewers), whatever the level of the record itself: a user id says
 * who works on a Member's assessment, which is the Member's business, not the public's.
 */
export function maySeeIdentities(scope: DisclosureScope, memberId: number): boolean {
  return maySee(scope, memberId, DisclosureLevel.COUNTRY);
}

/** A scope from its sets, frozen, with its grants worked out once (scopeFor; tests build scopes with it too). */
export function scopeOf(sets: Omit<DisclosureScope, "grants">): DisclosureScope {
  return Object.freeze({ ...sets, grants: grantsOf(sets) });
}

/** The viewer's scope. */
export function scopeFor(viewer: Viewer, dir: ReferenceDirectory): DisclosureScope {
  return scopeOf(setsFor(viewer, dir));
}

function setsFor(viewer: Viewer, dir: ReferenceDirectory): Omit<DisclosureScope, "grants"> {
  const ids = (codes: readonly (string | null)[]) =>
    codes.flatMap((c) => (c && dir.memberIdByCode.has(c) ? [dir.memberIdByCode.get(c)!] : []));
  const withPartners = (members: number[]) => {
    const set = new Set(members);
    for (const m of members) for (const p of dir.unionPartners(m)) set.add(p);
    return set;
  };
  const none = new Set<number>();
  switch (viewer.role) {
    case ViewerRole.SECRETARIAT:
      return { viewer, signedIn: true, all: true, unionMemberIds: none, countryMemberIds: none };
    case ViewerRole.NCP:
    case ViewerRole.PEER_REVIEWER: {
      const actsFor = ids(viewer.role === ViewerRole.NCP ? [viewer.member] : viewer.reviews);
      return {
        viewer,
        signedIn: true,
        all: false,
        unionMemberIds: withPartners(actsFor),
        countryMemberIds: new Set(actsFor),
      };
    }
    case ViewerRole.REGIONAL_OFFICE: {
      const members = new Set<number>();
      for (const u of viewer.unions) for (const m of dir.unionMemberIds.get(u) ?? []) members.add(m);
      return { viewer, signedIn: true, all: false, unionMemberIds: members, countryMemberIds: none };
    }
    case ViewerRole.BASIC:
      return { viewer, signedIn: true, all: false, unionMemberIds: none, countryMemberIds: none };
    default:
      return { viewer, signedIn: false, all: false, unionMemberIds: none, countryMemberIds: none };
  }
}

/**
 * The same grants as a SQL condition on a result alias (`r.disclosure`, `r.memberId`), for filters,
 * sorts and aggregates that must only see what the viewer may see. Levels are enum literals; Member
 * ids are bound parameters.
 */
export function visibleSql(scope: DisclosureScope, alias: string): { sql: string; params: Record<string, unknown> } {
  const g = grants(scope);
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  for (const level of DISCLOSURE_LEVELS) {
    const grant = g[level];
    if (grant === "everyone") parts.push(`${alias}.disclosure = '${level}'`);
    else if (grant !== "nobody" && grant.size > 0) {
      const name = `visible${level}Members`;
      params[name] = [...grant];
      parts.push(`(${alias}.disclosure = '${level}' AND ${alias}.memberId IN (:...${name}))`);
    }
  }
  if (parts.length === DISCLOSURE_LEVELS.length && parts.every((p) => !p.startsWith("(")))
    return { sql: "1=1", params };
  return { sql: parts.length ? `(${parts.join(" OR ")})` : "1=0", params };
}
