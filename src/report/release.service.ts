import { MAX_REPORT_NOTE } from "../http/limits";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { DataSource, EntityManager, IsNull } from "typeorm";
import type { Context } from "../context";
import { badInput, clip, domainError, notFound } from "../common/errors";
import { idArgument } from "../common/global-id";
import { logger } from "../common/logger";
import { actor } from "../disclosure/authorization";
import { writeTransaction } from "../db/write-transaction";
import { Cycle, CyclePhase } from "../assessment/cycle.entity";
import { cycleService, wrongPhase } from "../assessment/cycle.service";
import { Kpi } from "../framework/kpi.entity";
import { frameworkVersionOf, readCycleReportData } from "./report-input";
import { DraftStatus, ReportDraftRow, ReportReleaseRow, type DraftContent } from "./release.entity";
import type { ReportInput, Thresholds } from "./report.types";
import type { WorkerAnswer } from "./release.worker";

const log = logger.child({ component: "report-releases" });

/**
 * The time to record: whole seconds, as MariaDB's DATETIME keeps it, so that a mutation's answer shows the date
 * every later read shows (SQLite would keep the milliseconds).
 */
const now = () => new Date(Math.floor(Date.now() / 1000) * 1000);

/** Longest note kept with a release or a withdrawal. */
export const NOTE_MAX_CHARS = MAX_REPORT_NOTE;

export interface ReportSettings {
  thresholds: Thresholds;
  /** A draft COMPUTING for longer is stopped, and one left by a process that died is taken for stale. */
  staleAfterMs: number;
}

/**
 * The process's draft computations: each runs computeRelease in a worker thread, so that requests go on being
 * answered while a full cycle takes its minute of CPU. One computation per cycle at a time is the database's
 * to enforce (report_draft.running), since several server processes may share it.
 */
export class ReportJobs {
  private readonly workers = new Map<number, Worker>();

  constructor(
    readonly ds: DataSource,
    readonly settings: ReportSettings,
    /** The compiled worker (dist/report/release.worker.js); tests of this class may give another. */
    private readonly workerFile = path.join(__dirname, "release.worker.js"),
  ) {}

  isStale(draft: ReportDraftRow, at = Date.now()): boolean {
    return draft.status === DraftStatus.COMPUTING && at - draft.startedAt.getTime() > this.settings.staleAfterMs;
  }

  /** Starts the computation of a draft just inserted (COMPUTING): reads the cycle, then hands it to a worker. */
  start(draft: ReportDraftRow, cycle: Cycle, openCycles: readonly number[]): void {
    void this.input(draft, cycle, openCycles)
      .then(({ input, units }) => this.runWorker(draft, input, units))
      .catch((err: Error) => this.finish(draft.pk, { ok: false, reason: `internal error: ${err.message}` }, {}));
  }

  private async input(draft: ReportDraftRow, cycle: Cycle, openCycles: readonly number[]) {
    const em = this.ds.manager;
    const data = await readCycleReportData(em, cycle, openCycles);
    // Every release published before this draft started, withdrawn ones too: their figures were public.
    const earlier = await em
      .createQueryBuilder(ReportReleaseRow, "r")
      .addSelect("r.basis")
      .where("r.cycleId = :cycle AND r.number <= :upTo", { cycle: cycle.pk, upTo: draft.basedOn })
      .orderBy("r.number", "ASC")
      .getMany();
    const kpis = await em.find(Kpi, {
      where: { frameworkVersionId: await frameworkVersionOf(em, cycle) },
      select: { code: true, unit: true },
    });
    const units = Object.fromEntries(kpis.map((k) => [k.code, k.unit as string]));
    const input: ReportInput = {
      ...data,
      thresholds: { minContributors: draft.minContributors, minForQuantiles: draft.minForQuantiles },
      earlier: earlier.map((r) => ({ basis: r.basis ?? [] })),
    };
    return { input, units };
  }

