import { EntityManager, In } from "typeorm";
import type { Context } from "../context";
import { domainError, notFound, badInput, staleVersion } from "../common/errors";
import { idArgument } from "../common/global-id";
import { writeTransaction } from "../db/write-transaction";
import { actor, assertWritesMember, forbidden, isSecretariatViewer } from "../disclosure/authorization";
import { membersService } from "../members/members.service";
import { frameworkService } from "../framework/framework.service";
import { DisclosureLevel } from "../disclosure/disclosure-level";
import { Kpi } from "../framework/kpi.entity";
import { Assessment, AssessmentStatus } from "./assessment.entity";
import { Cycle, CyclePhase } from "./cycle.entity";
import { KpiResult } from "./kpi-result.entity";
import { cycleService, wrongPhase } from "./cycle.service";
import { lockResults, writeResultChange } from "./result-history";

export const assessmentService = {
  async load(
    ctx: Context,
    id: string,
    em: EntityManager = ctx.ds.manager,
  ): Promise<{ assessment: Assessment; cycle: Cycle }> {
    const pk = idArgument(id, Assessment.typename, "assessment", "an assessment");
    const assessment = await em.findOneBy(Assessment, { pk });
    if (!assessment) throw notFound("No such assessment", { assessment: id });
    return { assessment, cycle: await cycleService.current(em, assessment.cycleId) };
  },

  /** A Member's assessment in a cycle (null: the Member did not take part); unknown codes name their argument. */
  async ofMember(ctx: Context, memberCode: string, cycleCode: string): Promise<Assessment | null> {
    const m = membersService.members.one(ctx, memberCode, "member");
    const c = await cycleService.one(ctx, cycleCode, "cycle");
    return ctx.ds.getRepository(Assessment).findOneBy({ memberId: m.pk, cycleId: c.pk });
  },

  /**
   * May this viewer change this assessment now? NCPs edit while the self-assessment is open and their
   * assessment is not submitted; the Secretariat may correct until the cycle closes.
   */
  assertEditable(ctx: Context, assessment: Assessment, cycle: Cycle, action: string): void {
    assertWritesMember(ctx, assessment.memberId);
    if (cycle.phase === CyclePhase.CLOSED)
      throw wrongPhase(cycle, [CyclePhase.SELF_ASSESSMENT, CyclePhase.PEER_REVIEW], action);
    if (isSecretariatViewer(ctx)) return;
    if (cycle.phase !== CyclePhase.SELF_ASSESSMENT) throw wrongPhase(cycle, [CyclePhase.SELF_ASSESSMENT], action);
    if (assessment.status !== AssessmentStatus.IN_PROGRESS) {
      throw domainError("CONFLICT", `Cannot ${action}: the assessment was submitted and is locked against NCP edits`, {
        reason: "ASSESSMENT_SUBMITTED",
      });
    }
  },

  /** Starts a Member's assessment in an open cycle, with one empty result per KPI of the active framework. */
  async start(
    ctx: Context,
    memberCode: string,
    cycleCode: string,
    defaultDisclosure: DisclosureLevel,
  ): Promise<Assessment> {
    // Who asks first, then what it named (members.service.ts, cycle.service.ts), all before the transaction.
    const member = membersService.members.byCode(ctx, memberCode);
    if (member) assertWritesMember(ctx, member.pk);
    else if (!isSecretariatViewer(ctx))
      throw forbidden("Only the National Contact Points of a Member or the Secretariat may do this");
    const { pk: memberId } = membersService.members.one(ctx, memberCode, "member");
    const named = await cycleService.one(ctx, cycleCode, "cycle");
    const kpis = await frameworkService.kpis(ctx);
    return writeTransaction(ctx.ds, async (em) => {
      const cycle = await cycleService.current(em, named.pk);
      if (cycle.phase !== CyclePhase.SELF_ASSESSMENT)
        throw wrongPhase(cycle, [CyclePhase.SELF_ASSESSMENT], "start an assessment");
      const existing = await em.findOneBy(Assessment, { memberId, cycleId: cycle.pk });
      if (existing) {
        throw domainError("CONFLICT", `${memberCode.toUpperCase()} has started its ${cycle.code} assessment already`, {
          reason: "EXISTS",
          assessment: existing.id,
        });
      }
      const now = new Date();
      const who = actor(ctx);
      const assessment = await em.save(
        em.create(Assessment, {
          memberId,
          cycleId: cycle.pk,
          status: AssessmentStatus.IN_PROGRESS,
          defaultDisclosure,
          version: 1,
          createdAt: now,
          updatedAt: now,
          updatedBy: who,
          submittedAt: null,
        }),
      );
      await em.insert(
        KpiResult,
        kpis.map((k) => ({
          assessmentId: assessment.pk,
          kpiId: k.pk,
          memberId,
          cycleId: cycle.pk,
          disclosure: defaultDisclosure,
          disclosureChosen: false,
          inputs: null,
          value: null,
          score: null,
          evidence: null,
          target: null,
          validatedValue: null,
          notUsed: false,
          notUsedReason: null,
          version: 1,
          updatedAt: now,
          updatedBy: who,
        })) as never,
      );
      return assessment;
    });
  },

  /** The Member-wide default level: results that did not choose their own follow it. */
  async setDefaultDisclosure(
    ctx: Context,
    id: string,
    level: DisclosureLevel,
    expectedVersion: number,
  ): Promise<Assessment> {
    return writeTransaction(ctx.ds, async (em) => {
      const { assessment, cycle } = await this.load(ctx, id, em);
      this.assertEditable(ctx, assessment, cycle, "change the default disclosure level");
      await this.bumpVersion(ctx, em, assessment, expectedVersion, { defaultDisclosure: level });
      const following = await lockResults(em, { assessmentId: assessment.pk, disclosureChosen: false });
      for (const r of following) {
        if (r.disclosure === level) continue;
        await writeResultChange(ctx, em, r, r.version, { disclosure: level });
      }
      return em.findOneByOrFail(Assessment, { pk: assessment.pk });
    });
  },

  /** Checks completeness and locks the assessment against further NCP edits. */
  async submit(ctx: Context, id: string, expectedVersion: number): Promise<Assessment> {
    return writeTransaction(ctx.ds, async (em) => {
      const { assessment, cycle } = await this.load(ctx, id, em);
      assertWritesMember(ctx, assessment.memberId);
      if (cycle.phase !== CyclePhase.SELF_ASSESSMENT)
        throw wrongPhase(cycle, [CyclePhase.SELF_ASSESSMENT], "submit an assessment");
      if (assessment.status === AssessmentStatus.SUBMITTED) {
        throw domainError("CONFLICT", "The assessment is submitted already", { reason: "ASSESSMENT_SUBMITTED" });
      }
      const results = await em.findBy(KpiResult, { assessmentId: assessment.pk });
      const incomplete = results.filter((r) => r.value === null && !(r.notUsed && r.notUsedReason));
      if (incomplete.length) {
        const kpis = await em.findBy(Kpi, { pk: In(incomplete.map((r) => r.kpiId)) });
        const codes = kpis.map((k) => k.code).sort();
        throw badInput(
          `Cannot submit: ${codes.length} KPI(s) have neither a value nor a not-used reason: ${codes.join(", ")}`,
          {
            reason: "INCOMPLETE",
            kpis: codes,
          },
        );
      }
      await this.bumpVersion(ctx, em, assessment, expectedVersion, {
        status: AssessmentStatus.SUBMITTED,
        submittedAt: new Date(),
      });
      return em.findOneByOrFail(Assessment, { pk: assessment.pk });
    });
  },

  /** `UPDATE ... WHERE id AND version`: one row changed or the caller's copy was stale. */
  async bumpVersion(
    ctx: Context,
    em: EntityManager,
    a: Assessment,
    expectedVersion: number,
    set: Partial<Assessment>,
  ): Promise<void> {
    const res = await em.update(
      Assessment,
      { pk: a.pk, version: expectedVersion },
      { ...set, version: expectedVersion + 1, updatedAt: new Date(), updatedBy: actor(ctx) },
    );
    if (res.affected !== 1) {
      // A locking read, in this transaction: it sees the competing change that its snapshot predates. FOR UPDATE,
      // not a share lock: TypeORM writes MySQL 8's "FOR SHARE" for MariaDB too, which MariaDB does not parse.
      const current = await em.findOneOrFail(Assessment, {
        where: { pk: a.pk },
        ...(em.connection.options.type === "better-sqlite3" ? {} : { lock: { mode: "pessimistic_write" as const } }),
      });
      throw staleVersion("The assessment", current.version, { assessment: a.id });
    }
  },
};
