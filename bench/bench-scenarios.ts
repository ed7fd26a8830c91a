import { DisclosureLevel } from "../src/disclosure/disclosure-level";
import { DisclosureScope, maySee, scopeFor } from "../src/disclosure/policy";
import type { ReferenceDirectory } from "../src/disclosure/reference-directory";
import { ANONYMOUS, Viewer, ViewerRole } from "../src/disclosure/viewer";
// The floor computes its figures with the server's own statistical functions: one definition of each figure.
import {
  change,
  progressToTarget,
  rollup as rollupOf,
  score as scoreOf,
  summarize,
  targetMet as targetMetOf,
  valueOfRecord,
} from "../src/analytics/statistics";
import type { ScoringRule } from "../src/framework/framework-definition";
import type { KpiDirection } from "../src/framework/framework.enums";
import { THIRD_CYCLE } from "./bench-data";

/**
 * The three user scenarios, each as the viewer who uses it, and each one's floor: the same rows fetched
 * with the engine's driver (mysql2 or better-sqlite3) in as few statements as a hand-written endpoint
 * would use, shaped like the GraphQL response and serialised to JSON, in the benchmark's own process,
 * with no GraphQL, no ORM and no HTTP. Like the server, the floor keeps reference data (Members, their
 * regions and unions) in memory and applies the disclosure policy to every value it returns.
 */
export type ScenarioName = "dashboard" | "secretariat" | "regional";

