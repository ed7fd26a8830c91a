import type { Context } from "../context";
import { badInput, notFound, quoted } from "../common/errors";
import { unknownChoice } from "../common/arguments";
import { FrameworkVersion } from "./framework-version.entity";
import { SdgGoal, SdgTarget } from "./sdg.entity";
import { Instrument } from "./instrument.entity";
import type { FrameworkSnapshot } from "./framework-snapshot";
import type { Dimension } from "./dimension.entity";
import type { Outcome } from "./outcome.entity";
import type { Kpi } from "./kpi.entity";

/**
 * The framework items (versions, dimensions, outcomes, KPIs): which version is served, and the one place that
 * turns their codes into rows, from the process's snapshots (framework-snapshot.ts). Codes follow the rule of
 * every reference kind (members.service.ts): a root lookup answers null, a code given as an argument or filter
 * value that names nothing is BAD_USER_INPUT naming the argument.
 */
export const frameworkService = {
  /**
   * The structure of the version named (by code), or of the active one, from the process's snapshot (see
   * framework-snapshot.ts). An unknown version code is BAD_USER_INPUT naming the argument, not an empty framework.
   */
  async snapshot(
    ctx: Context,
    code?: string | null,
    has: (s: FrameworkSnapshot) => boolean = () => true,
  ): Promise<FrameworkSnapshot> {
    const s = await ctx.loaders.framework.holding(code || null, (s) => s.version !== null && has(s));
    // A version code is given as the argument `framework` (README, "Looking things up by code").
    if (!s.version && code) throw badInput(`Unknown framework version ${quoted([code])}`, { argument: "framework" });
    if (!s.version) throw notFound("No framework version is loaded", { version: null });
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

  /**
   * KPI codes given as argument `argument`, in the served (active) version, in framework order: unknown ones are
   * refused together, with the choices. Every argument or filter naming KPIs goes through here, so all of them
   * mean the same KPIs once a second version reuses the codes.
   */
  async kpisNamed(ctx: Context, codes: readonly string[], argument: string): Promise<Kpi[]> {
    const found = await ctx.loaders.kpiByCode(null).loadMany(codes);
    const failed = found.find((k) => k instanceof Error);
    if (failed) throw failed;
    const kpis = [...new Set(found.filter((k): k is Kpi => !!k && !(k instanceof Error)))].sort((a, b) => a.pk - b.pk);
    const missing = codes.filter((c) => !kpis.some((k) => k.code === c));
    if (!missing.length) return kpis;
    const s = await this.snapshot(ctx); // no framework loaded: say so, not "unknown KPI"
    throw unknownChoice(argument, `KPI`, missing, {
      plural: `KPIs of framework version ${s.version!.code}`,
      codes: s.kpis.map((k) => k.code),
      query: "kpis { code }",
    });
  },

  /** The 17 goals, by number. */
  sdgGoals(ctx: Context): Promise<SdgGoal[]> {
    return ctx.ds.getRepository(SdgGoal).find({ order: { number: "ASC" } });
  },

  /** Root lookups (null when unknown): an SDG by number, a target by its official code. */
  sdgGoal(ctx: Context, number: number): Promise<SdgGoal | null> {
    return ctx.ds.getRepository(SdgGoal).findOneBy({ number });
  },

  sdgTarget(ctx: Context, code: string): Promise<SdgTarget | null> {
    return ctx.ds.getRepository(SdgTarget).findOneBy({ code });
  },

  /** The WCO instruments, by code. */
  instruments(ctx: Context): Promise<Instrument[]> {
    return ctx.ds.getRepository(Instrument).find({ order: { code: "ASC" } });
  },

  instrument(ctx: Context, code: string): Promise<Instrument | null> {
    return ctx.ds.getRepository(Instrument).findOneBy({ code });
  },

  /** Keeps only items of the served version (reverse mappings span every loaded version). */
  async inVersion<T extends Outcome | Kpi>(ctx: Context, items: T[], version?: string | null): Promise<T[]> {
    const v = await this.version(ctx, version);
    return items.filter((i) => i.frameworkVersionId === v.pk);
  },
};
