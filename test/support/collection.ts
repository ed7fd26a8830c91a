import { data, gql } from "./graphql";
import { token } from "./tokens";

/** Helpers for tests that run a cycle through the API, as the Secretariat and NCPs would. */
export const secretariat = token({ role: "SECRETARIAT", sub: "secretariat-1" });
export const ncp = (member: string) => token({ role: "NCP", member, sub: `ncp-${member.toLowerCase()}` });

/** Valid inputs for a unit, and the value the server must compute from them. */
export function inputsFor(unit: string, n = 1): { inputs: Record<string, number>; value: number } {
  switch (unit) {
    case "PERCENT":
      return { inputs: { numerator: 25 * n, denominator: 100 * n }, value: 25 };
    case "RATIO":
      return { inputs: { numerator: 3, denominator: 4 }, value: 0.75 };
    case "VARIATION_PERCENT":
      return { inputs: { valueYearT: 120, valueYearTMinus1: 100 }, value: 20 };
    case "COUNT":
      return { inputs: { count: 7 * n }, value: 7 * n };
    case "HOURS":
      return { inputs: { hours: 36.5 }, value: 36.5 };
    case "DAYS":
      return { inputs: { days: 12 }, value: 12 };
    case "YES_NO":
      return { inputs: { yes: 1 }, value: 1 };
    case "USD_THOUSANDS":
      return { inputs: { amount: 1250 }, value: 1250 };
    default:
      throw new Error(`no inputs for ${unit}`);
  }
}

export async function openCycle(code: string): Promise<void> {
  await data(
    `mutation($i: CreateCycleInput!) { createCycle(input: $i) { code phase } }`,
    { i: { code, name: `Cycle ${code}`, opensOn: `${code}-12-01`, referenceYear: Number(code) - 1 } },
    { token: secretariat },
  );
  await data(`mutation($c: ID!) { openSelfAssessment(cycle: $c) { phase } }`, { c: code }, { token: secretariat });
}

export interface StartedAssessment {
  id: string;
  version: number;
  results: { id: string; version: number; kpi: { code: string; unit: string } }[];
}

export async function startAssessment(
  member: string,
  cycle: string,
  as = ncp(member),
  defaultDisclosure = "COUNTRY",
): Promise<StartedAssessment> {
  const d = await data(
    `mutation($m: ID!, $c: ID!, $l: DisclosureLevel) { startAssessment(member: $m, cycle: $c, defaultDisclosure: $l) { id version results { id version kpi { code unit } } } }`,
    { m: member, c: cycle, l: defaultDisclosure },
    { token: as },
  );
  return d.startAssessment;
}

export const SUBMIT = `mutation($a: ID!, $r: [KpiResultInput!]!) { submitResults(assessment: $a, results: $r) {
  changed results { id kpi { code } version value notUsed notUsedReason disclosure disclosureChosen target evidence } } }`;

export function submit(assessment: string, results: unknown[], as: string) {
  return gql(SUBMIT, { a: assessment, r: results }, { token: as });
}
