import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { AuditReport, AuditRow, ReportCell } from "./report.types";

/** Where a draft stands: computing in a worker thread, ready to preview and publish, failed, or published. */
export enum DraftStatus {
  COMPUTING = "COMPUTING",
  READY = "READY",
  FAILED = "FAILED",
  PUBLISHED = "PUBLISHED",
}

/** Figures of a cell over every contribution, before suppression: the Secretariat's preview only. */
export type RawFigures = Pick<ReportCell, "n" | "mean" | "q1" | "median" | "q3" | "members">;

/** What a computed draft holds (JSON). `units`: each KPI's unit when the draft was computed (for the CSV files). */
export interface DraftContent {
  cells: ReportCell[];
  raw: Record<string, RawFigures>;
  audit: AuditReport;
  units: Record<string, string>;
}

/** What a published release holds (JSON): never changed after publication. */
export interface ReleaseContent {
  cells: ReportCell[];
  viewers: string[];
  rounds: number;
  units: Record<string, string>;
}

/** One computation of a cycle's release: the Secretariat's alone (docs/report.md). */
@Entity("report_draft")
export class ReportDraftRow {
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Column({ type: "int" }) cycleId!: number;
  @Column({ type: "varchar", length: 16 }) status!: DraftStatus;
  /** The cycle's id while COMPUTING (unique: one computation per cycle), else null. */
  @Column({ type: "int", nullable: true }) running!: number | null;
  /** How many releases of the cycle there were when it started: the earlier releases it was audited against. */
  @Column({ type: "int" }) basedOn!: number;
  @Column({ type: "datetime" }) startedAt!: Date;
  @Column({ type: "varchar", length: 128 }) startedBy!: string;
  @Column({ type: "datetime", nullable: true }) finishedAt!: Date | null;
  @Column({ type: "text", nullable: true }) failure!: string | null;
  @Column({ type: "int" }) minContributors!: number;
  @Column({ type: "int" }) minForQuantiles!: number;
  @Column({ type: "simple-json", nullable: true }) content!: DraftContent | null;
  /** Read only when asked for (withBasis): megabytes for a full cycle. */
  @Column({ type: "simple-json", nullable: true, select: false }) basis?: AuditRow[] | null;
}

/** A published release: immutable but for its withdrawal (number, dates and notes stay). */
@Entity("report_release")
export class ReportReleaseRow {
  @PrimaryGeneratedColumn({ name: "id" }) pk!: number;
  @Column({ type: "int" }) cycleId!: number;
  @Column({ type: "int" }) number!: number;
  @Column({ type: "int" }) draftId!: number;
  @Column({ type: "datetime" }) publishedAt!: Date;
  @Column({ type: "varchar", length: 128 }) publishedBy!: string;
  @Column({ type: "text", nullable: true }) note!: string | null;
  @Column({ type: "datetime", nullable: true }) withdrawnAt!: Date | null;
  @Column({ type: "varchar", length: 128, nullable: true }) withdrawnBy!: string | null;
  @Column({ type: "text", nullable: true }) withdrawalNote!: string | null;
  @Column({ type: "int" }) minContributors!: number;
  @Column({ type: "int" }) minForQuantiles!: number;
  @Column({ type: "simple-json" }) content!: ReleaseContent;
  /** The linear rows of its published sums, for auditing later releases; never served (withBasis). */
  @Column({ type: "simple-json", select: false }) basis?: AuditRow[];
}
