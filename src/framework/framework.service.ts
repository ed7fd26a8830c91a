import { Context, memoize } from "../context";
import { notFound } from "../common/errors";
import { FrameworkVersion } from "./framework-version.entity";
import { Dimension } from "./dimension.entity";
import { Outcome } from "./outcome.entity";
import { Kpi } from "./kpi.entity";

/** Reads of the framework: which version is served, and lookups by code within it. */
export const frameworkService = {
  /** The version named (by code), or the active one. An unknown version code is an error, not an empty framework. */
  version(ctx: Context, code?: string | null): Promise<FrameworkVersion> {
    return memoize(ctx, `framework:${code ?? "(active)"}`, async () => {
      const repo = ctx.ds.getRepository(FrameworkVersion);
      const v = code ? await repo.findOneBy({ code }) : await repo.findOneBy({ active: true });
      if (!v) throw notFound(code ? `Unknown framework version '${code}'` : "No framework version is loaded", { version: code ?? null });
      return v;
    });
  },

  versions(ctx: Context): Promise<FrameworkVersion[]> {
    return ctx.ds.getRepository(FrameworkVersion).find({ order: { pk: "ASC" } });
  },

  async dimensions(ctx: Context, version?: string | null): Promise<Dimension[]> {
    const v = await this.version(ctx, version);
    return ctx.loaders.dimensionsByVersion.load(v.pk);
  },

  async kpis(ctx: Context, version?: string | null): Promise<Kpi[]> {
    const v = await this.version(ctx, version);
    // Framework order: by dimension, outcome, then KPI position, which is load order.
    return ctx.ds.getRepository(Kpi).find({ where: { frameworkVersionId: v.pk }, order: { pk: "ASC" } });
  },

  /**
   * A KPI by code in the version named (or the active one), through the request's by-code loader: joined to
   * its version in one statement, shared with every other KPI lookup by code in the request.
   */
  async kpiByCode(ctx: Context, code: string, version?: string | null): Promise<Kpi | null> {
    const kpi = await ctx.loaders.kpiByCode(version ?? null).load(code);
    if (!kpi) await this.version(ctx, version); // an unknown version is an error, not an unknown KPI
    return kpi;
  },

  async byCode<T extends Dimension | Outcome>(
    ctx: Context,
    entity: new () => T,
    code: string,
    version?: string | null,
  ): Promise<T | null> {
    const v = await this.version(ctx, version);
    return ctx.ds.getRepository(entity).findOneBy({ frameworkVersionId: v.pk, code } as never);
  },

  /** Keeps only items of the served version (reverse mappings span every loaded version). */
  async inVersion<T extends Outcome | Kpi>(ctx: Context, items: T[], version?: string | null): Promise<T[]> {
    const v = await this.version(ctx, version);
    return items.filter((i) => i.frameworkVersionId === v.pk);
  },
};