  private runWorker(draft: ReportDraftRow, input: ReportInput, units: Record<string, string>): void {
    const worker = new Worker(this.workerFile, { workerData: input });
    this.workers.set(draft.pk, worker);
    // The server may stop while a draft computes: the draft is then marked failed (stop()) or, if the process
    // dies, taken for stale later.
    worker.unref();
    let answered = false;
    const done = (answer: WorkerAnswer) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      this.workers.delete(draft.pk);
      void worker.terminate();
      void this.finish(draft.pk, answer, units);
    };
    const timer = setTimeout(
      () => done({ ok: false, reason: `stopped: still computing after ${this.settings.staleAfterMs / 1000} s` }),
      this.settings.staleAfterMs,
    );
    timer.unref();
    worker.once("message", (answer: WorkerAnswer) => done(answer));
    worker.once("error", (err) => done({ ok: false, reason: `internal error: ${err.message}` }));
    worker.once("exit", (code) => done({ ok: false, reason: `internal error: the computation exited (${code})` }));
  }

  /** Records the outcome, unless the draft is no longer COMPUTING (taken for stale meanwhile). */
  private async finish(pk: number, answer: WorkerAnswer, units: Record<string, string>): Promise<void> {
    const content: DraftContent | null = answer.ok
      ? {
          cells: answer.result.cells,
          raw: answer.raw,
          audit: answer.result.audit,
          units,
        }
      : null;
    if (!answer.ok) log.warn({ draft: pk, reason: answer.reason }, "report draft failed");
    try {
      await writeTransaction(this.ds, (em) =>
        em.update(
          ReportDraftRow,
          { pk, status: DraftStatus.COMPUTING },
          {
            status: answer.ok ? DraftStatus.READY : DraftStatus.FAILED,
            running: null,
            finishedAt: now(),
            failure: answer.ok ? null : answer.reason,
            // simple-json: TypeORM's update() takes the column's JSON as the entity would hold it.
            content: content as never,
            basis: (answer.ok ? answer.result.basis : null) as never,
          },
        ),
      );
    } catch (err) {
      log.error({ err, draft: pk }, "could not record a report draft's outcome");
      // The outcome itself could not be stored (e.g. larger than the database accepts in one statement): say so,
      // in a few bytes, rather than leave the draft COMPUTING until it reads as stale.
      const reason = `could not store the draft: ${clip(err instanceof Error ? err.message : String(err), 200)}`;
      await writeTransaction(this.ds, (em) =>
        em.update(
          ReportDraftRow,
          { pk, status: DraftStatus.COMPUTING },
          { status: DraftStatus.FAILED, running: null, finishedAt: now(), failure: reason },
        ),
      ).catch((again: unknown) => log.error({ err: again, draft: pk }, "could not mark a report draft FAILED"));
    }
  }

  /** Stops every computation of this process; their drafts are marked failed (best effort: the database may be gone). */
  async stop(): Promise<void> {
    const pks = [...this.workers.keys()];
    await Promise.all([...this.workers.values()].map((w) => w.terminate()));
    this.workers.clear();
    if (!pks.length) return;
    await Promise.all(
      pks.map((pk) =>
        this.finish(pk, { ok: false, reason: "stopped: the server stopped while computing" }, {}).catch(() => {}),
      ),
    );
  }
}

function jobsOf(ctx: Context): ReportJobs {
  if (!ctx.reports) throw new Error("report releases are not configured in this context");
  return ctx.reports;
}

function noteOf(note: string | null | undefined, argument: string, required: boolean): string | null {
  const trimmed = note?.trim() ?? "";
  if (trimmed.length > NOTE_MAX_CHARS)
    throw badInput(`${argument} takes at most ${NOTE_MAX_CHARS} characters, got ${trimmed.length}`, { argument });
  if (!trimmed && required) throw badInput(`${argument} is required here and must not be blank`, { argument });
  return trimmed || null;
}

const isDuplicate = (err: unknown) => {
  const e = err as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code ?? "";
  return code === "ER_DUP_ENTRY" || code.startsWith("SQLITE_CONSTRAINT");
};

const staleReason = (jobs: ReportJobs) =>
  `stale: no outcome after ${jobs.settings.staleAfterMs / 1000} s (the process computing it stopped)`;

/**
 * Drafts and releases of the Report (docs/report.md). Authorisation is the schema's (src/disclosure/permissions.ts:
 * the Secretariat alone drafts, previews, publishes and withdraws); what is served to everyone is read from
 * report_release alone.
 */
