import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { staleBuild } from "../../scripts/ensure-built";

/** A project of two source files and their build, with the times given (seconds since the epoch). */
function project(times: { src: number; dist: number | null; json?: [number, number | null] }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pmm-ensure-built-"));
  const write = (file: string, t: number) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), "x");
    fs.utimesSync(path.join(root, file), t, t);
  };
  write("src/main.ts", 1000);
  write("src/db/thing.ts", times.src);
  write("dist/main.js", 1000);
  if (times.dist !== null) write("dist/db/thing.js", times.dist);
  if (times.json) {
    write("src/db/seed.json", times.json[0]);
    if (times.json[1] !== null) write("dist/db/seed.json", times.json[1]);
  }
  return root;
}

describe("scripts/ensure-built.js: whether npm start and the CLIs must rebuild dist/", () => {
  it("does not when every compiled file is at least as new as its source", () => {
    expect(staleBuild(project({ src: 1000, dist: 1000 }))).toBeNull();
    expect(staleBuild(project({ src: 1000, dist: 2000, json: [1000, 1000] }))).toBeNull();
  });

  it("does when a source changed after the build, or has no compiled file, or dist/ is missing", () => {
    expect(staleBuild(project({ src: 3000, dist: 2000 }))).toBe(
      `src/${path.join("db", "thing.ts")} changed after dist/ was built`,
    );
    expect(staleBuild(project({ src: 1000, dist: null }))).toMatch(/^dist\/ has no /);
    expect(staleBuild(project({ src: 1000, dist: 1000, json: [3000, 2000] }))).toMatch(/seed\.json changed after/);
    const root = project({ src: 1000, dist: 1000 });
    fs.rmSync(path.join(root, "dist"), { recursive: true });
    expect(staleBuild(root)).toBe("dist/ is missing");
  });

  it("ignores a JSON file the build does not emit (nothing imports it)", () => {
    expect(staleBuild(project({ src: 1000, dist: 1000, json: [3000, null] }))).toBeNull();
  });
});
