// The dependency rule: src/domain imports nothing outside itself except the pure libraries named
// in ALLOWED_PACKAGES. Run by `npm test` (npm run check:deps); exits 1 and names each violation.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** Pure libraries the domain may import: no I/O, no clock, no framework. */
export const ALLOWED_PACKAGES: readonly string[] = ["zod", "date-holidays"];

export interface DependencyViolation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

function moduleSpecifiers(source: ts.SourceFile): { specifier: string; pos: number }[] {
  const found: { specifier: string; pos: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, pos: node.getStart(source) });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expr = node.moduleReference.expression;
      if (ts.isStringLiteral(expr)) found.push({ specifier: expr.text, pos: node.getStart(source) });
    } else if (ts.isCallExpression(node)) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isDynamicImport || isRequire) {
        const arg = node.arguments[0];
        found.push({
          specifier: arg && ts.isStringLiteralLike(arg) ? arg.text : "<computed>",
          pos: node.getStart(source),
        });
      }
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) {
        found.push({ specifier: arg.literal.text, pos: node.getStart(source) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Checks one file's text; `file` is its path, `domainRoot` the absolute path of src/domain. */
export function checkDomainFile(file: string, text: string, domainRoot: string): DependencyViolation[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const violations: DependencyViolation[] = [];
  for (const { specifier, pos } of moduleSpecifiers(source)) {
    const line = source.getLineAndCharacterOfPosition(pos).line + 1;
    let reason: string | undefined;
    if (specifier === "<computed>") {
      reason = "computed module specifier (cannot be checked)";
    } else if (specifier.startsWith(".")) {
      const target = path.resolve(path.dirname(path.resolve(file)), specifier);
      if (target !== domainRoot && !target.startsWith(domainRoot + path.sep)) {
        reason = "relative import leaves src/domain";
      }
    } else if (!ALLOWED_PACKAGES.includes(packageName(specifier))) {
      reason = `package "${packageName(specifier)}" is not an allowed pure library (${ALLOWED_PACKAGES.join(", ")})`;
    }
    if (reason) violations.push({ file, line, specifier, reason });
  }
  return violations;
}

function listTsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return listTsFiles(full);
    return /\.(ts|mts|cts|tsx)$/.test(name) ? [full] : [];
  });
}

export function checkDomain(domainRoot: string): DependencyViolation[] {
  return listTsFiles(domainRoot).flatMap((file) => checkDomainFile(file, readFileSync(file, "utf8"), domainRoot));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const domainRoot = path.resolve(process.argv[2] ?? "src/domain");
  const violations = checkDomain(domainRoot);
  for (const v of violations) {
    console.error(`${path.relative(process.cwd(), v.file)}:${v.line}: import "${v.specifier}": ${v.reason}`);
  }
  if (violations.length > 0) {
    console.error(`dependency rule: ${violations.length} violation(s) in src/domain`);
    process.exit(1);
  }
  console.log(`dependency rule: src/domain imports only itself and ${ALLOWED_PACKAGES.join(", ")} — ok`);
}
