import type { Context } from "../context";
import { notFound } from "../common/errors";
import { FrameworkVersion } from "./framework-version.entity";
import type { FrameworkSnapshot } from "./framework-snapshot";
import type { Dimension } from "./dimension.entity";
import type { Outcome } from "./outcome.entity";
import type { Kpi } from "./kpi.entity";

/** Reads of the framework: which version is served, and lookups by code within it. */
export const frameworkService = {
  /**
   * The structure of the version named (by code), or of the active one, from the process's snapshot (see
   * framework-snapshot.ts). An unknown version code is an error, not an empty framework.
   */
  async snapshot(
    ctx: Context,
    code?: string | null,
    has: (s: FrameworkSnapshot) => boolean = () => true,
  ): Promise<FrameworkSnapshot> {
    const s = await ctx.loaders.framework.holding(code || null, (s) => s.version !== null && has(s));
    if (!s.version)
      throw notFound(code ? `Unknown framework version '${code}'` : "No framework version is loaded", {
        version: code ?? null,
      });
    return s;
  },

  async version(ctx: Context, code?: string | null): Promise<FrameworkVersion> {
    return (await this.snapshot(ctx, code)).version!;
  },

  versions(ctx: Context): Promise<FrameworkVersion[]> {
    return ctx.ds.getRepository(FrameworkVersion).find({ order: { pk: "ASC" } });
  },

  async dimensions(ctx: Context, version?: string | null): Promise<Dimension[]> {
    return [...(await this.snapshot(ctx, version)).dimensions];
  },

  /** Framework order: by dimension, outcome, then KPI position, which is load order. */
  async kpis(ctx: Context, version?: string | null): Promise<Kpi[]> {
    return [...(await this.snapshot(ctx, version)).kpis];
  },

  /** A KPI by code in the version named (or the active one), through the request's by-code loader. */
  async kpiByCode(ctx: Context, code: string, version?: string | null): Promise<Kpi | null> {
    const kpi = await ctx.loaders.kpiByCode(version || null).load(code);
    if (!kpi) await this.version(ctx, version); // an unknown version is an error, not an unknown KPI
    return kpi;
  },

  async dimensionByCode(ctx: Context, code: string, version?: string | null): Promise<Dimension | null> {
    const has = (s: FrameworkSnapshot) => s.dimensions.some((d) => d.code === code);
    return (await this.snapshot(ctx, version, has)).dimensions.find((d) => d.code === code) ?? null;
  },

  async outcomeByCode(ctx: Context, code: string, version?: string | null): Promise<Outcome | null> {
    const has = (s: FrameworkSnapshot) => s.outcomes.some((o) => o.code === code);
    return (await this.snapshot(ctx, version, has)).outcomes.find((o) => o.code === code) ?? null;
  },

  /** Keeps only items of the served version (reverse mappings span every loaded version). */
  async inVersion<T extends Outcome | Kpi>(ctx: Context, items: T[], version?: string | null): Promise<T[]> {
    const v = await this.version(ctx, version);
    return items.filter((i) => i.frameworkVersionId === v.pk);
  },
};
