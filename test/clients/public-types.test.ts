import path from "node:path";
import ts from "typescript";
import { ROOT } from "../support/server-process";

/**
 * What a client exports must be precise all the way down: no `any` and no `unknown` in a variable, a result
 * or a function signature. Walks every export of each client's index.ts with the compiler, through the
 * project's own types; library types (Promise, Error, fetch) are taken as they are, but their type arguments
 * (Promise<T>, ReadonlyArray<T>) are walked.
 */
const CLIENTS = ["dashboard", "secretariat", "regional", "submission"];
const clientsDir = path.join(ROOT, "clients");
const config = ts.getParsedCommandLineOfConfigFile(
  path.join(clientsDir, "tsconfig.json"),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
)!;
const program = ts.createProgram({
  rootNames: CLIENTS.map((c) => path.join(clientsDir, c, "index.ts")),
  options: { ...config.options, noEmit: true },
});
const checker = program.getTypeChecker();
const ours = (s: ts.Symbol | undefined) =>
  !!s?.declarations?.some((d) => d.getSourceFile().fileName.startsWith(clientsDir + path.sep));

function loose(type: ts.Type, where: string, seen: Set<ts.Type>, found: string[]): void {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
    found.push(`${where}: ${checker.typeToString(type)}`);
    return;
  }
  if (seen.has(type)) return;
  seen.add(type);
  if (type.isUnionOrIntersection()) return type.types.forEach((t) => loose(t, where, seen, found));
  if (!(type.flags & ts.TypeFlags.Object)) return;
  for (const arg of checker.getTypeArguments(type as ts.TypeReference) ?? []) loose(arg, `${where}<>`, seen, found);
  const symbol = type.getSymbol();
  // Result shapes are anonymous object types; named types are walked only when declared in clients/.
  const anonymous = !symbol || symbol.flags & (ts.SymbolFlags.TypeLiteral | ts.SymbolFlags.ObjectLiteral);
  if (!anonymous && !ours(symbol)) return;
  for (const sig of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
    for (const p of sig.getParameters()) loose(checker.getTypeOfSymbol(p), `${where}(${p.name})`, seen, found);
    loose(sig.getReturnType(), `${where}()`, seen, found);
  }
  for (const prop of type.getProperties()) {
    if (ours(prop) || !prop.declarations?.length)
      loose(checker.getTypeOfSymbol(prop), `${where}.${prop.name}`, seen, found);
  }
  for (const info of checker.getIndexInfosOfType(type)) loose(info.type, `${where}[]`, seen, found);
}

describe("the clients' public types", () => {
  it.each(CLIENTS)("%s exports no any and no unknown", (name) => {
    const file = program.getSourceFile(path.join(clientsDir, name, "index.ts"))!;
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!);
    expect(exports.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const exported of exports) {
      // Fragment documents come out of `export type *`, so they cannot be used as values.
      if (exported.name.endsWith("FragmentDoc")) continue;
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const type =
        target.flags & ts.SymbolFlags.Value && !(target.flags & ts.SymbolFlags.Interface)
          ? checker.getTypeOfSymbol(target)
          : checker.getDeclaredTypeOfSymbol(target);
      loose(type, exported.name, new Set(), found);
    }
    expect(found).toEqual([]);
  });

  it("catches an unknown where there is one", () => {
    const file = program.getSourceFile(path.join(clientsDir, "dashboard", "generated", "graphql.ts"))!;
    const doc = checker
      .getExportsOfModule(checker.getSymbolAtLocation(file)!)
      .find((s) => s.name === "ScorecardDocument")!;
    const found: string[] = [];
    loose(checker.getTypeOfSymbol(doc), "ScorecardDocument", new Set(), found);
    expect(found).toEqual([]);
    const fragmentLike = program.getSourceFile(path.join(clientsDir, "regional", "generated", "graphql.ts"))!;
    const fragmentDoc = checker
      .getExportsOfModule(checker.getSymbolAtLocation(fragmentLike)!)
      .find((s) => s.name === "StatisticsFragmentDoc")!;
    loose(checker.getTypeOfSymbol(fragmentDoc), "StatisticsFragmentDoc", new Set(), found);
    expect(found).toEqual(["StatisticsFragmentDoc<>: unknown"]);
  });
});
