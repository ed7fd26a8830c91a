import { FrameworkVersion } from "../framework/framework-version.entity";
import { Dimension } from "../framework/dimension.entity";
import { Outcome } from "../framework/outcome.entity";
import { Kpi } from "../framework/kpi.entity";
import { SdgGoal, SdgTarget } from "../framework/sdg.entity";
import { Instrument } from "../framework/instrument.entity";
import { KpiInstrument, KpiSdgTarget, OutcomeInstrument, OutcomeSdgTarget } from "../framework/mapping.entity";
import { Region } from "../members/region.entity";
import { Member } from "../members/member.entity";
import { Union, UnionMembership } from "../members/union.entity";
import { Cycle } from "../assessment/cycle.entity";
import { Assessment } from "../assessment/assessment.entity";
import { KpiResult, KpiResultChangeRow } from "../assessment/kpi-result.entity";
import { CapacityNeed } from "../assessment/capacity-need.entity";
import { PeerReview, PeerReviewAssignment, ReviewFinding } from "../review/peer-review.entity";
import { ReportDraftRow, ReportReleaseRow } from "../report/release.entity";

export const entities = [
  FrameworkVersion,
  Dimension,
  Outcome,
  Kpi,
  SdgGoal,
  SdgTarget,
  Instrument,
  OutcomeSdgTarget,
  OutcomeInstrument,
  KpiSdgTarget,
  KpiInstrument,
  Region,
  Member,
  Union,
  UnionMembership,
  Cycle,
  Assessment,
  KpiResult,
  KpiResultChangeRow,
  CapacityNeed,
  PeerReview,
  PeerReviewAssignment,
  ReviewFinding,
  ReportDraftRow,
  ReportReleaseRow,
];
