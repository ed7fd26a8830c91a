import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeISOResolver } from "graphql-scalars";
import { toGlobalId } from "../common/global-id";
import { publicViewerIds } from "./viewers";
import { DraftStatus, type RawFigures, type ReportDraftRow, type ReportReleaseRow } from "./release.entity";
import type { ReportCell as EngineCell, Suppression } from "./report.types";

/** The GraphQL face of report releases (docs/report.md); built from rows, never from a draft for a release. */

export enum ReportTableName {
  KPI = "KPI",
  OUTCOME = "OUTCOME",
  DIMENSION = "DIMENSION",
  INSTRUMENT = "INSTRUMENT",
  SDG_TARGET = "SDG_TARGET",
  NEEDS = "NEEDS",
  PARTICIPATION = "PARTICIPATION",
}
registerEnumType(ReportTableName, { name: "ReportTableName", description: "A table of the Report (docs/report.md)." });

export enum ReportGroupBy {
  WORLD = "WORLD",
  REGION = "REGION",
  INCOME_GROUP = "INCOME_GROUP",
  LANDLOCKED = "LANDLOCKED",
  OUTCOME = "OUTCOME",
}
registerEnumType(ReportGroupBy, { name: "ReportGroupBy", description: "How a Report table's cells are grouped." });

export enum ConfStatus {
  F = "F",
  C = "C",
  D = "D",
}
registerEnumType(ConfStatus, {
  name: "ConfStatus",
  description: "SDMX confidentiality status (CL_CONF_STATUS): F free, C primary, D secondary suppression.",
});

export enum ReportReleaseStatus {
  PUBLISHED = "PUBLISHED",
  WITHDRAWN = "WITHDRAWN",
}
registerEnumType(ReportReleaseStatus, {
  name: "ReportReleaseStatus",
  description: "WITHDRAWN: its figures are no longer served; its number, dates and notes stay.",
});

registerEnumType(DraftStatus, {
  name: "ReportDraftStatus",
  description:
    "COMPUTING (in a worker), then READY or FAILED (see `failure`); PUBLISHED once a release was made of it.",
});

export enum SuppressionFigure {
  MEAN = "MEAN",
  QUANTILES = "QUANTILES",
}
registerEnumType(SuppressionFigure, { name: "ReportSuppressedFigure", description: "MEAN: n and the mean." });

export enum SuppressionRule {
  PRIMARY = "PRIMARY",
  ADDITIVE_RESIDUAL = "ADDITIVE_RESIDUAL",
  LINEAR_AUDIT = "LINEAR_AUDIT",
}
registerEnumType(SuppressionRule, { name: "ReportSuppressionRule", description: "docs/methods.md, 12.3 and 12.4." });

@ObjectType({ description: "The disclosure-control thresholds a release was computed with." })
export class ReportThresholds {
  @Field(() => Int) minContributors!: number;
  @Field(() => Int) minForQuantiles!: number;
}

@ObjectType({ description: "A cell of a published release: figures only where its status is F." })
export class ReportCell {
  @Field(() => ID, {
    description:
      "Opaque, unique to this cell of this release (client caches normalise by it); `key` names the cell across releases.",
  })
  id!: string;
  @Field({ description: "`TABLE:code:GROUPING:group`: the same cell in every release and cycle." }) key!: string;
  @Field(() => ReportTableName) table!: ReportTableName;
  @Field({
    description:
      "What the cell is about: the KPI, outcome, dimension, instrument or SDG target code; NEEDS, PARTICIPATION.",
  })
  code!: string;
  @Field(() => ReportGroupBy) groupBy!: ReportGroupBy;
  @Field({ description: "The group's code (a region, an income group, LANDLOCKED/COASTAL/UNKNOWN, WORLD)." })
  group!: string;
  @Field(() => Int, { nullable: true }) n!: number | null;
  @Field(() => Float, { nullable: true }) mean!: number | null;
  @Field(() => Float, { nullable: true }) q1!: number | null;
  @Field(() => Float, { nullable: true }) median!: number | null;
  @Field(() => Float, { nullable: true }) q3!: number | null;
  @Field(() => Int, { nullable: true, description: "PARTICIPATION: the Members of the group." })
  members!: number | null;
  @Field(() => ConfStatus, { description: "Status of n and the mean." }) status!: ConfStatus;
  @Field(() => ConfStatus, { nullable: true, description: "KPI cells: status of the median and quartiles." })
  quantileStatus!: ConfStatus | null;
}

