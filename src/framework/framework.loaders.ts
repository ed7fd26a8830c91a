import DataLoader from "dataloader";
import { loaderByCode, loaderById, loaderByParent, loaderThrough, type RememberingLoader } from "../common/loaders";
import type { LoaderDeps } from "../context";
import { Dimension } from "./dimension.entity";
import { Outcome } from "./outcome.entity";
import { FrameworkVersion } from "./framework-version.entity";
import { Kpi } from "./kpi.entity";
import { SdgGoal, SdgTarget } from "./sdg.entity";
import { Instrument } from "./instrument.entity";
import { frameworkView, type FrameworkView } from "./framework-snapshot";
import { KpiInstrument, KpiSdgTarget, OutcomeInstrument, OutcomeSdgTarget } from "./mapping.entity";

/**
 * KPIs by code within a version (by its code; null: the active one), from the process's snapshot of that
 * version: `kpi(code:)` and `kpiTrends(kpis:)` cost no statement. The KPIs found are remembered by id, so
 * results' `kpi` fields answer without one either.
 */
function kpiByCodeLoaders(view: FrameworkView, kpi: RememberingLoader<Kpi>) {
  const kpiByCodeIn = new Map<string, DataLoader<string, Kpi | null>>();
  return (versionCode: string | null) => {
    let loader = kpiByCodeIn.get(versionCode ?? "");
    if (!loader) {
      loader = new DataLoader<string, Kpi | null>(async (codes) => {
        const s = await view.holding(versionCode, (s) => codes.every((c) => s.kpiByCode.has(c)));
        return codes.map((c) => {
          const k = s.kpiByCode.get(c) ?? null;
          if (k) kpi.remember(k);
          return k;
        });
      });
      kpiByCodeIn.set(versionCode ?? "", loader);
    }
    return loader;
  };
}

type Deps = LoaderDeps;
// Loaders built on others name only what they use (a type of their own would be circular).
type Uses = { framework: FrameworkView; kpi: RememberingLoader<Kpi>; sdgTarget: RememberingLoader<SdgTarget> };
type UsesMore = Uses & { instrument: RememberingLoader<Instrument>; outcome: RememberingLoader<Outcome> };

export const frameworkLoaders = {
  /** The framework versions' structure as this request sees them (framework-snapshot.ts). */
  framework: (d: Deps) => frameworkView(d.snapshots.frameworks),
  kpiByCode: (_: Deps, l: Uses) => kpiByCodeLoaders(l.framework, l.kpi),
  frameworkVersion: (d: Deps) => loaderById(d.ds, FrameworkVersion),
  dimension: (d: Deps) => loaderById(d.ds, Dimension),
  outcome: (d: Deps) => loaderById(d.ds, Outcome),
  kpi: (d: Deps) => loaderById(d.ds, Kpi),
  sdgGoal: (d: Deps) => loaderById(d.ds, SdgGoal),
  sdgTarget: (d: Deps) => loaderById(d.ds, SdgTarget),
  instrument: (d: Deps) => loaderById(d.ds, Instrument),
  // By code: what federation's entity references name (src/federation/entities.ts).
  sdgTargetByCode: (d: Deps, l: Uses) => loaderByCode(d.ds, SdgTarget, l.sdgTarget),
  instrumentByCode: (d: Deps, l: UsesMore) => loaderByCode(d.ds, Instrument, l.instrument),
  dimensionsByVersion: (d: Deps) => loaderByParent(d.ds, Dimension, "frameworkVersionId", "position"),
  outcomesByDimension: (d: Deps) => loaderByParent(d.ds, Outcome, "dimensionId", "position"),
  kpisByOutcome: (d: Deps) => loaderByParent(d.ds, Kpi, "outcomeId", "position"),
  targetsByGoal: (d: Deps) => loaderByParent(d.ds, SdgTarget, "goalId"),
  outcomeSdgTargets: (d: Deps, l: Uses) =>
    loaderThrough(d.ds, OutcomeSdgTarget, "outcomeId", "sdgTargetId", l.sdgTarget),
  outcomeInstruments: (d: Deps, l: UsesMore) =>
    loaderThrough(d.ds, OutcomeInstrument, "outcomeId", "instrumentId", l.instrument),
  kpiSdgTargets: (d: Deps, l: Uses) => loaderThrough(d.ds, KpiSdgTarget, "kpiId", "sdgTargetId", l.sdgTarget),
  kpiInstruments: (d: Deps, l: UsesMore) => loaderThrough(d.ds, KpiInstrument, "kpiId", "instrumentId", l.instrument),
  sdgTargetKpis: (d: Deps, l: Uses) => loaderThrough(d.ds, KpiSdgTarget, "sdgTargetId", "kpiId", l.kpi),
  sdgTargetOutcomes: (d: Deps, l: UsesMore) =>
    loaderThrough(d.ds, OutcomeSdgTarget, "sdgTargetId", "outcomeId", l.outcome),
  instrumentKpis: (d: Deps, l: Uses) => loaderThrough(d.ds, KpiInstrument, "instrumentId", "kpiId", l.kpi),
  instrumentOutcomes: (d: Deps, l: UsesMore) =>
    loaderThrough(d.ds, OutcomeInstrument, "instrumentId", "outcomeId", l.outcome),
};
