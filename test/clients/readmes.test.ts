import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/server-process";

/** Each client's README shows its example.ts in full, so the code a reader copies is the code the suite runs. */
const CLIENTS = ["dashboard", "secretariat", "regional", "submission"];

describe("client READMEs", () => {
  it.each(CLIENTS)("%s: README carries example.ts verbatim", (name) => {
    const dir = path.join(ROOT, "clients", name);
    const readme = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    const example = fs.readFileSync(path.join(dir, "example.ts"), "utf8").trimEnd();
    expect(readme).toContain("```ts\n" + example + "\n```");
  });

  it("covers every client folder", () => {
    const folders = fs
      .readdirSync(path.join(ROOT, "clients"), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "shared");
    expect(folders.map((d) => d.name).sort()).toEqual([...CLIENTS].sort());
  });
});
