import { createHash } from "node:crypto";
import { DataSource, EntityManager, In } from "typeorm";
import { FrameworkVersion } from "./framework-version.entity";
import { Dimension } from "./dimension.entity";
import { Outcome } from "./outcome.entity";
import { Kpi } from "./kpi.entity";
import { SdgTarget } from "./sdg.entity";
import { Instrument } from "./instrument.entity";
import { KpiInstrument, KpiSdgTarget, OutcomeInstrument, OutcomeSdgTarget } from "./mapping.entity";
import { DefinitionProblem, FrameworkDefinition, validateDefinition } from "./framework-definition";
import { KpiDirection, KpiUnit } from "./framework.enums";

export class FrameworkDefinitionError extends Error {
  constructor(public readonly problems: DefinitionProblem[]) {
    super(
      `The framework definition has ${problems.length} problem(s); nothing was written:\n` +
        problems.map((p) => `  ${p.path}: ${p.message}`).join("\n"),
    );
  }
}

export interface LoadReport {
  version: string;
  /** False when the same definition was already loaded: nothing was written. */
  changed: boolean;
  inserted: number;
  updated: number;
  mappingsAdded: number;
  mappingsRemoved: number;
}

const canonicalHash = (def: FrameworkDefinition) => createHash("sha256").update(JSON.stringify(def)).digest("hex");

/**
 * Loads a framework definition in one transaction: validate everything, then upsert by code.
 * Reloading the same file changes nothing; items cannot silently disappear from a loaded version
 * (results may refer to them), so a removal is a problem to publish as a new version instead.
 */
export async function loadFramework(
  ds: DataSource,
  raw: unknown,
  opts: { activate?: boolean } = {},
): Promise<LoadReport> {
  const activate = opts.activate ?? true;
  return ds.transaction(async (em) => {
    const targets = await em.find(SdgTarget);
    const instruments = await em.find(Instrument);
    const { definition, problems } = validateDefinition(raw, {
      sdgTargets: new Set(targets.map((t) => t.code)),
      instruments: new Set(instruments.map((i) => i.code)),
    });
    if (!definition) throw new FrameworkDefinitionError(problems);
    const hash = canonicalHash(definition);
    const existing = await em.findOneBy(FrameworkVersion, { code: definition.version });
    const report: LoadReport = {
      version: definition.version,
      changed: false,
      inserted: 0,
      updated: 0,
      mappingsAdded: 0,
      mappingsRemoved: 0,
    };
    if (existing && existing.definitionHash === hash) return report;

    const version =
      existing ??
      (await em.save(
        em.create(FrameworkVersion, {
          code: definition.version,
          note: definition.note ?? null,
          active: activate,
          loadedAt: new Date(),
          definitionHash: hash,
        }),
      ));
    if (!existing) {
      report.inserted++;
    }
    if (!existing && activate) {
      await em
        .createQueryBuilder()
        .update(FrameworkVersion)
        .set({ active: false })
        .where("id <> :id", { id: version.pk })
        .execute();
    }
    if (existing) {
      await checkNothingRemoved(em, version.pk, definition);
      await em.update(
        FrameworkVersion,
        { pk: version.pk },
        { note: definition.note ?? null, definitionHash: hash, loadedAt: new Date() },
      );
    }
    const targetIds = new Map(targets.map((t) => [t.code, t.pk]));
    const instrumentIds = new Map(instruments.map((i) => [i.code, i.pk]));
    const writer = new Upserter(em, version.pk, report);
    for (const [di, d] of definition.dimensions.entries()) {
      const dim = await writer.upsert(Dimension, d.code, { name: d.name, position: di });
      for (const [oi, o] of d.outcomes.entries()) {
        const out = await writer.upsert(Outcome, o.code, {
          name: o.name,
          provenance: o.provenance,
          position: oi,
          dimensionId: dim.pk,
        });
        await writer.syncMappings(
          OutcomeSdgTarget,
          "outcomeId",
          out.pk,
          "sdgTargetId",
          o.sdgTargets.map((c) => targetIds.get(c)!),
        );
        await writer.syncMappings(
          OutcomeInstrument,
          "outcomeId",
          out.pk,
          "instrumentId",
          o.instruments.map((c) => instrumentIds.get(c)!),
        );
        for (const [ki, k] of o.kpis.entries()) {
          const kpi = await writer.upsert(Kpi, k.code, {
            name: k.name,
            unit: k.unit as KpiUnit,
            direction: k.direction as KpiDirection,
            provenance: k.provenance,
            inputs: k.inputs,
            scoring: k.scoring ?? null,
            position: ki,
            outcomeId: out.pk,
          });
          await writer.syncMappings(
            KpiSdgTarget,
            "kpiId",
            kpi.pk,
            "sdgTargetId",
            k.sdgTargets.map((c) => targetIds.get(c)!),
          );
          await writer.syncMappings(
            KpiInstrument,
            "kpiId",
            kpi.pk,
            "instrumentId",
            k.instruments.map((c) => instrumentIds.get(c)!),
          );
        }
      }
    }
    report.changed = true;
    return report;
  });
}

