import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { leanSelect, placeholders } from "../common/lean-find";
import { loaderById, loaderByParent, loaderThrough } from "../common/loaders";
import { Dimension } from "./dimension.entity";
import { Outcome } from "./outcome.entity";
import { FrameworkVersion } from "./framework-version.entity";
import { Kpi } from "./kpi.entity";
import { SdgGoal, SdgTarget } from "./sdg.entity";
import { Instrument } from "./instrument.entity";
import { KpiInstrument, KpiSdgTarget, OutcomeInstrument, OutcomeSdgTarget } from "./mapping.entity";

export function createFrameworkLoaders(ds: DataSource) {
  const frameworkVersion = loaderById(ds, FrameworkVersion);
  const dimension = loaderById(ds, Dimension);
  const outcome = loaderById(ds, Outcome);
  const kpi = loaderById(ds, Kpi);
  const sdgGoal = loaderById(ds, SdgGoal);
  const sdgTarget = loaderById(ds, SdgTarget);
  const instrument = loaderById(ds, Instrument);
  // KPIs by code within a version (by its code; null: the active one), joined to the version in the same
  // statement: `kpi(code:)` and `kpiTrends(kpis:)` in one request share it, and the KPIs found are
  // remembered by id, so results' `kpi` fields answer without another.
  const kpiByCodeIn = new Map<string, DataLoader<string, Kpi | null>>();
  const kpiByCode = (versionCode: string | null) => {
    let loader = kpiByCodeIn.get(versionCode ?? "");
    if (!loader) {
      loader = new DataLoader<string, Kpi | null>(async (codes) => {
        const rows = await leanSelect(
          ds,
          Kpi,
          `JOIN framework_version v ON v.id = e.frameworkVersionId WHERE ${versionCode === null ? "v.active = 1" : "v.code = ?"} AND e.code IN (${placeholders(codes.length)})`,
          versionCode === null ? [...codes] : [versionCode, ...codes],
        );
        rows.forEach(kpi.remember);
        const byCode = new Map(rows.map((k) => [k.code, k]));
        return codes.map((c) => byCode.get(c) ?? null);
      });
      kpiByCodeIn.set(versionCode ?? "", loader);
    }
    return loader;
  };
  return {
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
