import jwt from "jsonwebtoken";
import { TEST_JWT_SECRET } from "./constants";

/** Tokens exactly as the README ("Tokens") describes them, signed with the test server's secret. */
export function token(claims: Record<string, unknown>, opts: { secret?: string; expiresIn?: number } = {}): string {
  return jwt.sign({ sub: "test-user", ...claims }, opts.secret ?? TEST_JWT_SECRET, {
    algorithm: "HS256",
    expiresIn: opts.expiresIn ?? 3600,
  });
}

export const viewers = {
  anonymous: undefined as string | undefined,
  basic: token({ role: "BASIC" }),
  ncpKen: token({ role: "NCP", member: "KEN" }),
  ncpJpn: token({ role: "NCP", member: "JPN" }),
  reviewerFra: token({ role: "PEER_REVIEWER", reviews: ["FRA"] }),
  officeEac: token({ role: "REGIONAL_OFFICE", unions: ["EAC"] }),
  secretariat: token({ role: "SECRETARIAT" }),
};
export type ViewerName = keyof typeof viewers;
