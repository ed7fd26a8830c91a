import { loadConfig } from "../config";
import { parseCli, usageError } from "../common/cli-args";
import { claimsSchema, signToken } from "./token";

/** `npm run -s token -- --role NCP --member KEN` prints a signed token for trying the API by hand. */
const CLI = {
  usage:
    "npm run -s token -- --role BASIC|NCP|PEER_REVIEWER|REGIONAL_OFFICE|SECRETARIAT [--member KEN] [--reviews KEN,UGA] [--unions EAC] [--sub ID] [--hours 12]",
  help: `Prints a viewer token signed with PMM_JWT_SECRET (the development secret when it is unset), for trying the API
by hand: send it as \`Authorization: Bearer <token>\`. Only the token goes to stdout (-s keeps npm quiet), so
  TOKEN=$(npm run -s token -- --role NCP --member KEN)
captures it.

  --role      the viewer's role (required)
  --member    an NCP's Member (ISO alpha-3)
  --reviews   a peer reviewer's Members, comma-separated
  --unions    a regional office's unions, comma-separated
  --sub       the user id (default dev-<role>)
  --hours     hours until it expires (default 12)`,
  options: {
    role: { type: "string" },
    member: { type: "string" },
    reviews: { type: "string" },
    unions: { type: "string" },
    sub: { type: "string" },
    hours: { type: "string" },
  },
} as const;

function main(): number {
  const { values } = parseCli(CLI);
  const list = (s?: string) =>
    s
      ? s
          .split(",")
          .map((x) => x.trim().toUpperCase())
          .filter(Boolean)
      : undefined;
  const hours = Number(values.hours ?? "12");
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
    const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    if (!(hours > 0)) problems.push("hours: must be a positive number");
    usageError(CLI, `cannot make a token: ${problems.join("; ")}`);
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
