/**
 * The gateway's configuration file (gateway/gateway.yaml; gateway/README.md documents every key): where it listens,
 * and for each subgraph its name, URL, schema file, and which of the caller's credentials it is given. Checked with
 * zod so that a typo (`forwardAuthorisation`) stops the gateway instead of silently withholding the viewer's token.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";

const Subgraph = z
  .object({
    /** The subgraph's name in the supergraph (lower case, as `join__Graph` spells it in capitals). */
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, "lower-case letters, digits and _"),
    url: z.url({ protocol: /^https?$/ }),
    /** Its SDL (what `_service { sdl }` answers), relative to the configuration file. */
    schema: z.string().min(1),
    /** Send the caller's `Authorization` header on: only to subgraphs that decide with it (PMM Graph does). */
    forwardAuthorization: z.boolean().default(false),
    /** The environment variable holding PMM_FEDERATION_SECRET, sent in x-pmm-federation-secret (PMM Graph only). */
    federationSecretEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/)
      .optional(),
  })
  .strict();

const GatewayConfigFile = z
  .object({
    listen: z
      .object({ host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65535).default(4100) })
      .strict()
      .default({ host: "127.0.0.1", port: 4100 }),
    subgraphs: z
      .array(Subgraph)
      .min(1)
      .refine((s) => new Set(s.map((x) => x.name)).size === s.length, "subgraph names must differ"),
  })
  .strict();

export interface SubgraphConfig {
  name: string;
  url: string;
  /** The SDL text, read from the file the configuration names. */
  sdl: string;
  forwardAuthorization: boolean;
  /** The secret itself (read from the environment), when this subgraph is to receive it. */
  federationSecret?: string;
}

export interface GatewayConfig {
  host: string;
  port: number;
  subgraphs: SubgraphConfig[];
}

export class GatewayConfigError extends Error {
  override readonly name = "GatewayConfigError";
}

/** Reads and checks a configuration file; HOST and PORT in `env` override `listen` (as for the server). */
export function loadGatewayConfig(file: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = GatewayConfigFile.safeParse(parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(file)"}: ${i.message}`);
    throw new GatewayConfigError(`${file}:\n${lines.join("\n")}`);
  }
  const { listen, subgraphs } = parsed.data;
  const dir = path.dirname(file);
  return {
    host: env.HOST || listen.host,
    port: env.PORT ? Number(env.PORT) : listen.port,
    subgraphs: subgraphs.map((s) => {
      let federationSecret: string | undefined;
      if (s.federationSecretEnv) {
        federationSecret = env[s.federationSecretEnv] || undefined;
        // PMM Graph refuses shorter secrets (src/config.ts): a short one here could never be the right one.
        if (federationSecret !== undefined && federationSecret.length < 32) {
          throw new GatewayConfigError(`${s.federationSecretEnv} must be at least 32 characters`);
        }
      }
      return {
        name: s.name,
        url: s.url,
        sdl: fs.readFileSync(path.resolve(dir, s.schema), "utf8"),
        forwardAuthorization: s.forwardAuthorization,
        federationSecret,
      };
    }),
  };
}
