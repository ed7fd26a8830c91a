import { EntityManager } from "typeorm";
import type { Context } from "../context";
import { domainError, Problem, rejectProblems } from "../common/errors";
import { unknownChoice } from "../common/arguments";
import { writeTransaction } from "../db/write-transaction";
import { Cycle, CyclePhase } from "./cycle.entity";
import { Assessment } from "./assessment.entity";
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

/**
 * The cycles: the one place that turns cycle codes into cycles (from the shared cycle calendar, see
 * cycle-calendar.ts, through the request's loader), and the one that changes them. The rule for codes is the one
 * of every reference kind (members.service.ts): a root lookup answers null, a code given as an argument or filter
 * value that names nothing is BAD_USER_INPUT naming the argument.
 */
export const cycleService = {
  /** Every cycle, oldest first. */
  async all(ctx: Context): Promise<Cycle[]> {
    return [...(await ctx.loaders.cycle.all())];
  },

  /** A root lookup: null when there is none. */
  byCode(ctx: Context, code: string): Promise<Cycle | null> {
    return ctx.loaders.cycle.byCode(code);
  },

  /** Cycles by code given as argument `argument` (all when none are named), oldest first; unknown ones refused together. */
  async named(ctx: Context, codes: readonly string[] | null | undefined, argument: string): Promise<Cycle[]> {
    if (!codes) return this.all(ctx);
    const found = await Promise.all(codes.map((c) => this.byCode(ctx, c)));
    const missing = codes.filter((_, i) => !found[i]);
    if (missing.length) {
      const all = await this.all(ctx);
      throw unknownChoice(argument, "cycle", missing, {
        plural: "cycles",
        codes: all.map((c) => c.code),
        query: "cycles { code }",
      });
    }
    return [...new Set(found as Cycle[])].sort((a, b) => a.code.localeCompare(b.code));
  },

  /** One cycle by a code given as argument `argument`. */
  async one(ctx: Context, code: string, argument: string): Promise<Cycle> {
    return (await this.named(ctx, [code], argument))[0];
  },

  /** The cycle before this one in the register (the latest that opens before it): the "previous cycle" of every figure. */
  async previous(ctx: Context, cycle: Cycle): Promise<Cycle | null> {
    return (await this.all(ctx)).filter((c) => c.code < cycle.code).pop() ?? null;
  },

  /**
   * A cycle as it is now, inside a write transaction that decides by its phase (the shared calendar may be a
   * moment old): by id, found before the transaction through the lookups above.
   */
  current(em: EntityManager, pk: number): Promise<Cycle> {
    return em.findOneByOrFail(Cycle, { pk });
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
    const named = await this.one(ctx, code, "cycle"); // before the transaction: no lookup inside one
    const advanced = await writeTransaction(ctx.ds, async (em) => {
      const cycle = await this.current(em, named.pk);
      if (cycle.phase !== from) throw wrongPhase(cycle, [from], action);
      if (to === CyclePhase.CLOSED) {
        const open = await em
          .createQueryBuilder(PeerReview, "p")
          .innerJoin(Assessment, "a", "a.pk = p.assessmentId")
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
