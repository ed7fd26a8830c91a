import { EntityManager } from "typeorm";
import type { Context } from "../context";
import { domainError, notFound, Problem, rejectProblems } from "../common/errors";
import { writeTransaction } from "../db/write-transaction";
import { Cycle, CyclePhase } from "./cycle.entity";
import { PeerReview, PeerReviewStatus } from "../review/peer-review.entity";

/** The order a cycle moves through, one step at a time, by the Secretariat. */
const NEXT: Partial<Record<CyclePhase, CyclePhase>> = {
  PLANNED: CyclePhase.SELF_ASSESSMENT,
  SELF_ASSESSMENT: CyclePhase.SELF_ASSESSMENT_CLOSED,
  SELF_ASSESSMENT_CLOSED: CyclePhase.PEER_REVIEW,
  PEER_REVIEW: CyclePhase.CLOSED,
};

export const wrongPhase = (cycle: Cycle, allowed: CyclePhase[], action: string) =>
  domainError(
    "CONFLICT",
    `Cannot ${action}: cycle ${cycle.code} is in phase ${cycle.phase}; this needs ${allowed.join(" or ")}`,
    { reason: "WRONG_PHASE", cycle: cycle.code, phase: cycle.phase, allowedPhases: allowed },
  );

export interface NewCycle {
  code: string;
  name: string;
  opensOn: string;
  referenceYear: number;
}

export const cycleService = {
  async byCode(ctx: Context, code: string, em: EntityManager = ctx.ds.manager): Promise<Cycle> {
    const cycle = await em.findOneBy(Cycle, { code });
    if (!cycle) throw notFound(`Unknown cycle '${code}'`, { cycle: code });
    return cycle;
  },

  async create(ctx: Context, input: NewCycle): Promise<Cycle> {
    const problems: Problem[] = [];
    const add = (field: string, reason: string) => problems.push({ where: "input", kpi: null, field, reason });
    if (!/^\d{4}$/.test(input.code)) add("code", "must be the four-digit year the cycle opens");
    else if (input.opensOn.slice(0, 4) !== input.code) add("opensOn", "must fall in the year the code names");
    if (!input.name.trim() || input.name.length > 255) add("name", "must be 1 to 255 characters");
    if (input.referenceYear >= Number(input.code)) add("referenceYear", "must be before the year the cycle opens");
    if (problems.length) rejectProblems(problems);
    const cycle = await writeTransaction(ctx.ds, async (em) => {
      if (await em.findOneBy(Cycle, { code: input.code })) {
        throw domainError("CONFLICT", `Cycle ${input.code} exists already`, { reason: "EXISTS", cycle: input.code });
      }
      return em.save(em.create(Cycle, { ...input, name: input.name.trim(), phase: CyclePhase.PLANNED }));
    });
    ctx.snapshots.calendar.invalidate();
    return cycle;
  },

  /** Moves a cycle from `from` to the next phase; refuses, saying why, from any other phase. */
  async advance(ctx: Context, code: string, from: CyclePhase, action: string): Promise<Cycle> {
    const to = NEXT[from]!;
    const advanced = await writeTransaction(ctx.ds, async (em) => {
      const cycle = await this.byCode(ctx, code, em);
      if (cycle.phase !== from) throw wrongPhase(cycle, [from], action);
      if (to === CyclePhase.CLOSED) {
        const open = await em
          .createQueryBuilder(PeerReview, "p")
          .innerJoin("assessment", "a", "a.id = p.assessmentId")
          .where("a.cycleId = :cycle AND p.status <> :closed", { cycle: cycle.pk, closed: PeerReviewStatus.CLOSED })
          .getCount();
        if (open) {
          throw domainError("CONFLICT", `Cannot ${action}: ${open} peer review(s) of cycle ${code} are still open`, {
            reason: "REVIEWS_OPEN",
            open,
          });
        }
      }
      // Guarded by the phase it was read in: two Secretariat users cannot both move it.
      const res = await em.update(Cycle, { pk: cycle.pk, phase: from }, { phase: to });
      if (res.affected !== 1)
        throw domainError("CONFLICT", `Cycle ${code} changed phase meanwhile; reload it`, { reason: "STALE" });
      return { ...cycle, phase: to } as Cycle;
    });
    ctx.snapshots.calendar.invalidate();
    return advanced;
  },
};
