import { registerEnumType } from "type-graphql";

/** Units a KPI can be measured in; each fixes the inputs a Member declares and how the value is computed. */
export enum KpiUnit {
  PERCENT = "PERCENT",
  VARIATION_PERCENT = "VARIATION_PERCENT",
  COUNT = "COUNT",
  HOURS = "HOURS",
  DAYS = "DAYS",
  RATIO = "RATIO",
  YES_NO = "YES_NO",
  USD_THOUSANDS = "USD_THOUSANDS",
}

/** The declared inputs each unit takes, in the order a form shows them. */
export const UNIT_INPUTS: Record<KpiUnit, readonly string[]> = {
  PERCENT: ["numerator", "denominator"],
  VARIATION_PERCENT: ["valueYearT", "valueYearTMinus1"],
  COUNT: ["count"],
  HOURS: ["hours"],
  DAYS: ["days"],
  RATIO: ["numerator", "denominator"],
  YES_NO: ["yes"],
  USD_THOUSANDS: ["amount"],
};

export const UNIT_DESCRIPTIONS: Record<KpiUnit, string> = {
  PERCENT: "percent, 0 to 100",
  VARIATION_PERCENT: "percent change year T against year T-1, may be negative",
  COUNT: "non-negative integer",
  HOURS: "non-negative number of hours",
  DAYS: "non-negative number of days",
  RATIO: "non-negative ratio",
  YES_NO: "1 (yes) or 0 (no)",
  USD_THOUSANDS: "non-negative amount in thousands of US dollars",
};

export enum KpiDirection {
  HIGHER_IS_BETTER = "HIGHER_IS_BETTER",
  LOWER_IS_BETTER = "LOWER_IS_BETTER",
  NEUTRAL = "NEUTRAL",
}

/** Whether a name comes from public WCO material or was written so the demo has the real shape. */
export enum Provenance {
  PUBLIC = "PUBLIC",
  ILLUSTRATIVE = "ILLUSTRATIVE",
}

export enum InstrumentKind {
  CONVENTION = "CONVENTION",
  STANDARD = "STANDARD",
  DECLARATION = "DECLARATION",
  TOOL = "TOOL",
  GUIDELINE = "GUIDELINE",
}

registerEnumType(KpiUnit, {
  name: "KpiUnit",
  description: "Unit of a KPI's value.",
  valuesConfig: Object.fromEntries(Object.entries(UNIT_DESCRIPTIONS).map(([k, d]) => [k, { description: d }])),
});
registerEnumType(KpiDirection, { name: "KpiDirection", description: "Which way a KPI's value improves." });
registerEnumType(Provenance, {
  name: "Provenance",
  description:
    "PUBLIC: named in public WCO material. ILLUSTRATIVE: written for the demo until the official catalogue is loaded.",
});
registerEnumType(InstrumentKind, { name: "InstrumentKind", description: "Kind of WCO instrument or tool." });
