import fs from "node:fs";
import path from "node:path";
import { builtinModules } from "node:module";
import { parse } from "yaml";
import { ROOT } from "./support/server-process";

/**
 * No Docker engine runs here, so the image is checked in two halves: its entrypoint script is what the
 * shutdown test starts the server with, and these checks hold the Dockerfile and compose file to it.
 */
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("docker/ assets", () => {
  it("Dockerfile: multi-stage, production dependencies only, non-root, the entrypoint script, a health check", () => {
    const dockerfile = read("docker/Dockerfile");
    const stages = dockerfile.match(/^FROM .+$/gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    // npm ci runs the prepare script (npm run build), so the sources and tsconfig files are in place before it.
    const build = dockerfile.slice(0, dockerfile.lastIndexOf("\nFROM "));
    const npmCi = build.search(/^RUN npm ci\b/m);
    expect(npmCi).toBeGreaterThan(0);
    for (const needed of [/^COPY .*\btsconfig\.build\.json\b/m, /^COPY src \.\/src$/m]) {
      const at = build.search(needed);
      expect([String(needed), at >= 0 && at < npmCi]).toEqual([String(needed), true]);
    }
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(runtime).toMatch(/^USER (?!root\b)\w+/m);
    expect(runtime).toMatch(/^ENTRYPOINT \["\/app\/docker\/entrypoint\.sh"\]/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/readyz/m);
    expect(fs.statSync(path.join(ROOT, "docker/entrypoint.sh")).mode & 0o111).not.toBe(0);
  });

  it("compose: MySQL 8 and the API, each with a health check; the API waits for a healthy MySQL", () => {
    const compose = parse(read("docker/compose.yaml"));
    const { mysql, api } = compose.services;
    expect(mysql.image).toMatch(/^mysql:8/);
    expect(mysql.healthcheck.test.join(" ")).toMatch(/mysqladmin ping/);
    expect(api.healthcheck.test.join(" ")).toMatch(/\/readyz/);
    expect(api.depends_on.mysql.condition).toBe("service_healthy");
    expect(api.build).toEqual({ context: "..", dockerfile: "docker/Dockerfile" });
    expect(api.environment.NODE_ENV).toBe("production");
    expect(api.environment.PMM_DATABASE_URL).toMatch(/^mysql:\/\/.*@mysql:3306\//);
  });

  it(".dockerignore keeps local state and secrets out of the build context", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const entry of ["node_modules", "dist", ".git", "data", ".env"]) expect(ignored).toContain(entry);
  });

  it("dist/ (what `npm run build` emits and the image ships) holds no benchmark code", () => {
    const files = fs.readdirSync(path.join(ROOT, "dist"), { recursive: true }).map(String);
    expect(files.filter((f) => f.split(path.sep).includes("bench"))).toEqual([]);
    // Every module of bench/, by name: none of them compiled into the server's build.
    const benchModules = new Set(
      fs
        .readdirSync(path.join(ROOT, "bench"))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => f.replace(/\.ts$/, ".js")),
    );
    expect(benchModules.size).toBeGreaterThan(3);
    expect(files.filter((f) => benchModules.has(path.basename(f)))).toEqual([]);
    // Nor loaded from outside dist/: every relative require of the build stays inside it.
    for (const file of files.filter((f) => f.endsWith(".js"))) {
      const from = path.dirname(path.join(ROOT, "dist", file));
      for (const [, spec] of fs.readFileSync(path.join(ROOT, "dist", file), "utf8").matchAll(/require\("(\.[^"]*)"\)/g))
        expect(path.relative(path.join(ROOT, "dist"), path.resolve(from, spec))).not.toMatch(/^\.\./);
    }
  });

  it("the image's build context and Dockerfile leave the benchmark out", () => {
    const ignored = read(".dockerignore").split("\n");
    expect(ignored).toEqual(expect.arrayContaining(["bench", "dist-bench"]));
    const copies = read("docker/Dockerfile").match(/^COPY .+$/gm) ?? [];
    expect(copies.filter((line) => /bench/.test(line))).toEqual([]);
  });

  it("every package the built server loads is a production dependency (npm prune --omit=dev keeps it)", () => {
    const pkg = JSON.parse(read("package.json"));
    const deps = new Set(Object.keys(pkg.dependencies));
    const files = fs
      .readdirSync(path.join(ROOT, "dist"), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".js"));
    const used = new Set<string>();
    for (const file of files) {
      for (const [, spec] of fs
        .readFileSync(path.join(ROOT, "dist", file), "utf8")
        .matchAll(/require\("([^".][^"]*)"\)/g)) {
        if (spec.startsWith("node:") || builtinModules.includes(spec)) continue;
        used.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
      }
    }
    used.add("mysql2"); // loaded by TypeORM, not by our code, when PMM_DATABASE_URL is a mysql:// URL
    expect([...used].filter((name) => !deps.has(name))).toEqual([]);
  });
});
