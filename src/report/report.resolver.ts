import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Field, ObjectType } from "type-graphql";
import type { Context } from "../context";
import { Cycle } from "../assessment/cycle.entity";
import { releaseService } from "./release.service";
import { DraftStatus } from "./release.entity";
import { chartPath, tablePath } from "./report-files";
import {
  cellOf,
  draftCellOf,
  ReportDraft,
  ReportDraftTable,
  ReportRelease,
  ReportSuppression,
  ReportTable,
  ReportTableName,
  tablesOf,
} from "./report.graphql-types";

@ObjectType({ description: "A file of a published release, at a stable URL (docs/report.md)." })
export class ReportFile {
  @Field({ description: "The table (`KPI`, ...) or, for a chart, the KPI code." }) name!: string;
  @Field({ description: "Path on this server, e.g. /reports/2025/1/kpi.csv." }) path!: string;
  @Field({ description: "text/csv or image/svg+xml." }) mediaType!: string;
}

/** A release's or draft's cycle (it exists: the row references it). */
const cycleOf = async (ctx: Context, pk: number): Promise<Cycle> => (await ctx.loaders.cycle.load(pk))!;

const TABLES_ARG = {
  nullable: true,
  description: "Only these tables (all when omitted).",
} as const;

/** Published releases: readable by everyone, anonymous included (disclosure rule 8). */
@Resolver(() => ReportRelease)
export class ReportReleaseResolver {
  @Query(() => ReportRelease, {
    nullable: true,
    description:
      "A published release of a cycle's Report, by number; the latest when `release` is omitted. Null when there is none. Drafts are never answered here.",
  })
  async report(
    @Ctx() ctx: Context,
    @Arg("cycle", () => ID) cycle: string,
    @Arg("release", () => Int, { nullable: true }) release?: number | null,
  ): Promise<ReportRelease | null> {
    const row = await releaseService.release(ctx, cycle, release);
    return row ? new ReportRelease(row) : null;
  }

  @FieldResolver(() => Cycle)
  cycle(@Ctx() ctx: Context, @Root() r: ReportRelease): Promise<Cycle> {
    return cycleOf(ctx, r.row.cycleId);
  }

  @FieldResolver(() => [ReportTable], { nullable: true, description: "Null once the release is withdrawn." })
  tables(
    @Root() r: ReportRelease,
    @Arg("names", () => [ReportTableName], TABLES_ARG) names?: ReportTableName[] | null,
  ): ReportTable[] | null {
    if (r.row.withdrawnAt) return null;
    return tablesOf(r.row.content.cells, names, (name, cells) =>
      Object.assign(new ReportTable(), { name, cells: cells.map((c) => cellOf(c, r.row.pk)) }),
    );
  }

  @FieldResolver(() => [ReportFile], {
    nullable: true,
    description: "Its SDMX-CSV tables and SVG charts (one per KPI); null once withdrawn.",
  })
  async files(@Ctx() ctx: Context, @Root() r: ReportRelease): Promise<ReportFile[] | null> {
    if (r.row.withdrawnAt) return null;
    const cycle = await cycleOf(ctx, r.row.cycleId);
    const tables = tablesOf(r.row.content.cells, null, (name) => ({
      name,
      path: tablePath(cycle.code, r.row.number, name),
      mediaType: "text/csv",
    }));
    const kpis = [
      ...new Set(r.row.content.cells.filter((c) => c.table === "KPI" && c.groupBy === "REGION").map((c) => c.subject)),
    ];
    const charts = kpis.map((kpi) => ({
      name: kpi,
      path: chartPath(cycle.code, r.row.number, kpi),
      mediaType: "image/svg+xml",
    }));
    return [...tables, ...charts].map((f) => Object.assign(new ReportFile(), f));
  }

  @FieldResolver(() => [ReportRelease], { description: "The cycle's releases before this one, newest first." })
  async earlier(@Ctx() ctx: Context, @Root() r: ReportRelease): Promise<ReportRelease[]> {
    return (await releaseService.earlier(ctx, r.row)).map((row) => new ReportRelease(row));
  }

  @Mutation(() => ReportRelease, {
    description:
      "Secretariat: publish a READY draft as the cycle's next release (a correction, release 2 and on, needs a note). CONFLICT when the draft is not READY, was published already, or another release was published since it was computed.",
  })
  async publishReport(
    @Ctx() ctx: Context,
    @Arg("draft", () => ID) draft: string,
    @Arg("note", () => String, { nullable: true }) note?: string | null,
  ): Promise<ReportRelease> {
    return new ReportRelease(await releaseService.publish(ctx, draft, note));
  }

  @Mutation(() => ReportRelease, {
    description:
      "Secretariat: withdraw a release; its figures and files are no longer served, its number, dates and notes stay.",
  })
  async withdrawReport(
    @Ctx() ctx: Context,
    @Arg("release", () => ID) release: string,
    @Arg("note", () => String) note: string,
  ): Promise<ReportRelease> {
    return new ReportRelease(await releaseService.withdraw(ctx, release, note));
  }
}

/** Drafts: the Secretariat's alone (src/disclosure/permissions.ts guards every field). */
@Resolver(() => ReportDraft)
export class ReportDraftResolver {
  @Query(() => ReportDraft, {
    nullable: true,
    description: "Secretariat: the cycle's latest Report draft, with every cell's figures and why any is suppressed.",
  })
  async reportDraft(@Ctx() ctx: Context, @Arg("cycle", () => ID) cycle: string): Promise<ReportDraft | null> {
    const row = await releaseService.latestDraft(ctx, cycle);
    return row ? new ReportDraft(row) : null;
  }

  @Mutation(() => ReportDraft, {
    description:
      "Secretariat: compute a draft of a CLOSED cycle's Report. Answers at once (COMPUTING); reportDraft shows when it is READY or FAILED. While one is computing, that one is answered.",
  })
  async draftReport(@Ctx() ctx: Context, @Arg("cycle", () => ID) cycle: string): Promise<ReportDraft> {
    return new ReportDraft(await releaseService.draft(ctx, cycle));
  }

  @FieldResolver(() => Cycle)
  cycle(@Ctx() ctx: Context, @Root() d: ReportDraft): Promise<Cycle> {
    return cycleOf(ctx, d.row.cycleId);
  }

  @FieldResolver(() => [ReportDraftTable], { nullable: true, description: "READY (or PUBLISHED): its tables." })
  tables(
    @Root() d: ReportDraft,
    @Arg("names", () => [ReportTableName], TABLES_ARG) names?: ReportTableName[] | null,
  ): ReportDraftTable[] | null {
    const content = d.row.content;
    if (!content || d.row.status === DraftStatus.COMPUTING || d.row.status === DraftStatus.FAILED) return null;
    const reasons = new Map<string, typeof content.audit.suppressions>();
    for (const s of content.audit.suppressions) reasons.set(s.cell, [...(reasons.get(s.cell) ?? []), s]);
    return tablesOf(content.cells, names, (name, cells) =>
      Object.assign(new ReportDraftTable(), {
        name,
        cells: cells.map((c) => draftCellOf(c, d.row.pk, content.raw[c.id], reasons.get(c.id) ?? [])),
      }),
    );
  }

  @FieldResolver(() => [ReportSuppression], { nullable: true, description: "READY: every suppression, in order." })
  suppressions(@Root() d: ReportDraft): ReportSuppression[] | null {
    return d.row.content?.audit.suppressions.map((s) => Object.assign(new ReportSuppression(), s)) ?? null;
  }
}