@ObjectType({ description: "A table of a published release." })
export class ReportTable {
  @Field(() => ReportTableName) name!: ReportTableName;
  @Field(() => [ReportCell]) cells!: ReportCell[];
}

/** A cell as served: the engine's cell id is its key; its id is the cell of this release (or draft). */
const cellIds = (typename: string, owner: number, c: EngineCell) => ({
  id: toGlobalId(typename, `${owner}:${c.id}`),
  key: c.id,
});

export const cellOf = (c: EngineCell, release: number): ReportCell =>
  Object.assign(new ReportCell(), {
    ...c,
    ...cellIds("ReportCell", release, c),
    code: c.subject,
    members: c.members ?? null,
  });

/** The tables in the order of ReportTableName, each with its cells in the engine's order. */
export function tablesOf<C extends { table: string }, T>(
  cells: readonly C[],
  names: readonly ReportTableName[] | null | undefined,
  make: (name: ReportTableName, cells: C[]) => T,
): T[] {
  const wanted = names?.length ? new Set(names) : null;
  return Object.values(ReportTableName)
    .filter((n) => !wanted || wanted.has(n))
    .map((n) => [n, cells.filter((c) => c.table === n)] as const)
    .filter(([, cs]) => cs.length > 0)
    .map(([n, cs]) => make(n, cs));
}

@ObjectType({
  description:
    "A published release of a cycle's Report: immutable, numbered per cycle, readable by everyone. Its figures are aggregates over every contribution, disclosure-controlled (docs/report.md).",
})
export class ReportRelease {
  static readonly typename = "ReportRelease";
  constructor(readonly row: ReportReleaseRow) {}
  @Field(() => ID, { description: "Opaque id (for withdrawReport)." }) get id(): string {
    return toGlobalId(ReportRelease.typename, this.row.pk);
  }
  @Field(() => Int, { description: "1 for the first release of the cycle, 2 and on for corrections." })
  get number(): number {
    return this.row.number;
  }
  @Field(() => ReportReleaseStatus) get status(): ReportReleaseStatus {
    return this.row.withdrawnAt ? ReportReleaseStatus.WITHDRAWN : ReportReleaseStatus.PUBLISHED;
  }
  @Field(() => DateTimeISOResolver) get publishedAt(): Date {
    return this.row.publishedAt;
  }
  @Field(() => String, { nullable: true, description: "Required for a correction (release 2 and on)." })
  get note(): string | null {
    return this.row.note;
  }
  @Field(() => DateTimeISOResolver, { nullable: true }) get withdrawnAt(): Date | null {
    return this.row.withdrawnAt;
  }
  @Field(() => String, { nullable: true }) get withdrawalNote(): string | null {
    return this.row.withdrawalNote;
  }
  @Field(() => ReportThresholds) get thresholds(): ReportThresholds {
    return { minContributors: this.row.minContributors, minForQuantiles: this.row.minForQuantiles };
  }
  @Field(() => [String], {
    description:
      "The viewer kinds it was audited for (docs/methods.md 12.2), e.g. ANONYMOUS, NCP:KEN; peer reviewers are numbered (PEER_REVIEWER:1), not named.",
  })
  get auditedViewers(): string[] {
    return publicViewerIds(this.row.content.viewers);
  }
}

