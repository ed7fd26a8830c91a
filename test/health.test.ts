import { baseUrl } from "./support/graphql";
import { runCli } from "./support/cli";
import { OwnServer, post, startOwnServer } from "./support/own-server";

describe("/healthz and /readyz", () => {
  it("say alive and ready, and are never cached", async () => {
    for (const [route, body] of [
      ["/healthz", { status: "ok" }],
      ["/readyz", { status: "ready" }],
    ] as const) {
      const res = await fetch(`${baseUrl()}${route}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toEqual(body);
    }
  });
});

describe("a server whose database is not migrated yet (PMM_MIGRATE_ON_START=false, migrations run as a job)", () => {
  let own: OwnServer;
  beforeAll(async () => {
    own = await startOwnServer("unmigrated", { PMM_MIGRATE_ON_START: "false" }, { waitFor: "/healthz" });
  });
  afterAll(async () => {
    await own?.close();
  });

  it("is alive but not ready, and GraphQL requests get 503 SERVICE_UNAVAILABLE", async () => {
    expect((await fetch(`${own.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${own.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "migrations pending" });
    const res = await post(own.baseUrl, { query: "{ regions { code } }" });
    expect(res.status).toBe(503);
    expect(res.json.errors.map((e: any) => e.extensions.code)).toEqual(["SERVICE_UNAVAILABLE"]);
    expect(res.json.errors[0].message).toMatch(/migrations have not been applied/);
  });

  it("becomes ready once the migration job has run, without a restart", async () => {
    const job = runCli("db/migrate.cli.js", [], { PMM_DATABASE_URL: own.db.url });
    expect(job.stdout).toContain("database is up to date");
    expect(job.code).toBe(0);
    const ready = await fetch(`${own.baseUrl}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready" });
    const res = await post(own.baseUrl, { query: "{ regions { code } }" });
    expect(res.status).toBe(200);
    expect(res.json.data.regions).toHaveLength(6);
  });
});