async function checkNothingRemoved(em: EntityManager, versionId: number, def: FrameworkDefinition): Promise<void> {
  const inFile = {
    dimension: new Set(def.dimensions.map((d) => d.code)),
    outcome: new Set(def.dimensions.flatMap((d) => d.outcomes.map((o) => o.code))),
    KPI: new Set(def.dimensions.flatMap((d) => d.outcomes.flatMap((o) => o.kpis.map((k) => k.code)))),
  };
  const problems: DefinitionProblem[] = [];
  const loaded = {
    dimension: await em.findBy(Dimension, { frameworkVersionId: versionId }),
    outcome: await em.findBy(Outcome, { frameworkVersionId: versionId }),
    KPI: await em.findBy(Kpi, { frameworkVersionId: versionId }),
  };
  for (const kind of ["dimension", "outcome", "KPI"] as const) {
    for (const row of loaded[kind]) {
      if (!inFile[kind].has(row.code)) {
        problems.push({
          path: "dimensions",
          message: `${kind} '${row.code}' of loaded version ${def.version} is missing from the file; publish a new framework version to remove it`,
        });
      }
    }
  }
  if (problems.length) throw new FrameworkDefinitionError(problems);
}

type Coded = Dimension | Outcome | Kpi;

/** Writes rows of one framework version by code, counting only real changes. */
class Upserter {
  constructor(
    private readonly em: EntityManager,
    private readonly versionId: number,
    private readonly report: LoadReport,
  ) {}

  async upsert<T extends Coded>(entity: new () => T, code: string, fields: Partial<T>): Promise<T> {
    const repo = this.em.getRepository(entity);
    const where = { frameworkVersionId: this.versionId, code } as never;
    const row = await repo.findOneBy(where);
    if (!row) {
      this.report.inserted++;
      return repo.save(repo.create({ ...fields, frameworkVersionId: this.versionId, code } as never) as unknown as T);
    }
    const differs = Object.entries(fields).some(
      ([k, v]) => JSON.stringify((row as unknown as Record<string, unknown>)[k]) !== JSON.stringify(v),
    );
    if (differs) {
      this.report.updated++;
      await repo.update((row as Coded).pk, fields as never);
    }
    return row;
  }

  async syncMappings<J extends object>(
    join: new () => J,
    ownerKey: keyof J & string,
    ownerId: number,
    targetKey: keyof J & string,
    wanted: number[],
  ) {
    const repo = this.em.getRepository(join);
    const rows = await repo.findBy({ [ownerKey]: ownerId } as never);
    const have = new Set(rows.map((r) => (r as Record<string, number>)[targetKey]));
    const want = new Set(wanted);
    const add = [...want].filter((t) => !have.has(t));
    const remove = [...have].filter((t) => !want.has(t));
    if (add.length) {
      await repo.insert(add.map((t) => ({ [ownerKey]: ownerId, [targetKey]: t }) as never));
      this.report.mappingsAdded += add.length;
    }
    if (remove.length) {
      await repo.delete({ [ownerKey]: ownerId, [targetKey]: In(remove) } as never);
      this.report.mappingsRemoved += remove.length;
    }
  }
}
