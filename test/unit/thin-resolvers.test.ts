import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

/**
 * Issue 18.3: resolvers are thin; services own transactions and reads. A resolver file (`*.resolver.ts`, or any
 * file declaring a `@Resolver`) reaches the database only through a service or the request's loaders: it
 * neither touches the data source (`ctx.ds`, a manager, a repository, a query builder) nor opens a transaction,
 * nor imports what would let it (TypeORM, write-transaction, the lean reads). Read from the sources' syntax
 * trees, so comments and strings do not count and a call is found however it is spelt across lines.
 */
const ROOT = join(__dirname, "..", "..");
const SRC = join(ROOT, "src");

const FORBIDDEN_PROPERTIES = new Set(["ds", "manager", "getRepository", "createQueryBuilder", "transaction"]);
const FORBIDDEN_NAMES = new Set(["writeTransaction", "leanSelect", "leanRows", "leanById", "entityColumns"]);
const FORBIDDEN_MODULES = [/^typeorm(\/|$)/, /\/db\/write-transaction$/, /\/common\/lean-find$/, /\/entity-columns$/];

/** `line: what` for each way the source reaches the database itself. */
export function databaseReaches(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) =>
    found.push(`${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text;
      if (FORBIDDEN_MODULES.some((m) => m.test(from))) at(node, `imports ${from}`);
    } else if (ts.isPropertyAccessExpression(node) && FORBIDDEN_PROPERTIES.has(node.name.text)) {
      at(node, `.${node.name.text}`);
    } else if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) {
      if (FORBIDDEN_PROPERTIES.has(node.argumentExpression.text)) at(node, `["${node.argumentExpression.text}"]`);
    } else if (ts.isIdentifier(node) && FORBIDDEN_NAMES.has(node.text) && !ts.isImportSpecifier(node.parent)) {
      at(node, node.text);
    } else if (ts.isBindingElement(node) && FORBIDDEN_PROPERTIES.has((node.propertyName ?? node.name).getText())) {
      at(node, `{ ${(node.propertyName ?? node.name).getText()} }`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

const resolverFiles = sourceFiles(SRC)
  .map((path) => ({ file: relative(ROOT, path).split("\\").join("/"), text: readFileSync(path, "utf8") }))
  .filter(({ file, text }) => file.endsWith(".resolver.ts") || /@Resolver\(/.test(text));

describe("thin resolvers (issue 18.3)", () => {
  it("finds the resolver files", () => {
    expect(resolverFiles.length).toBeGreaterThan(15);
  });

  it("no resolver reaches a repository, the data source or a transaction: services do", () => {
    const reaches = resolverFiles.flatMap(({ file, text }) => databaseReaches(file, text).map((r) => `${file}:${r}`));
    expect(reaches).toEqual([]);
  });

  it("recognises each way in (the check itself can fail)", () => {
    const broken = `
      import { In } from "typeorm";
      import { writeTransaction } from "../db/write-transaction";
      export class R {
        a(ctx) { return ctx.ds.getRepository(X).find({ where: { pk: In([1]) } }); }
        b(ctx) { return writeTransaction(ctx.ds, (em) => em.findBy(X, {})); }
        c({ ds }) { return ds.manager.createQueryBuilder().getMany(); }
        d(ctx) { return ctx["ds"].transaction(() => 1); }
      }`;
    expect(databaseReaches("broken.resolver.ts", broken)).toEqual([
      "2: imports typeorm",
      "3: imports ../db/write-transaction",
      "5: .getRepository",
      "5: .ds",
      "6: writeTransaction",
      "6: .ds",
      "7: { ds }",
      "7: .createQueryBuilder",
      "7: .manager",
      "8: .transaction",
      '8: ["ds"]',
    ]);
    // Array methods and the request's loaders are not the database.
    expect(
      databaseReaches("fine.resolver.ts", "const x = rows.find((r) => r.pk === 1); ctx.loaders.kpi.load(1);"),
    ).toEqual([]);
  });
});
