import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/**
 * The repository carries its own contracts (docs/disclosure.md, docs/api-contract.md, docs/reference-data.md):
 * no tracked file may send a reader to the design folder or data folder outside it, which a clone does not have.
 * (The patterns are built from pieces so that this file does not match itself.)
 */
const OUTSIDE = [
  ["..", "shared", "design"],
  ["..", "shared", "data"],
  ["shared", "design"],
  ["", "work", "shared"],
].map((parts) => parts.join("/"));

describe("the repository stands on its own", () => {
  it("no tracked file refers to the design documents or data outside the repository", () => {
    const files = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const hits: string[] = [];
    for (const file of files) {
      const full = path.join(ROOT, file);
      if (!fs.statSync(full, { throwIfNoEntry: false })?.isFile()) continue;
      const text = fs.readFileSync(full, "utf8");
      text.split("\n").forEach((line, i) => {
        for (const pattern of OUTSIDE) if (line.includes(pattern)) hits.push(`${file}:${i + 1}: ${pattern}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
