import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { GraphQLError } from "graphql";
import { ApolloServerErrorCode } from "@apollo/server/errors";
import { ERROR_CODES, type ErrorCode, type Problem } from "../../src/common/errors";
import { formatError } from "../../src/common/format-error";
import { logger } from "../../src/common/logger";
import { ERROR_CONTRACT_FILE, renderErrorContract } from "../../scripts/error-contract";
import { PMM_ERROR_CODES, type PmmProblem } from "../../clients/shared/request";

/**
 * Codes in src/ that name something other than a GraphQL error (a Node socket error, the write queue's own
 * refusal, which database-health turns into SERVICE_UNAVAILABLE): never sent to a client.
 */
const NOT_GRAPHQL = new Set(["ETIMEDOUT", "PMM_WRITE_QUEUE_FULL", "ER_DUP_ENTRY"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Every literal a source file gives as an error code: `code: "X"`, `code === "X"`, `domainError("X", ...)` and the
 * body-error handler's `answer(..., "X")` (`order: { code: "ASC" }` is a sort, not a code).
 */
function codesSentIn(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => !/\border:/.test(line))
    .flatMap((line) =>
      [
        // Not a GraphQL argument in a query text (`member(code: "KEN")`).
        ...line.matchAll(/(?<!\w\()\bcode\s*(?::|=|===)\s*"([A-Z][A-Z0-9_]*)"/g),
        ...line.matchAll(/\bdomainError\(\s*"([A-Z][A-Z0-9_]*)"/g),
        ...line.matchAll(/\banswer\(.*"([A-Z][A-Z0-9_]*)"\);/g),
      ].map((m) => m[1]!),
    );
}

describe("one error contract (src/common/errors.ts)", () => {
  it("lists every code Apollo Server itself sends (an upgrade that adds one fails here)", () => {
    const missing = Object.values(ApolloServerErrorCode).filter((code) => !(code in ERROR_CODES));
    expect(missing).toEqual([]);
  });

  it("lists every code a source file sends", () => {
    const root = join(__dirname, "..", "..", "src");
    const unlisted = sourceFiles(root).flatMap((file) =>
      codesSentIn(readFileSync(file, "utf8"))
        .filter((code) => !(code in ERROR_CODES) && !NOT_GRAPHQL.has(code))
        .map((code) => `${file.slice(root.length + 1)}: ${code}`),
    );
    expect(unlisted).toEqual([]);
  });

  it("finds the codes it scans for (the scan above cannot pass by finding nothing)", () => {
    const sample = [
      'new GraphQLError(m, { extensions: { code: "MADE_UP" } });',
      'answer(res, 413, `too large`, "ALSO_MADE_UP");',
      'if (code === "THIRD_ONE") return;',
      'throw domainError("FOURTH_ONE", "m", { reason: "NOT_A_CODE" });',
      'return repo.find({ order: { code: "ASC" } });',
    ].join("\n");
    expect(codesSentIn(sample)).toEqual(["MADE_UP", "ALSO_MADE_UP", "THIRD_ONE", "FOURTH_ONE"]);
    const real = codesSentIn(readFileSync(join(__dirname, "..", "..", "src", "http", "limits.ts"), "utf8"));
    expect(real).toEqual(expect.arrayContaining(["PAYLOAD_TOO_LARGE", "QUERY_TOO_COMPLEX"]));
  });

  it("passes every listed code to the client as it is, and files any other as INTERNAL_SERVER_ERROR", () => {
    const format = (code: string) =>
      formatError({ message: "m", extensions: { code } }, new GraphQLError("m", { extensions: { code } }), {
        production: true,
      });
    jest.spyOn(logger, "error").mockImplementation(() => undefined);
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[])
      expect(format(code)).toEqual({
        message: code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : "m",
        extensions: { code },
      });
    expect(format("SOME_LIBRARY_CODE")).toMatchObject({ extensions: { code: "INTERNAL_SERVER_ERROR" } });
  });

  it("is what the clients' generated copy holds, codes and problem shape", () => {
    expect(readFileSync(ERROR_CONTRACT_FILE, "utf8")).toBe(renderErrorContract());
    expect(PMM_ERROR_CODES).toEqual([...Object.keys(ERROR_CODES), "UNRECOGNIZED", "BAD_RESPONSE"]);
    // The problem shape, at compile time: each assignable to the other, with the same field names.
    const toClient = (p: Problem): PmmProblem => p;
    const toServer = (p: PmmProblem): Problem => ({ ...p });
    const sameKeys: [Exclude<keyof Problem, keyof PmmProblem>, Exclude<keyof PmmProblem, keyof Problem>] extends [
      never,
      never,
    ]
      ? true
      : false = true;
    const p = { where: "input", kpi: null, field: "code", reason: "r" };
    expect([toClient(p), toServer(p), sameKeys]).toEqual([p, p, true]);
  });
});
