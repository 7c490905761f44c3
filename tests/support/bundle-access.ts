import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import ts from "typescript";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * One function's code as esbuild bundles it (tree-shaken, not minified, so names survive), with the
 * AWS SDK left as imports: what the function reaches, and which SDK commands it imports by name.
 * `entry` is a path from the repository root, or `{ source }` to bundle a snippet resolved from it.
 */
export async function bundle(entry: string | { source: string }): Promise<string> {
  const result = await build({
    ...(typeof entry === "string"
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.source, resolveDir: root, loader: "ts", sourcefile: "snippet.ts" } }),
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    treeShaking: true,
    minify: false,
    external: ["@aws-sdk/*"],
    write: false,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote nothing for ${typeof entry === "string" ? entry : "the snippet"}`);
  return output.text;
}

/** A bundle's syntax tree: parse once, ask `propertyReads` and `sdkCommandActions` of it. */
export const parseBundle = (code: string) =>
  ts.createSourceFile("bundle.mjs", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

/** The property a node reads: `x.NAME`, `x["NAME"]`, or `{ NAME }` / `{ NAME: y }` destructured. */
function propertyRead(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
    return node.argumentExpression.text;
  }
  if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
    const key = node.propertyName ?? node.name;
    return ts.isIdentifier(key) || ts.isStringLiteralLike(key) ? key.text : undefined;
  }
  return undefined;
}

/** `x.NAME = …` writes the property; it reads nothing. */
const isAssignedTo = (node: ts.Node) =>
  ts.isBinaryExpression(node.parent) &&
  node.parent.left === node &&
  node.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;

/** The name of a function declared or assigned to a variable (`function f`, `const f = () => …`). */
function functionName(node: ts.Node): string | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) {
    return node.name && ts.isIdentifier(node.name) ? node.name.text : undefined;
  }
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent)) {
    return ts.isIdentifier(node.parent.name) ? node.parent.name.text : undefined;
  }
  return undefined;
}

/** One read of a property, and the named functions it sits in, innermost first. */
export interface PropertyRead {
  name: string;
  within: string[];
}

/**
 * The reads of `names` as properties (`config.META_APP_SECRET`, `env["ADMIN_TOKEN"]`,
 * `const { CRM_MAPPING } = config`). A name that only appears as a key of an object literal (a zod
 * schema's shape, the secret-name table), in a string or as a write is not a read.
 */
export function propertyReads(bundle: ts.SourceFile, names: Iterable<string>): PropertyRead[] {
  const wanted = new Set(names);
  const reads: PropertyRead[] = [];
  walk(bundle, (node) => {
    const name = propertyRead(node);
    if (name === undefined || !wanted.has(name) || isAssignedTo(node)) return;
    const within: string[] = [];
    for (let parent = node.parent; parent; parent = parent.parent) {
      const enclosing = functionName(parent);
      if (enclosing) within.push(enclosing);
    }
    reads.push({ name, within });
  });
  return reads;
}

/** The Document client's commands and the DynamoDB operations (IAM actions) they call. */
const documentClientOperations: Record<string, string> = {
  GetCommand: "GetItem",
  PutCommand: "PutItem",
  UpdateCommand: "UpdateItem",
  DeleteCommand: "DeleteItem",
  QueryCommand: "Query",
  ScanCommand: "Scan",
  BatchGetCommand: "BatchGetItem",
  BatchWriteCommand: "BatchWriteItem",
  TransactGetCommand: "TransactGetItems",
  TransactWriteCommand: "TransactWriteItems",
};

/** `@aws-sdk/lib-dynamodb` `PutCommand` → `dynamodb:PutItem`; `@aws-sdk/client-eventbridge` `PutEventsCommand` → `events:PutEvents`. */
export function iamActionOfCommand(module: string, command: string): string {
  if (module === "@aws-sdk/lib-dynamodb") {
    const operation = documentClientOperations[command];
    if (!operation) throw new Error(`no DynamoDB operation known for ${module} ${command}: add it to the map`);
    return `dynamodb:${operation}`;
  }
  const service = module === "@aws-sdk/client-eventbridge" ? "events" : /^@aws-sdk\/client-(.+)$/.exec(module)?.[1];
  if (!service) throw new Error(`no IAM service known for ${module}`);
  return `${service}:${command.replace(/Command$/, "")}`;
}

/**
 * The IAM actions of the AWS SDK commands the bundle can send: every `new XCommand(…)` whose class
 * it imports from an `@aws-sdk/*` package. Tree shaking keeps only reachable functions, but a class
 * keeps all its methods: this is what the code could ever call, an upper bound.
 */
export function sdkCommandActions(bundle: ts.SourceFile): Set<string> {
  const imported = new Map<string, { module: string; name: string }>();
  for (const statement of bundle.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const module = statement.moduleSpecifier.text;
    if (!module.startsWith("@aws-sdk/")) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && !ts.isNamedImports(bindings)) throw new Error(`a namespace import of ${module} hides its commands`);
    for (const element of bindings?.elements ?? []) {
      imported.set(element.name.text, { module, name: (element.propertyName ?? element.name).text });
    }
  }
  const actions = new Set<string>();
  walk(bundle, (node) => {
    if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression)) return;
    const command = imported.get(node.expression.text);
    if (command?.name.endsWith("Command")) actions.add(iamActionOfCommand(command.module, command.name));
  });
  return actions;
}
