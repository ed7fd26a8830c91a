import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, parseDocument } from "yaml";
import { loadGatewayConfig } from "../../gateway/config";
import { composeSupergraph } from "../../gateway/gateway";

/**
 * The federation's deployment files (docker/compose.federation.yaml, docker/gateway.Dockerfile, docker/router.yaml)
 * cannot be run here: no Docker engine, and the Apollo Router is a binary these machines cannot run. So every YAML
 * file is parsed, and the wiring the docs promise is checked: who gets the viewer's token and the shared secret,
 * two PMM Graph instances sharing Redis, the gateway in front, and the gateway configurations compose.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const SECRET = "a-secret-for-the-deployment-check-0123456789";

const yamlFiles = ["docker", "gateway"].flatMap((dir) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`),
);

describe("deployment files", () => {
  it("finds the compose files, router.yaml and the gateway configurations", () => {
    expect(yamlFiles).toEqual(
      expect.arrayContaining([
        "docker/compose.yaml",
        "docker/compose.federation.yaml",
        "docker/router.yaml",
        "docker/gateway.yaml",
        "gateway/gateway.yaml",
      ]),
    );
  });

  it.each(yamlFiles)("%s is valid YAML (no errors, no duplicate keys)", (file) => {
    const doc = parseDocument(read(file), { merge: true, uniqueKeys: true });
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    expect(doc.toJS()).toEqual(expect.any(Object));
  });

  describe("compose.federation.yaml", () => {
    const compose = parse(read("docker/compose.federation.yaml"), { merge: true });
    const { mysql, redis, migrate, pmm, gateway } = compose.services;

    it("MySQL and Redis with health checks; migrations once, before PMM Graph starts", () => {
      expect(mysql.image).toMatch(/^mysql:8/);
      expect(redis.image).toMatch(/^redis:/);
      expect(redis.healthcheck.test.join(" ")).toMatch(/redis-cli ping/);
      expect(migrate.command).toEqual(["migrate"]);
      expect(migrate.build).toEqual({ context: "..", dockerfile: "docker/Dockerfile" });
      expect(migrate.depends_on.mysql.condition).toBe("service_healthy");
    });

    it("two PMM Graph instances sharing one Redis, not published, each with its readiness check", () => {
      expect(pmm.deploy.replicas).toBe(2);
      expect(pmm.image).toBe(migrate.image);
      expect(pmm.environment).toMatchObject({
        NODE_ENV: "production",
        PMM_REDIS_URL: "redis://redis:6379",
        PMM_MIGRATE_ON_START: "false",
        PMM_DATABASE_URL: expect.stringMatching(/^mysql:\/\/.*@mysql:3306\/pmm$/),
        PMM_FEDERATION_SECRET: expect.stringContaining("PMM_FEDERATION_SECRET"),
      });
      expect(pmm.depends_on).toEqual({
        migrate: { condition: "service_completed_successfully" },
        redis: { condition: "service_healthy" },
      });
      expect(pmm.ports).toBeUndefined();
      expect(pmm.healthcheck.test.join(" ")).toMatch(/\/readyz/);
    });

    it("the gateway in front: its own image, the same shared secret, waiting for a healthy PMM Graph", () => {
      expect(gateway.build).toEqual({ context: "..", dockerfile: "docker/gateway.Dockerfile" });
      expect(gateway.depends_on.pmm.condition).toBe("service_healthy");
      expect(gateway.environment.PMM_FEDERATION_SECRET).toBe("${PMM_FEDERATION_SECRET}");
      expect(gateway.ports).toEqual(["${PMM_GATEWAY_PORT:-4100}:4100"]);
    });
  });

  describe("gateway configurations", () => {
    it.each(["gateway/gateway.yaml", "docker/gateway.yaml"])(
      "%s: PMM Graph gets the token and the secret, no other subgraph does; the subgraphs compose",
      (file) => {
        const config = loadGatewayConfig(path.join(ROOT, file), { PMM_FEDERATION_SECRET: SECRET });
        const pmm = config.subgraphs.find((s) => s.name === "pmm")!;
        expect(pmm).toMatchObject({ forwardAuthorization: true, federationSecret: SECRET });
        for (const other of config.subgraphs.filter((s) => s.name !== "pmm")) {
          expect({ name: other.name, forwardAuthorization: other.forwardAuthorization }).toEqual({
            name: other.name,
            forwardAuthorization: false,
          });
          expect(other.federationSecret).toBeUndefined();
        }
        expect(composeSupergraph(config.subgraphs)).toMatch(/join__Graph/);
      },
    );

    it("refuses an unknown key (a misspelt forwardAuthorisation would silently withhold the token)", () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gw-")), "gateway.yaml");
      fs.writeFileSync(
        file,
        "subgraphs:\n  - name: pmm\n    url: http://127.0.0.1:4000/graphql\n    schema: x.graphql\n    forwardAuthorisation: true\n",
      );
      expect(() => loadGatewayConfig(file, {})).toThrow(/forwardAuthorisation/);
    });
  });

  describe("router.yaml (Apollo Router, untested here)", () => {
    const router = parse(read("docker/router.yaml"));

    it("sends the viewer's token and the shared secret to PMM Graph only, and nothing to every subgraph", () => {
      expect(router.headers.all).toBeUndefined();
      expect(Object.keys(router.headers.subgraphs)).toEqual(["pmm"]);
      expect(router.headers.subgraphs.pmm.request).toEqual([
        { propagate: { named: "authorization" } },
        { insert: { name: "x-pmm-federation-secret", value: "${env.PMM_FEDERATION_SECRET}" } },
      ]);
    });

    it("lets PMM Graph's errors through with their codes; no introspection, landing page or sandbox", () => {
      expect(router.include_subgraph_errors).toEqual({ subgraphs: { pmm: true } });
      expect(router.supergraph).toMatchObject({ path: "/graphql", introspection: false });
      expect(router.homepage.enabled).toBe(false);
      expect(router.sandbox.enabled).toBe(false);
      expect(router.limits.http_max_request_bytes).toBe(1024 * 1024);
    });
  });

  describe("gateway.Dockerfile", () => {
    const dockerfile = read("docker/gateway.Dockerfile");
    const ignore = read("docker/gateway.Dockerfile.dockerignore")
      .split("\n")
      .filter((l) => l.startsWith("!"))
      .map((l) => l.slice(1).replace(/\/\*\*$/, ""));

    it("multi-stage, non-root, a health check on /healthz, the docker configuration", () => {
      expect((dockerfile.match(/^FROM .+$/gm) ?? []).length).toBeGreaterThanOrEqual(2);
      const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
      expect(runtime).toMatch(/^USER (?!root\b)\w+/m);
      expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
      expect(runtime).toMatch(/^ENTRYPOINT \["node", "gateway\/main.js", "docker\/gateway.yaml"\]/m);
    });

    it("copies only what its own .dockerignore lets into the build context", () => {
      const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(" "));
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources)
        expect({ source, allowed: ignore.includes(source) }).toEqual({ source, allowed: true });
    });

    it("installs every package the compiled gateway loads", () => {
      const names = JSON.parse(dockerfile.match(/const names = (\[[^\]]+\])/)![1]) as string[];
      const files = [
        ...fs
          .readdirSync(path.join(ROOT, "gateway"))
          .filter((f) => f.endsWith(".ts"))
          .map((f) => `gateway/${f}`),
        "src/common/errors.ts",
        "src/common/logger.ts",
        "src/http/limits.ts",
        "src/federation/service-access.ts",
      ];
      const loaded = new Set<string>();
      for (const file of files) {
        for (const [, spec] of read(file).matchAll(/^import (?!type )[^;]*? from "([^".][^"]*)";/gms)) {
          if (spec.startsWith("node:")) continue;
          loaded.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
        }
      }
      expect([...loaded].filter((n) => !names.includes(n))).toEqual([]);
    });
  });
});
