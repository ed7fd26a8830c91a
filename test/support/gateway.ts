import fs from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { ROOT, ServerProcess, startServerProcess } from "./server-process";
import { testLogFile } from "./own-server";

/**
 * The gateway of `npm run gateway` and the test subgraph as processes of a test file's own, each run as its npm
 * script or README runs it (with jiti), in front of the run's server unless told otherwise.
 */
const JITI = [process.execPath, path.join(ROOT, "node_modules", "jiti", "lib", "jiti-cli.mjs")];

export interface SubgraphEntry {
  name: string;
  url: string;
  schema: string;
  forwardAuthorization?: boolean;
  federationSecretEnv?: string;
}

/** The test subgraph of test/federation/projects.graphql (test/federation/projects-subgraph.ts). */
export async function startProjectsSubgraph(name = "projects"): Promise<ServerProcess> {
  return startServerProcess({}, testLogFile(name), {
    command: [...JITI, path.join(ROOT, "test", "federation", "projects-subgraph.cli.ts")],
    waitFor: "/healthz",
  });
}

/** What the test subgraph was sent on its last GraphQL request (the headers a gateway may forward). */
export async function receivedHeaders(projects: ServerProcess): Promise<Record<string, string | null>> {
  return (await (await fetch(`${projects.baseUrl}/received-headers`)).json()) as Record<string, string | null>;
}

/** PMM Graph as gateway/gateway.yaml configures it: the viewer's token and the shared secret. */
export const pmmSubgraph = (baseUrl: string): SubgraphEntry => ({
  name: "pmm",
  url: `${baseUrl}/graphql`,
  schema: path.join(ROOT, "schema", "subgraph.graphql"),
  forwardAuthorization: true,
  federationSecretEnv: "PMM_FEDERATION_SECRET",
});

export const projectsSubgraph = (baseUrl: string, extra: Partial<SubgraphEntry> = {}): SubgraphEntry => ({
  name: "projects",
  url: `${baseUrl}/graphql`,
  schema: path.join(ROOT, "test", "federation", "projects.graphql"),
  ...extra,
});

/** `npm run gateway -- FILE` on a configuration file written for this test; `env` e.g. PMM_FEDERATION_SECRET. */
export async function startGatewayProcess(
  name: string,
  subgraphs: SubgraphEntry[],
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const logFile = testLogFile(name);
  const configFile = logFile.replace(/\.log$/, ".yaml");
  fs.writeFileSync(configFile, stringify({ subgraphs }));
  return startServerProcess(env, logFile, {
    command: [...JITI, path.join(ROOT, "gateway", "main.ts"), configFile],
    waitFor: "/healthz",
  });
}
