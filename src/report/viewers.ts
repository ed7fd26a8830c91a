import type { Level, ReportMember, ReportResult, ReportReviewer, ReportUnion, ViewerKind } from "./report.types";

/**
 * The viewer kinds a release is audited for (docs/disclosure.md, rule 8), with what each may see by the
 * contract's table of viewers: anonymous (PUBLIC); basic (PUBLIC, WCO); the NCPs of each Member (its COUNTRY
 * level, the UNION level of every Member sharing a union with it, its own included); the office of each union,
 * and the office of the unions of each WCO region (the UNION level of their members); each peer reviewer as
 * assigned (as an NCP of each Member reviewed). test/unit/report-viewers.test.ts checks these against the API's
 * own policy (src/disclosure/policy.ts) for every Member.
 */
export function viewerKinds(
  members: readonly ReportMember[],
  unions: readonly ReportUnion[],
  reviewers: readonly ReportReviewer[],
): ViewerKind[] {
  const partners = new Map<string, Set<string>>();
  for (const u of unions)
    for (const m of u.members) {
      const set = partners.get(m) ?? new Set<string>();
      for (const p of u.members) set.add(p);
      partners.set(m, set);
    }
  const withPartners = (acting: readonly string[]) => {
    const set = new Set(acting);
    for (const m of acting) for (const p of partners.get(m) ?? []) set.add(p);
    return [...set].sort();
  };
  const kinds: ViewerKind[] = [
    { id: "ANONYMOUS", kind: "ANONYMOUS", signedIn: false, unionMembers: [], countryMembers: [] },
    { id: "BASIC", kind: "BASIC", signedIn: true, unionMembers: [], countryMembers: [] },
  ];
  for (const m of members)
    kinds.push({
      id: `NCP:${m.code}`,
      kind: "NCP",
      signedIn: true,
      unionMembers: withPartners([m.code]),
      countryMembers: [m.code],
    });
  for (const u of unions)
    kinds.push({
      id: `UNION_OFFICE:${u.code}`,
      kind: "UNION_OFFICE",
      signedIn: true,
      unionMembers: [...new Set(u.members)].sort(),
      countryMembers: [],
    });
  // A union belongs to the WCO region most of its members are in (ties: the first region by code).
  const regionOf = new Map(members.map((m) => [m.code, m.region]));
  const byRegion = new Map<string, Set<string>>();
  for (const u of unions) {
    const counts = new Map<string, number>();
    for (const m of u.members) {
      const r = regionOf.get(m);
      if (r) counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    const region = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    if (!region) continue;
    const set = byRegion.get(region) ?? new Set<string>();
    for (const m of u.members) set.add(m);
    byRegion.set(region, set);
  }
  for (const region of [...new Set(members.map((m) => m.region))].sort())
    kinds.push({
      id: `REGION_OFFICE:${region}`,
      kind: "REGION_OFFICE",
      signedIn: true,
      unionMembers: [...(byRegion.get(region) ?? [])].sort(),
      countryMembers: [],
    });
  for (const r of reviewers)
    kinds.push({
      id: `${REVIEWER_KIND}:${r.reviewer}`,
      kind: "PEER_REVIEWER",
      signedIn: true,
      unionMembers: withPartners(r.members),
      countryMembers: [...new Set(r.members)].sort(),
    });
  return kinds;
}

/** May a viewer of this kind see results of Member `member` at `level`? The contract's table, nothing else. */
export function seesLevel(viewer: ViewerKind, member: string, level: Level): boolean {
  switch (level) {
    case "PUBLIC":
      return true;
    case "WCO":
      return viewer.signedIn;
    case "UNION":
      return viewer.unionMembers.includes(member) || viewer.countryMembers.includes(member);
    case "COUNTRY":
      return viewer.countryMembers.includes(member);
  }
}

/** A fast form of `seesLevel` for one viewer over many results. */
export function visibilityOf(viewer: ViewerKind): (r: Pick<ReportResult, "member" | "level">) => boolean {
  const union = new Set([...viewer.unionMembers, ...viewer.countryMembers]);
  const country = new Set(viewer.countryMembers);
  return (r) =>
    r.level === "PUBLIC" ||
    (r.level === "WCO" && viewer.signedIn) ||
    (r.level === "UNION" && union.has(r.member)) ||
    (r.level === "COUNTRY" && country.has(r.member));
}

/**
 * The audited kinds as a published release names them: a peer reviewer's kind id carries its user id, an identity
 * (disclosure rule 10) that a public release must not show, so reviewers are numbered in the audit's order
 * (`PEER_REVIEWER:1`, …); every other kind id names a Member, union, region or nobody, all public.
 */
const REVIEWER_KIND = "PEER_REVIEWER";

export function publicViewerIds(ids: readonly string[]): string[] {
  let reviewers = 0;
  return ids.map((id) => (id.startsWith(`${REVIEWER_KIND}:`) ? `${REVIEWER_KIND}:${++reviewers}` : id));
}