/** What a floor needs: rows from SQL with `?` parameters. */
export interface FloorDb {
  all(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/** Reference data held in memory by the floor, as the server's ReferenceDirectory holds it. */
export interface FloorReference {
  memberIdByCode: Map<string, number>;
  regionIdByMemberId: Map<number, number>;
  regionById: Map<number, { code: string; name: string }>;
  unionMemberIds: Map<string, Set<number>>;
  directory: ReferenceDirectory;
}

export interface Scenario {
  name: ScenarioName;
  title: string;
  /** Token claims of the viewer who runs it (sub and exp are added). */
  claims: Record<string, unknown>;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
  floor(db: FloorDb, ref: FloorReference): Promise<string>;
}

export const SECRETARIAT_KPI = "TF.1.1";
export const DASHBOARD_MEMBER = "KEN";
export const REGIONAL_UNION = "EU";
const CURRENT_CYCLE = THIRD_CYCLE.code;
const PREVIOUS_CYCLE = "2025";

export async function loadFloorReference(db: FloorDb): Promise<FloorReference> {
  const members = await db.all("SELECT id, code, regionId FROM member");
  const regions = await db.all("SELECT id, code, name FROM region");
  const links = await db.all(
    "SELECT u.code AS code, um.memberId AS memberId FROM union_membership um JOIN customs_union u ON u.id = um.unionId",
  );
  const memberIdByCode = new Map(members.map((m) => [String(m.code), Number(m.id)]));
  const unionMemberIds = new Map<string, Set<number>>();
  const unionCodesByMemberId = new Map<number, string[]>();
  for (const l of links) {
    const code = String(l.code);
    const id = Number(l.memberId);
    if (!unionMemberIds.has(code)) unionMemberIds.set(code, new Set());
    unionMemberIds.get(code)!.add(id);
    unionCodesByMemberId.set(id, [...(unionCodesByMemberId.get(id) ?? []), code]);
  }
  // Only what scopeFor reads.
  const directory = {
    memberIdByCode,
    unionMemberIds,
    unionPartners(memberId: number) {
      const out = new Set<number>();
      for (const code of unionCodesByMemberId.get(memberId) ?? [])
        for (const id of unionMemberIds.get(code) ?? []) out.add(id);
      return out;
    },
  } as unknown as ReferenceDirectory;
  return {
    memberIdByCode,
    regionIdByMemberId: new Map(members.map((m) => [Number(m.id), Number(m.regionId)])),
    regionById: new Map(regions.map((r) => [Number(r.id), { code: String(r.code), name: String(r.name) }])),
    unionMemberIds,
    directory,
  };
}

export const viewerOf = (claims: Record<string, unknown>): Viewer => ({
  ...ANONYMOUS,
  role: claims.role as ViewerRole,
  subject: "bench",
  member: (claims.member as string) ?? null,
  unions: (claims.unions as string[]) ?? [],
  reviews: [],
});

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const bool = (v: unknown) => v === true || v === 1 || v === "1";

interface Obs {
  memberId: number;
  disclosure: DisclosureLevel;
  value: number | null;
  validatedValue: number | null;
  notUsed: boolean;
}

/** Group statistics over the values the scope may see, as the server's summarizeVisible computes them. */
function visibleStats(scope: DisclosureScope, rows: Obs[], inGroup: (m: number) => boolean) {
  let results = 0;
  let withheld = 0;
  let notUsed = 0;
  const values: number[] = [];
  for (const r of rows) {
    if (!inGroup(r.memberId)) continue;
    results++;
    if (!maySee(scope, r.memberId, r.disclosure)) withheld++;
    else if (r.notUsed) notUsed++;
    else {
      const v = valueOfRecord(r);
      if (v !== null) values.push(v);
    }
  }
  const s = summarize(values);
  return { ...s, results, withheld, notUsed, included: s.count };
}

const secretariatClaims = { role: "SECRETARIAT" };
const secretariat: Scenario = {
  name: "secretariat",
  title: "Secretariat: one KPI, all Members and cycles, world trend",
  claims: secretariatClaims,
  operationName: "SecretariatKpi",
  query: `query SecretariatKpi($kpi: ID!) {
  kpi(code: $kpi) { code results { member { code } cycle { code } value } }
  kpiTrends(kpis: [$kpi], groupBy: WORLD) {
    groupCode
    points { cycle { code } results included withheld mean median min max changeAbsolute changeRelative }
  }
}`,
  variables: { kpi: SECRETARIAT_KPI },
  async floor(db, ref) {
    const scope = scopeFor(viewerOf(secretariatClaims), ref.directory);
    const rows = await db.all(
      `SELECT m.code AS member, c.code AS cycle, r.memberId, r.disclosure, r.value, r.validatedValue, r.notUsed
       FROM kpi_result r
       JOIN kpi k ON k.id = r.kpiId JOIN framework_version v ON v.id = k.frameworkVersionId
       JOIN member m ON m.id = r.memberId JOIN cycle c ON c.id = r.cycleId
       WHERE k.code = ? AND v.active = 1 ORDER BY c.code, r.memberId`,
      [SECRETARIAT_KPI],
    );
    const byCycle = new Map<string, Obs[]>();
    const results = rows.map((r) => {
      const o: Obs = {
        memberId: Number(r.memberId),
        disclosure: r.disclosure as DisclosureLevel,
        value: num(r.value),
        validatedValue: num(r.validatedValue),
        notUsed: bool(r.notUsed),
      };
      const c = String(r.cycle);
      if (!byCycle.has(c)) byCycle.set(c, []);
      byCycle.get(c)!.push(o);
      return {
        member: { code: r.member },
        cycle: { code: c },
        value: maySee(scope, o.memberId, o.disclosure) ? o.value : null,
      };
    });
    let previous: number | null = null;
    const points = [...byCycle.entries()].map(([code, obs], i) => {
      const s = visibleStats(scope, obs, () => true);
      const { absolute, relative } = change(s.mean, i > 0 ? previous : null);
      previous = s.mean;
      return {
        cycle: { code },
        results: s.results,
        included: s.included,
        withheld: s.withheld,
        mean: s.mean,
        median: s.median,
        min: s.min,
        max: s.max,
        changeAbsolute: absolute,
        changeRelative: relative,
      };
    });
    return JSON.stringify({
      data: { kpi: { code: SECRETARIAT_KPI, results }, kpiTrends: [{ groupCode: null, points }] },
    });
  },
};

const dashboardClaims = { role: "NCP", member: DASHBOARD_MEMBER };
const dashboard: Scenario = {
  name: "dashboard",
  title: "Dashboard: one Member's scorecard with the previous cycle (its NCP)",
  claims: dashboardClaims,
  operationName: "MemberScorecard",
  query: `query MemberScorecard($member: ID!, $cycle: ID!) {
  scorecard(member: $member, cycle: $cycle) {
    member { code name } cycle { code } previousCycle { code }
    kpis {
      kpi { code name unit direction }
      result { value withheld disclosure } previous { value withheld disclosure }
      score previousScore target targetMet progressToTarget
    }
    outcomes { code name score previousScore scored withheld }
    dimensions { code name score previousScore scored withheld }
  }
}`,
  variables: { member: DASHBOARD_MEMBER, cycle: CURRENT_CYCLE },
  async floor(db, ref) {
    const scope = scopeFor(viewerOf(dashboardClaims), ref.directory);
    const kpis = await db.all(
      `SELECT k.id, k.code, k.name, k.unit, k.direction, k.scoring, k.outcomeId
       FROM kpi k JOIN framework_version v ON v.id = k.frameworkVersionId WHERE v.active = 1 ORDER BY k.id`,
    );
    const results = await db.all(
      `SELECT r.kpiId, c.code AS cycle, r.memberId, r.disclosure, r.value, r.validatedValue, r.notUsed, r.target, m.name AS memberName
       FROM kpi_result r JOIN member m ON m.id = r.memberId JOIN cycle c ON c.id = r.cycleId
       WHERE m.code = ? AND c.code IN (?, ?)`,
      [DASHBOARD_MEMBER, CURRENT_CYCLE, PREVIOUS_CYCLE],
    );
    const rollupRows = await db.all(
      `SELECT o.id AS outcomeId, o.code AS outcomeCode, o.name AS outcomeName, d.id AS dimensionId, d.code AS dimensionCode, d.name AS dimensionName
       FROM outcome o JOIN dimension d ON d.id = o.dimensionId JOIN framework_version v ON v.id = o.frameworkVersionId
       WHERE v.active = 1 ORDER BY d.position, o.id`,
    );
    const find = (kpiId: number, cycle: string) =>
      results.find((r) => Number(r.kpiId) === kpiId && r.cycle === cycle) ?? null;
    const visible = (r: Record<string, unknown> | null) =>
      r && maySee(scope, Number(r.memberId), r.disclosure as DisclosureLevel) ? r : null;
    const rows = kpis.map((k) => {
      const scoring = k.scoring ? (JSON.parse(String(k.scoring)) as ScoringRule) : null;
      const result = find(Number(k.id), CURRENT_CYCLE);
      const previous = find(Number(k.id), PREVIOUS_CYCLE);
      const now = visible(result);
      const before = visible(previous);
      const ofRecord = (r: Record<string, unknown>) =>
        valueOfRecord({ value: num(r.value), validatedValue: num(r.validatedValue), notUsed: bool(r.notUsed) });
      const value = now ? ofRecord(now) : null;
      const prevValue = before ? ofRecord(before) : null;
      const target = before ? num(before.target) : null;
      const direction = k.direction as KpiDirection;
      const shown = (r: Record<string, unknown> | null) =>
        r && { value: visible(r) ? num(r.value) : null, withheld: !visible(r), disclosure: r.disclosure };
      return {
        outcomeId: Number(k.outcomeId),
        withheld: !!scoring && !!result && !now,
        out: {
          kpi: { code: k.code, name: k.name, unit: k.unit, direction: k.direction },
          result: shown(result),
          previous: shown(previous),
          score: scoreOf(scoring, value),
          previousScore: scoreOf(scoring, prevValue),
          target: now ? target : null,
          targetMet: now ? targetMetOf(direction, value, target) : null,
          progressToTarget: now ? progressToTarget(value, prevValue, target) : null,
        },
      };
    });
    const rollup = (code: unknown, name: unknown, of: typeof rows) => {
      const now = rollupOf(of.map((r) => r.out.score));
      return {
        code,
        name,
        score: now.score,
        previousScore: rollupOf(of.map((r) => r.out.previousScore)).score,
        scored: now.scored,
        withheld: of.filter((r) => r.withheld).length,
      };
    };
    const dimensions = [...new Map(rollupRows.map((o) => [o.dimensionId, o])).values()];
    return JSON.stringify({
      data: {
        scorecard: {
          member: { code: DASHBOARD_MEMBER, name: results[0]?.memberName ?? null },
          cycle: { code: CURRENT_CYCLE },
          previousCycle: { code: PREVIOUS_CYCLE },
          kpis: rows.map((r) => r.out),
          outcomes: [...rollupRows]
            .sort((a, b) => Number(a.outcomeId) - Number(b.outcomeId))
            .map((o) =>
              rollup(
                o.outcomeCode,
                o.outcomeName,
                rows.filter((r) => r.outcomeId === Number(o.outcomeId)),
              ),
            ),
          dimensions: dimensions.map((d) => {
            const ids = new Set(
              rollupRows.filter((o) => o.dimensionId === d.dimensionId).map((o) => Number(o.outcomeId)),
            );
            return rollup(
              d.dimensionCode,
              d.dimensionName,
              rows.filter((r) => ids.has(r.outcomeId)),
            );
          }),
        },
      },
    });
  },
};

const regionalClaims = { role: "REGIONAL_OFFICE", unions: [REGIONAL_UNION] };
/** Every KPI of the framework (the regional office's whole view of a cycle). */
let frameworkKpiCodes: string[] = [];
export function setFrameworkKpis(codes: string[]) {
  frameworkKpiCodes = codes;
  regional.variables.kpis = codes;
}
const regional: Scenario = {
  name: "regional",
  title: "Regional office: EU union view, every KPI, union/world/region statistics",
  claims: regionalClaims,
  operationName: "UnionView",
  query: `query UnionView($union: ID!, $kpis: [ID!]!, $cycle: ID!) {
  unionView(union: $union, kpis: $kpis, cycle: $cycle) {
    union { code name } cycle { code }
    members { code name }
    results { member { code } kpi { code } value withheld disclosure }
    statistics {
      kpi { code }
      union { included withheld mean median q1 q3 min max }
      world { included withheld mean median }
      regions { groupCode included withheld mean median }
    }
  }
}`,
  variables: { union: REGIONAL_UNION, kpis: [], cycle: CURRENT_CYCLE },
  async floor(db, ref) {
    const scope = scopeFor(viewerOf(regionalClaims), ref.directory);
    const kpis = await db.all(
      `SELECT k.id, k.code FROM kpi k JOIN framework_version v ON v.id = k.frameworkVersionId
       WHERE v.active = 1 AND k.code IN (${frameworkKpiCodes.map(() => "?").join(", ")}) ORDER BY k.id`,
      frameworkKpiCodes,
    );
    const members = await db.all(
      `SELECT m.id, m.code, m.name, u.name AS unionName FROM member m JOIN union_membership um ON um.memberId = m.id JOIN customs_union u ON u.id = um.unionId
       WHERE u.code = ? ORDER BY m.code`,
      [REGIONAL_UNION],
    );
    const rows = await db.all(
      `SELECT r.kpiId, r.memberId, r.disclosure, r.value, r.validatedValue, r.notUsed FROM kpi_result r JOIN cycle c ON c.id = r.cycleId
       WHERE c.code = ? AND r.kpiId IN (${kpis.map(() => "?").join(", ")})`,
      [CURRENT_CYCLE, ...kpis.map((k) => k.id)],
    );
    const unionIds = ref.unionMemberIds.get(REGIONAL_UNION) ?? new Set<number>();
    const kpiCode = new Map(kpis.map((k) => [Number(k.id), String(k.code)]));
    const memberCode = new Map(members.map((m) => [Number(m.id), String(m.code)]));
    const byKpi = new Map<number, Obs[]>(kpis.map((k) => [Number(k.id), []]));
    const unionRows: { memberId: number; kpiId: number; o: Obs }[] = [];
    for (const r of rows) {
      const o: Obs = {
        memberId: Number(r.memberId),
        disclosure: r.disclosure as DisclosureLevel,
        value: num(r.value),
        validatedValue: num(r.validatedValue),
        notUsed: bool(r.notUsed),
      };
      byKpi.get(Number(r.kpiId))!.push(o);
      if (unionIds.has(o.memberId)) unionRows.push({ memberId: o.memberId, kpiId: Number(r.kpiId), o });
    }
    unionRows.sort((a, b) => a.memberId - b.memberId || a.kpiId - b.kpiId);
    const regionIds = [...new Set([...unionIds].map((m) => ref.regionIdByMemberId.get(m)!))];
    const regions = regionIds
      .map((id) => ({ id, ...ref.regionById.get(id)! }))
      .sort((a, b) => a.code.localeCompare(b.code));
    const results = unionRows.map(({ memberId, kpiId, o }) => {
      const seen = maySee(scope, memberId, o.disclosure);
      return {
        member: { code: memberCode.get(memberId) },
        kpi: { code: kpiCode.get(kpiId) },
        value: seen ? o.value : null,
        withheld: !seen,
        disclosure: o.disclosure,
      };
    });
    const statistics = kpis.map((k) => {
      const obs = byKpi.get(Number(k.id))!;
      const u = visibleStats(scope, obs, (m) => unionIds.has(m));
      const w = visibleStats(scope, obs, () => true);
      return {
        kpi: { code: k.code },
        union: {
          included: u.included,
          withheld: u.withheld,
          mean: u.mean,
          median: u.median,
          q1: u.q1,
          q3: u.q3,
          min: u.min,
          max: u.max,
        },
        world: { included: w.included, withheld: w.withheld, mean: w.mean, median: w.median },
        regions: regions.map((g) => {
          const s = visibleStats(scope, obs, (m) => ref.regionIdByMemberId.get(m) === g.id);
          return { groupCode: g.code, included: s.included, withheld: s.withheld, mean: s.mean, median: s.median };
        }),
      };
    });
    return JSON.stringify({
      data: {
        unionView: {
          union: { code: REGIONAL_UNION, name: members[0]?.unionName ?? null },
          cycle: { code: CURRENT_CYCLE },
          members: members.map((m) => ({ code: m.code, name: m.name })),
          results,
          statistics,
        },
      },
    });
  },
};

export const SCENARIOS: Record<ScenarioName, Scenario> = { dashboard, secretariat, regional };