export const releaseService = {
  /**
   * Starts computing a draft of a CLOSED cycle, answering at once (COMPUTING). A draft of the cycle already
   * computing is returned instead of starting another; one left COMPUTING past the stale time is marked FAILED.
   */
  async draft(ctx: Context, code: string): Promise<ReportDraftRow> {
    const jobs = jobsOf(ctx);
    const named = await cycleService.one(ctx, code, "cycle");
    const started = async (): Promise<{ draft: ReportDraftRow; isNew: boolean; cycle: Cycle }> =>
      writeTransaction(ctx.ds, async (em) => {
        const cycle = await cycleService.current(em, named.pk);
        if (cycle.phase !== CyclePhase.CLOSED) throw wrongPhase(cycle, [CyclePhase.CLOSED], "draft the Report");
        const running = await em.findOneBy(ReportDraftRow, { running: cycle.pk });
        if (running && !jobs.isStale(running)) return { draft: running, isNew: false, cycle };
        if (running)
          await em.update(
            ReportDraftRow,
            { pk: running.pk, status: DraftStatus.COMPUTING },
            { status: DraftStatus.FAILED, running: null, finishedAt: now(), failure: staleReason(jobs) },
          );
        const basedOn = await em.countBy(ReportReleaseRow, { cycleId: cycle.pk });
        const draft = await em.save(
          em.create(ReportDraftRow, {
            cycleId: cycle.pk,
            status: DraftStatus.COMPUTING,
            running: cycle.pk,
            basedOn,
            startedAt: now(),
            startedBy: actor(ctx),
            finishedAt: null,
            failure: null,
            minContributors: jobs.settings.thresholds.minContributors,
            minForQuantiles: jobs.settings.thresholds.minForQuantiles,
            content: null,
          }),
        );
        return { draft, isNew: true, cycle };
      });
    let outcome;
    try {
      outcome = await started();
    } catch (err) {
      // Another server process started one at the same moment (MariaDB): that one is the cycle's computation.
      if (!isDuplicate(err)) throw err;
      const running = await ctx.ds.manager.findOneBy(ReportDraftRow, { running: named.pk });
      if (!running) throw err;
      return running;
    }
    if (outcome.isNew) {
      const open = (await cycleService.all(ctx)).filter((c) => c.phase !== CyclePhase.CLOSED).map((c) => c.pk);
      jobs.start(outcome.draft, outcome.cycle, open);
    }
    return outcome.draft;
  },

  /** The cycle's latest draft (null: none); a computation past the stale time reads as FAILED. */
  async latestDraft(ctx: Context, code: string): Promise<ReportDraftRow | null> {
    const jobs = jobsOf(ctx);
    const cycle = await cycleService.one(ctx, code, "cycle");
    const [draft] = await ctx.ds.manager.find(ReportDraftRow, {
      where: { cycleId: cycle.pk },
      order: { pk: "DESC" },
      take: 1,
    });
    if (draft && jobs.isStale(draft))
      return Object.assign(new ReportDraftRow(), draft, { status: DraftStatus.FAILED, failure: staleReason(jobs) });
    return draft ?? null;
  },

  /**
   * Publishes a READY draft as the cycle's next release. Refused (CONFLICT) when it is not READY, was published
   * already (of two concurrent publications one wins), or a release was published since it was computed (it was
   * not audited against that one: draft again). A correction (release 2 and later) needs a note.
   */
  async publish(ctx: Context, draftId: string, note: string | null | undefined): Promise<ReportReleaseRow> {
    const pk = idArgument(draftId, "ReportDraft", "draft", "a report draft");
    const given = noteOf(note, "note", false);
    const published = await writeTransaction(ctx.ds, async (em) => {
      const draft = await em
        .createQueryBuilder(ReportDraftRow, "d")
        .addSelect("d.basis")
        .where("d.pk = :pk", { pk })
        .getOne();
      if (!draft) throw notFound(`No report draft '${clip(draftId, 64)}'`, { argument: "draft" });
      if (draft.status === DraftStatus.PUBLISHED)
        throw domainError("CONFLICT", "This draft was published already", { reason: "ALREADY_PUBLISHED" });
      if (draft.status !== DraftStatus.READY || !draft.content)
        throw domainError("CONFLICT", `Only a READY draft can be published; this one is ${draft.status}`, {
          reason: "DRAFT_NOT_READY",
          status: draft.status,
        });
      const count = await em.countBy(ReportReleaseRow, { cycleId: draft.cycleId });
      const stale = () =>
        domainError(
          "CONFLICT",
          `A release of the cycle was published after this draft was computed; draft the Report again`,
          { reason: "STALE_DRAFT" },
        );
      if (count !== draft.basedOn) throw stale();
      if (count > 0 && !given) noteOf(given, "note", true);
      // Guarded by the status it was read in: of two publications of one draft, one wins.
      const res = await em.update(ReportDraftRow, { pk, status: DraftStatus.READY }, { status: DraftStatus.PUBLISHED });
      if (res.affected !== 1)
        throw domainError("CONFLICT", "This draft was published already", { reason: "ALREADY_PUBLISHED" });
      const { cells, audit, units } = draft.content;
      // Two drafts of one cycle published at once both count the same releases (a plain read); the unique
      // (cycle, number) index lets one in, and the other is a stale draft like any other.
      return em
        .save(
          em.create(ReportReleaseRow, {
            cycleId: draft.cycleId,
            number: count + 1,
            draftId: pk,
            publishedAt: now(),
            publishedBy: actor(ctx),
            note: given,
            withdrawnAt: null,
            withdrawnBy: null,
            withdrawalNote: null,
            minContributors: draft.minContributors,
            minForQuantiles: draft.minForQuantiles,
            content: { cells, viewers: audit.viewers, rounds: audit.rounds, units },
            basis: draft.basis ?? [],
          }),
        )
        .catch((err: unknown) => {
          throw isDuplicate(err) ? stale() : err;
        });
    });
    // "The latest release" of the cycle changed: cached anonymous answers must not go on showing the earlier one.
    await ctx.publicAnswers?.invalidate();
    return published;
  },

  /** Withdraws a release: its figures are no longer served; its number, dates and notes stay. */
  async withdraw(ctx: Context, releaseId: string, note: string): Promise<ReportReleaseRow> {
    const pk = idArgument(releaseId, "ReportRelease", "release", "a report release");
    const given = noteOf(note, "note", true)!;
    const withdrawn = await writeTransaction(ctx.ds, async (em) => {
      const release = await em.findOneBy(ReportReleaseRow, { pk });
      if (!release) throw notFound(`No report release '${clip(releaseId, 64)}'`, { argument: "release" });
      const when = now();
      const res = await em.update(
        ReportReleaseRow,
        { pk, withdrawnAt: IsNull() },
        { withdrawnAt: when, withdrawnBy: actor(ctx), withdrawalNote: given },
      );
      if (res.affected !== 1)
        throw domainError("CONFLICT", "This release was withdrawn already", { reason: "ALREADY_WITHDRAWN" });
      return Object.assign(release, { withdrawnAt: when, withdrawnBy: actor(ctx), withdrawalNote: given });
    });
    // Its figures are no longer served: not from the shared response cache either.
    await ctx.publicAnswers?.invalidate();
    return withdrawn;
  },

  /** A published release of a cycle by number, or its latest (null: no such cycle or release). */
  async release(ctx: Context, code: string, number?: number | null): Promise<ReportReleaseRow | null> {
    const cycle = await cycleService.byCode(ctx, code);
    if (!cycle) return null;
    return releaseOf(ctx.ds.manager, cycle.pk, number);
  },

  /** The releases of a cycle before `number`, newest first. */
  earlier(ctx: Context, release: ReportReleaseRow): Promise<ReportReleaseRow[]> {
    return ctx.ds.manager
      .find(ReportReleaseRow, { where: { cycleId: release.cycleId }, order: { number: "DESC" } })
      .then((all) => all.filter((r) => r.number < release.number));
  },
};

/** A published release by cycle id and number (the latest when none is given): what files and GraphQL serve. */
export async function releaseOf(
  em: EntityManager,
  cycleId: number,
  number?: number | null,
): Promise<ReportReleaseRow | null> {
  if (number !== undefined && number !== null) return em.findOneBy(ReportReleaseRow, { cycleId, number });
  const [latest] = await em.find(ReportReleaseRow, { where: { cycleId }, order: { number: "DESC" }, take: 1 });
  return latest ?? null;
}