@ObjectType({ description: "A cell of a draft as the Secretariat previews it: figures over every contribution." })
export class ReportDraftCell {
  @Field(() => ID, { description: "As ReportCell.id, for this draft." }) id!: string;
  @Field({ description: "As ReportCell.key." }) key!: string;
  @Field(() => ReportTableName) table!: ReportTableName;
  @Field({ description: "As ReportCell.code." }) code!: string;
  @Field(() => ReportGroupBy) groupBy!: ReportGroupBy;
  @Field() group!: string;
  @Field(() => Int, { nullable: true }) n!: number | null;
  @Field(() => Float, { nullable: true }) mean!: number | null;
  @Field(() => Float, { nullable: true }) q1!: number | null;
  @Field(() => Float, { nullable: true }) median!: number | null;
  @Field(() => Float, { nullable: true }) q3!: number | null;
  @Field(() => Int, { nullable: true }) members!: number | null;
  @Field(() => ConfStatus, { description: "What the release would publish of n and the mean." }) status!: ConfStatus;
  @Field(() => ConfStatus, { nullable: true }) quantileStatus!: ConfStatus | null;
  @Field(() => [ReportSuppression], { description: "Why figures of the cell would be suppressed (empty: none)." })
  reasons!: ReportSuppression[];
}

@ObjectType({ description: "One reason a draft's cell lost a figure, for one viewer kind." })
export class ReportSuppression {
  @Field(() => ID, { description: "The key of the cell suppressed (ReportDraftCell.key)." }) cell!: string;
  @Field(() => SuppressionFigure) figure!: SuppressionFigure;
  @Field(() => ConfStatus) status!: ConfStatus;
  @Field({ description: "The viewer kind it protects (e.g. NCP:KEN)." }) viewer!: string;
  @Field(() => SuppressionRule) rule!: SuppressionRule;
  @Field() reason!: string;
}

@ObjectType({ description: "A table of a draft." })
export class ReportDraftTable {
  @Field(() => ReportTableName) name!: ReportTableName;
  @Field(() => [ReportDraftCell]) cells!: ReportDraftCell[];
}

export function draftCellOf(
  c: EngineCell,
  draft: number,
  raw: RawFigures | undefined,
  reasons: Suppression[],
): ReportDraftCell {
  return Object.assign(new ReportDraftCell(), {
    ...c,
    ...cellIds("ReportDraftCell", draft, c),
    code: c.subject,
    ...(raw ?? {}),
    members: raw?.members ?? c.members ?? null,
    reasons: reasons.map((r) => Object.assign(new ReportSuppression(), r)),
  });
}

@ObjectType({
  description:
    "A computation of a cycle's Report, the Secretariat's alone: never served to anyone else, on any path. Publish it with publishReport.",
})
export class ReportDraft {
  static readonly typename = "ReportDraft";
  constructor(readonly row: ReportDraftRow) {}
  @Field(() => ID) get id(): string {
    return toGlobalId(ReportDraft.typename, this.row.pk);
  }
  @Field(() => DraftStatus) get status(): DraftStatus {
    return this.row.status;
  }
  @Field(() => DateTimeISOResolver) get startedAt(): Date {
    return this.row.startedAt;
  }
  @Field(() => DateTimeISOResolver, { nullable: true }) get finishedAt(): Date | null {
    return this.row.finishedAt;
  }
  @Field(() => String, { nullable: true, description: "FAILED: why." }) get failure(): string | null {
    return this.row.failure;
  }
  @Field(() => Int, { description: "The releases of the cycle published before it, which it was audited against." })
  get earlierReleases(): number {
    return this.row.basedOn;
  }
  @Field(() => ReportThresholds) get thresholds(): ReportThresholds {
    return { minContributors: this.row.minContributors, minForQuantiles: this.row.minForQuantiles };
  }
  @Field(() => [String], { nullable: true, description: "READY: the viewer kinds it was audited for." })
  get auditedViewers(): string[] | null {
    return this.row.content?.audit.viewers ?? null;
  }
  @Field(() => Int, { nullable: true, description: "READY: rounds of suppression and audit until it passed." })
  get rounds(): number | null {
    return this.row.content?.audit.rounds ?? null;
  }
}
