/**
 * Finds every refusal a user can be shown by reading the source with the TypeScript parser:
 * `refuse("CODE", { … })`, `new DomainError("CODE", { … })` and `super("CODE", { … })` in a class that
 * extends DomainError. For each code it collects the parameter names the throw sites pass, so the
 * locale test can check that each sentence only uses variables a throw site really provides (CM-03).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

export interface RefusalParams {
  /** Passed every time this site throws. */
  readonly always: readonly string[];
  /** Passed only sometimes (`...(x ? { name } : {})`). */
  readonly sometimes: readonly string[];
}

export interface RefusalSite {
  readonly file: string;
  readonly line: number;
  /** The parameter names this site passes, or `undefined` when its params are not written out literally. */
  readonly params: RefusalParams | undefined;
}

export type RefusalCatalog = ReadonlyMap<string, readonly RefusalSite[]>;

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function extendsDomainError(node: ts.Node): boolean {
  const enclosingClass = ts.findAncestor(node, ts.isClassLike);
  return (enclosingClass?.heritageClauses ?? []).some((clause) =>
    clause.types.some((type) => ts.isIdentifier(type.expression) && type.expression.text === "DomainError"),
  );
}

function isRefusal(node: ts.Node): node is ts.CallExpression | ts.NewExpression {
  if (ts.isCallExpression(node)) {
    if (node.expression.kind === ts.SyntaxKind.SuperKeyword) return extendsDomainError(node);
    return ts.isIdentifier(node.expression) && node.expression.text === "refuse";
  }
  if (ts.isNewExpression(node)) return ts.isIdentifier(node.expression) && node.expression.text === "DomainError";
  return false;
}

function unparenthesized(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) ? unparenthesized(node.expression) : node;
}

/** `...(cond ? { a } : {})`: names in both branches are always passed, the others sometimes. */
function conditionalSpread(spread: ts.Expression): RefusalParams | undefined {
  const conditional = unparenthesized(spread);
  if (!ts.isConditionalExpression(conditional)) return undefined;
  const whenTrue = parameterNames(unparenthesized(conditional.whenTrue));
  const whenFalse = parameterNames(unparenthesized(conditional.whenFalse));
  if (!whenTrue || !whenFalse) return undefined;
  const all = [...whenTrue.always, ...whenTrue.sometimes, ...whenFalse.always, ...whenFalse.sometimes];
  const always = whenTrue.always.filter((name) => whenFalse.always.includes(name));
  return { always, sometimes: [...new Set(all.filter((name) => !always.includes(name)))] };
}

function parameterNames(arg: ts.Expression | undefined): RefusalParams | undefined {
  if (arg === undefined) return { always: [], sometimes: [] };
  if (!ts.isObjectLiteralExpression(arg)) return undefined;
  const always: string[] = [];
  const sometimes: string[] = [];
  for (const property of arg.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = conditionalSpread(property.expression);
      if (!spread) return undefined;
      always.push(...spread.always);
      sometimes.push(...spread.sometimes);
      continue;
    }
    const name = property.name;
    if (!name || !(ts.isIdentifier(name) || ts.isStringLiteral(name))) return undefined;
    always.push(name.text);
  }
  return { always, sometimes };
}

/** Every refusal code thrown under the given source folders, with the sites that throw it. */
export function scanRefusals(sourceDirs: readonly string[]): RefusalCatalog {
  const catalog = new Map<string, RefusalSite[]>();
  for (const file of sourceDirs.flatMap(typeScriptFiles)) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (isRefusal(node)) {
        const [codeArg, paramsArg] = node.arguments ?? [];
        if (codeArg && ts.isStringLiteralLike(codeArg)) {
          const site: RefusalSite = {
            file,
            line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
            params: parameterNames(paramsArg),
          };
          catalog.set(codeArg.text, [...(catalog.get(codeArg.text) ?? []), site]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return catalog;
}
