import { DataSource, EntityManager, In, IsNull } from "typeorm";
import sdgs from "./reference/sdgs.json";
import instruments from "./reference/instruments.json";
import membersFile from "./reference/members.json";
import unions from "./reference/unions.json";
import cycles from "./reference/cycles.json";
import { SdgGoal, SdgTarget } from "../../framework/sdg.entity";
import { Instrument } from "../../framework/instrument.entity";
import { InstrumentKind } from "../../framework/framework.enums";
import { Region } from "../../members/region.entity";
import { Member } from "../../members/member.entity";
import { Union, UnionMembership } from "../../members/union.entity";
import { Cycle, CyclePhase } from "../../assessment/cycle.entity";

/**
 * Phases as of the reference data: the first cycle has run its course; the second is in peer review.
 * The Secretariat moves phases forward through the API from then on.
 */
const INITIAL_PHASES: Record<string, CyclePhase> = { "2023": CyclePhase.CLOSED, "2025": CyclePhase.PEER_REVIEW };

/** Reference data for an empty database, in one transaction: SDGs, instruments, regions, Members, unions, cycles. */
export async function seedReferenceData(ds: DataSource): Promise<boolean> {
  return ds.transaction(async (em) => {
    if ((await em.count(Member)) > 0) {
      // A database loaded before a release added an attribute gets it now (migration 0005 does the same once).
      await fillMemberAttributes(em);
      return false;
    }
    await seedSdgs(em);
    await em.insert(
      Instrument,
      instruments.instruments.map((i) => ({ code: i.code, name: i.name, kind: i.kind as InstrumentKind })),
    );
    await seedMembers(em);
    await em.insert(
      Cycle,
      cycles.cycles.map((c) => ({
        code: c.code,
        name: c.name,
        opensOn: c.opensOn,
        referenceYear: c.referenceYear,
        phase: INITIAL_PHASES[c.code] ?? CyclePhase.PLANNED,
      })),
    );
    return true;
  });
}

async function seedSdgs(em: EntityManager): Promise<void> {
  for (const g of sdgs.goals) {
    const goal = await em.save(em.create(SdgGoal, { number: g.number, title: g.title, fullTitle: g.fullTitle }));
    if (g.targets.length) {
      await em.insert(
        SdgTarget,
        g.targets.map((t) => ({ goalId: goal.pk, code: t.code, text: t.text })),
      );
    }
  }
}

async function seedMembers(em: EntityManager): Promise<void> {
  await em.insert(
    Region,
    membersFile.regions.map((r) => ({ code: r.code, name: r.name })),
  );
  const regionIds = new Map((await em.find(Region)).map((r) => [r.code, r.pk]));
  await em.insert(
    Member,
    membersFile.members.map((m) => ({
      code: m.code,
      iso2: m.iso2,
      m49: m.m49,
      name: m.name,
      regionId: regionIds.get(m.region)!,
      landlocked: m.landlocked,
      incomeGroup: m.incomeGroup,
    })),
  );
  const memberIds = new Map((await em.find(Member)).map((m) => [m.code, m.pk]));
  for (const u of unions.unions) {
    const union = await em.save(em.create(Union, { code: u.code, name: u.name }));
    const missing = u.members.filter((c) => !memberIds.has(c));
    if (missing.length) throw new Error(`Union ${u.code} lists unknown Members: ${missing.join(", ")}`);
    await em.insert(
      UnionMembership,
      u.members.map((c) => ({ unionId: union.pk, memberId: memberIds.get(c)! })),
    );
  }
}

/**
 * Fills optional Member attributes the reference data now gives where the database has none: the World Bank
 * income group (FY2027 classification, applied to every cycle: docs/methods.md). Never overwrites a value set
 * since. A few statements (one read, one update per income group), so it runs on every start.
 */
export async function fillMemberAttributes(em: EntityManager): Promise<number> {
  const empty = await em.find(Member, { select: { pk: true, code: true }, where: { incomeGroup: IsNull() } });
  if (!empty.length) return 0;
  const groupOf = new Map(membersFile.members.map((m) => [m.code, m.incomeGroup]));
  const byGroup = new Map<string, number[]>();
  for (const m of empty) {
    const g = groupOf.get(m.code);
    if (g) byGroup.set(g, [...(byGroup.get(g) ?? []), m.pk]);
  }
  let filled = 0;
  for (const [incomeGroup, pks] of byGroup) {
    await em.update(Member, { pk: In(pks), incomeGroup: IsNull() }, { incomeGroup });
    filled += pks.length;
  }
  return filled;
}
