import { registerEnumType } from "type-graphql";

/** Chosen by the Member per result; ordered from least to most restricted. */
export enum DisclosureLevel {
  PUBLIC = "PUBLIC",
  WCO = "WCO",
  UNION = "UNION",
  COUNTRY = "COUNTRY",
}

export const DISCLOSURE_LEVELS: readonly DisclosureLevel[] = [
  DisclosureLevel.PUBLIC,
  DisclosureLevel.WCO,
  DisclosureLevel.UNION,
  DisclosureLevel.COUNTRY,
];

registerEnumType(DisclosureLevel, {
  name: "DisclosureLevel",
  description: "Who may see a result's protected fields (value, score, inputs, evidence, history).",
  valuesConfig: {
    PUBLIC: { description: "Everyone, signed in or not." },
    WCO: { description: "Every signed-in PMM user." },
    UNION: {
      description: "The Secretariat; NCPs, peer reviewers and offices of a union the reporting Member belongs to.",
    },
    COUNTRY: { description: "The Secretariat; the reporting Member's NCPs; its assigned peer reviewers." },
  },
});
