import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { loaderById, loaderByParent, loaderThrough } from "../common/loaders";
import { Dimension } from "./dimension.entity";
import { Outcome } from "./outcome.entity";
import { FrameworkVersion } from "./framework-version.entity";
import { Kpi } from "./kpi.entity";
import { SdgGoal, SdgTarget } from "./sdg.entity";
import { Instrument } from "./instrument.entity";
import type { FrameworkView } from "./framework-snapshot";
import { KpiInstrument, KpiSdgTarget, OutcomeInstrument, OutcomeSdgTarget } from "./mapping.entity";

export function createFrameworkLoaders(ds: DataSource, view: FrameworkView) {
  const frameworkVersion = loaderById(ds, FrameworkVersion);
  const dimension = loaderById(ds, Dimension);
  const outcome = loaderById(ds, Outcome);
  const kpi = loaderById(ds, Kpi);
  const sdgGoal = loaderById(ds, SdgGoal);
  const sdgTarget = loaderById(ds, SdgTarget);
  const instrument = loaderById(ds, Instrument);
  // KPIs by code within a version (by its code; null: the active one), from the process's snapshot of that
  // version: `kpi(code:)` and `kpiTrends(kpis:)` cost no statement. The KPIs found are remembered by id, so
  // results' `kpi` fields answer without one either.
  const kpiByCodeIn = new Map<string, DataLoader<string, Kpi | null>>();
  const kpiByCode = (versionCode: string | null) => {
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
  return {
    /** The framework versions' structure as this request sees them (framework-snapshot.ts). */
    framework: view,
    kpiByCode,
    frameworkVersion,
    dimension,
    outcome,
    kpi,
    sdgGoal,
    sdgTarget,
    instrument,
    dimensionsByVersion: loaderByParent(ds, Dimension, "frameworkVersionId", "position"),
    outcomesByDimension: loaderByParent(ds, Outcome, "dimensionId", "position"),
    kpisByOutcome: loaderByParent(ds, Kpi, "outcomeId", "position"),
    targetsByGoal: loaderByParent(ds, SdgTarget, "goalId"),
    outcomeSdgTargets: loaderThrough(ds, OutcomeSdgTarget, "outcomeId", "sdgTargetId", sdgTarget),
    outcomeInstruments: loaderThrough(ds, OutcomeInstrument, "outcomeId", "instrumentId", instrument),
    kpiSdgTargets: loaderThrough(ds, KpiSdgTarget, "kpiId", "sdgTargetId", sdgTarget),
    kpiInstruments: loaderThrough(ds, KpiInstrument, "kpiId", "instrumentId", instrument),
    sdgTargetKpis: loaderThrough(ds, KpiSdgTarget, "sdgTargetId", "kpiId", kpi),
    sdgTargetOutcomes: loaderThrough(ds, OutcomeSdgTarget, "sdgTargetId", "outcomeId", outcome),
    instrumentKpis: loaderThrough(ds, KpiInstrument, "instrumentId", "kpiId", kpi),
    instrumentOutcomes: loaderThrough(ds, OutcomeInstrument, "instrumentId", "outcomeId", outcome),
  };
}
export type FrameworkLoaders = ReturnType<typeof createFrameworkLoaders>;
