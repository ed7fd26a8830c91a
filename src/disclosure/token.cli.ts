import { parseArgs } from "node:util";
import { loadConfig } from "../config";
import { claimsSchema, signToken } from "./token";

/**
 * `npm run token -- --role NCP --member KEN` prints a signed token for trying the API by hand.
 * Options: --role, --member, --reviews KEN,UGA, --unions EAC, --sub, --hours (default 12).
 */
function main(): number {
  const { values } = parseArgs({
    options: {
      role: { type: "string" },
      member: { type: "string" },
      reviews: { type: "string" },
      unions: { type: "string" },
      sub: { type: "string" },
      hours: { type: "string", default: "12" },
    },
  });
  const list = (s?: string) =>
    s
      ? s
          .split(",")
          .map((x) => x.trim().toUpperCase())
          .filter(Boolean)
      : undefined;
  const hours = Number(values.hours);
  const claims = {
    sub: values.sub ?? `dev-${(values.role ?? "user").toLowerCase()}`,
    role: values.role?.toUpperCase(),
    member: values.member?.toUpperCase(),
    reviews: list(values.reviews),
    unions: list(values.unions),
    exp: 0,
  };
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success || !(hours > 0)) {
    const problems = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    if (!(hours > 0)) problems.push("  hours: must be a positive number");
    console.error(
      `cannot make a token:\n${problems.join("\n")}\n` +
        "usage: npm run token -- --role BASIC|NCP|PEER_REVIEWER|REGIONAL_OFFICE|SECRETARIAT [--member KEN] [--reviews KEN,UGA] [--unions EAC] [--sub id] [--hours 12]",
    );
    return 2;
  }
  const { exp: _exp, ...rest } = parsed.data;
  const config = loadConfig();
  if (!config.jwtSecret) {
    console.error(
      "cannot make a token: PMM_JWT_SECRET is not set (this configuration accepts identity-provider tokens only)",
    );
    return 2;
  }
  if (config.jwtSecretIsDevelopment)
    console.error("note: signed with the development secret (PMM_JWT_SECRET is not set)");
  console.log(signToken(rest, config.jwtSecret, Math.round(hours * 3600)));
  return 0;
}
process.exit(main());
