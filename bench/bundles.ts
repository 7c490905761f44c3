import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { lazyCredentialProviders } from "@scrm/aws/bundling";
import { type BuildOptions, build, version as esbuildVersion, type Metafile } from "esbuild";

/**
 * Cold start and size budget: every Lambda entry point (`functions/<name>.ts`, tests left out)
 * bundled as SST v4 bundles it for deployment (esbuild, ESM, minified, tree-shaken, the AWS SDK
 * bundled but for the lazily imported credential providers, as `@scrm/aws/bundling` says), its
 * size unzipped and zipped (Lambda's code size is the zip's), what it is made of (from esbuild's
 * metafile), and its init time: the median, over fresh `node` processes, of `await import(bundle)`
 * timed inside the process. The bundles are written inside the repository, so that what is left
 * out resolves to `node_modules` as it would to the runtime's copy on Lambda.
 */
export interface BundlesBenchOptions {
  quick: boolean;
  /** Leave the bundles (and their metafiles) in the temporary directory and say where. */
  keep?: boolean;
}

const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
/** KB here is 1,024 bytes. */
const kb = (bytes: number) => Math.round(bytes / 1024);
/** The issue's budget, for the function that answers the platforms' webhooks. */
const targets: Record<string, { maxKB: number; maxInitMs: number }> = { webhook: { maxKB: 300, maxInitMs: 100 } };

/**
 * The environment the bundles are imported with: what `parseConfig` needs and nothing of this
 * machine's (no AWS profile, no SST variables), so an import that reaches for more fails here.
 */
const importEnvironment = {
  DYNAMODB_TABLE: "bench",
  EVENT_BUS_NAME: "bench",
  AWS_REGION: "eu-west-1",
  ADMIN_TOKEN: "x",
  META_APP_SECRET: "x",
  META_VERIFY_TOKEN: "x",
};

/**
 * SST's deploy build (pkg/runtime/node/build.go): ESM `.mjs`, platform node, `module` before
 * `main`, names kept, the createRequire/__filename/__dirname banner, `sharp` and `pg-native`
 * external, minified (SST's default for `nodejs.minify`), no source map. SST's own target is
 * esnext; here node22 (the functions' runtime), which changes nothing for syntax Node 22 has.
 */
const banner = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
].join("\n");

export function sstBuildOptions(entry: string, outfile: string, target = "node22"): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target,
    minify: true,
    treeShaking: true,
    keepNames: true,
    mainFields: ["module", "main"],
    external: ["sharp", "pg-native", ...lazyCredentialProviders],
    banner: { js: banner },
    metafile: true,
    write: true,
    logLevel: "silent",
  };
}

/** Runs in the fresh process: the import timed, and any TCP connection opened while importing counted. */
const importScript = `
import net from "node:net";
import { pathToFileURL } from "node:url";
const connections = [];
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect and fetch hand over their normalised arguments as an array: [options, callback].
  const target = Array.isArray(args[0]) ? args[0][0] : args[0];
  connections.push(typeof target === "object" && target ? String(target.host ?? target.path ?? "?") + ":" + String(target.port ?? "") : String(target));
  return connect.apply(this, args);
};
const started = performance.now();
try {
  await import(pathToFileURL(process.argv[1]).href);
  const ms = performance.now() - started;
  // A connection started by the import but opened a little later still counts.
  await new Promise((resolve) => setTimeout(resolve, 50));
  process.stdout.write(JSON.stringify({ ms, connections }));
} catch (error) {
  const text = error instanceof Error ? error.name + ": " + error.message : String(error);
  process.stdout.write(JSON.stringify({ error: text.split("\\n").slice(0, 4).join("\\n"), connections }));
}
process.exit(0);
`;

type ImportRun = { ms: number; connections: string[] } | { error: string; connections?: string[] };

function importOnce(bundle: string): ImportRun {
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", importScript, bundle], {
    env: { PATH: process.env.PATH ?? "", ...importEnvironment },
    encoding: "utf8",
    timeout: 60_000,
  });
  try {
    return JSON.parse(child.stdout) as ImportRun;
  } catch {
    const stderr = child.stderr.trim().split("\n").slice(0, 6).join("\n");
    return { error: stderr || `node exited with ${child.status ?? child.signal} and no result` };
  }
}

const packageOf = (path: string) => path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
const isAwsSdk = (pkg: string) => /^@(aws-sdk|smithy|aws-crypto|aws)\//.test(pkg);
/** Our code: `packages/<name>` or `functions`. */
const firstPartyOf = (path: string) => path.match(/^(packages\/[^/]+|functions)\//)?.[1];

/**
 * Where each bundled byte came from: by file, by package, and by the dependency of our code that
 * brought it in (a package only reached through another package is counted under the dependency
 * our code imports; a package reached through several, under the first found, breadth first).
 */
function composition(metafile: Metafile, outputBytes: number) {
  const output = Object.values(metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {}).map(([path, { bytesInOutput }]) => ({
    path,
    bytes: bytesInOutput,
  }));
  const bytesOf = new Map(inputs.map((input) => [input.path, input.bytes]));

  let awsSdk = 0;
  let otherNodeModules = 0;
  let ours = 0;
  const byPackage = new Map<string, number>();
  for (const { path, bytes } of inputs) {
    const pkg = packageOf(path) ?? firstPartyOf(path) ?? path;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytes);
    if (!packageOf(path)) ours += bytes;
    else if (isAwsSdk(pkg)) awsSdk += bytes;
    else otherNodeModules += bytes;
  }

  // Breadth first from the first-party files: each node_modules file gets the dependency through which it was reached.
  const via = new Map<string, { dependency: string; importers: Set<string> }>();
  const gateway = new Map<string, string>();
  const queue: string[] = [];
  for (const { path } of inputs) {
    if (packageOf(path)) continue;
    for (const imported of metafile.inputs[path]?.imports ?? []) {
      const dependency = packageOf(imported.path);
      if (!dependency || !bytesOf.has(imported.path)) continue;
      const entry = via.get(dependency) ?? { dependency, importers: new Set<string>() };
      entry.importers.add(path);
      via.set(dependency, entry);
      if (!gateway.has(imported.path)) {
        gateway.set(imported.path, dependency);
        queue.push(imported.path);
      }
    }
  }
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const dependency = gateway.get(next) as string;
    for (const imported of metafile.inputs[next]?.imports ?? []) {
      if (!bytesOf.has(imported.path) || gateway.has(imported.path) || !packageOf(imported.path)) continue;
      gateway.set(imported.path, dependency);
      queue.push(imported.path);
    }
  }
  const byDependency = new Map<string, number>();
  for (const [path, dependency] of gateway)
    byDependency.set(dependency, (byDependency.get(dependency) ?? 0) + (bytesOf.get(path) ?? 0));

  return {
    awsSdkKB: kb(awsSdk),
    otherNodeModulesKB: kb(otherNodeModules),
    oursKB: kb(ours),
    /** The banner, esbuild's helpers and the glue between modules. */
    restKB: kb(outputBytes - awsSdk - otherNodeModules - ours),
    topInputs: inputs
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 5)
      .map(({ path, bytes }) => ({ path, kb: kb(bytes) })),
    topPackages: [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, bytes]) => ({ name, kb: kb(bytes) })),
    topDependencies: [...byDependency]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, bytes]) => {
        const importers = [...(via.get(name)?.importers ?? [])];
        return {
          name,
          kbWithItsDependencies: kb(bytes),
          importers: importers.length,
          importedBy: importers.slice(0, 5),
        };
      }),
  };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The functions SST deploys: every `functions/<name>.ts` but the tests. */
function entryPoints() {
  return readdirSync(join(root, "functions"))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts"))
    .sort()
    .map((file) => ({ name: file.slice(0, -".ts".length), entry: `functions/${file}` }));
}

export async function benchBundles(options: BundlesBenchOptions) {
  const spawns = options.quick ? 3 : 5;
  const bundlesRoot = join(root, "bench", ".bundles");
  mkdirSync(bundlesRoot, { recursive: true });
  const dir = mkdtempSync(join(bundlesRoot, "run-"));
  const notes: string[] = [];
  let target = "node22";
  const functions = [];
  try {
    for (const { name, entry } of entryPoints()) {
      const outfile = join(dir, `${name}.mjs`);
      let result: Awaited<ReturnType<typeof build>>;
      try {
        try {
          result = await build(sstBuildOptions(entry, outfile, target));
        } catch (error) {
          if (target !== "node22" || !/node22/.test(String(error))) throw error;
          target = "node20";
          notes.push(`esbuild ${esbuildVersion} refused target node22; bundled for node20`);
          result = await build(sstBuildOptions(entry, outfile, target));
        }
      } catch (error) {
        functions.push({ name, built: false as const, buildError: String(error).split("\n").slice(0, 6).join("\n") });
        continue;
      }
      const code = readFileSync(outfile);
      const metafile = result.metafile as Metafile;

      const runs: ImportRun[] = [];
      for (let n = 0; n < spawns; n++) runs.push(importOnce(outfile));
      const failure = runs.find((run): run is { error: string } => "error" in run);
      const times = runs.flatMap((run) => ("ms" in run ? [run.ms] : []));
      const connections = [...new Set(runs.flatMap((run) => run.connections ?? []))];
      const initMs = failure ? undefined : round1(median(times));

      const budget = targets[name];
      const zippedKB = kb(gzipSync(code).length);
      functions.push({
        name,
        built: true as const,
        bytes: code.length,
        kb: kb(code.length),
        gzipKB: zippedKB,
        ...composition(metafile, code.length),
        warnings: result.warnings.map((warning) => warning.text).slice(0, 5),
        init:
          initMs === undefined
            ? { error: failure?.error ?? "no result", spawns }
            : { medianMs: initMs, minMs: round1(Math.min(...times)), maxMs: round1(Math.max(...times)), spawns },
        networkAtImport: connections,
        ...(budget && {
          target: budget,
          /** Against the zipped size: what Lambda stores and reports as the function's code size. */
          metSize: zippedKB <= budget.maxKB,
          metSizeUnzipped: kb(code.length) <= budget.maxKB,
          metInit: initMs !== undefined && initMs <= budget.maxInitMs,
        }),
      });
    }
  } finally {
    if (options.keep) notes.push(`bundles and metafiles kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }

  return {
    name: "bundles",
    setup: `esbuild ${esbuildVersion} as SST deploys (esm, ${target}, bundle, minify, tree shaking, keepNames, mainFields module,main, AWS SDK bundled but its lazily imported credential providers); init = median of ${spawns} fresh node ${process.version} processes timing await import(bundle)`,
    target,
    notes,
    functions,
    allBuiltAndImported: functions.every((f) => f.built && !("error" in f.init) && f.networkAtImport.length === 0),
  };
}

export function printBundles(result: Awaited<ReturnType<typeof benchBundles>>) {
  console.log(`\nbundles (${result.setup})`);
  for (const note of result.notes) console.log(`  note: ${note}`);
  const pad = Math.max(...result.functions.map((f) => f.name.length)) + 2;
  for (const f of result.functions) {
    if (!f.built) {
      console.log(`  ${f.name.padEnd(pad)} BUILD FAILED: ${f.buildError}`);
      continue;
    }
    const init = "error" in f.init ? `init FAILED: ${f.init.error}` : `init ${f.init.medianMs} ms`;
    const goal = f.target
      ? `   (target ≤ ${f.target.maxKB} KB: zipped ${f.metSize ? "met" : "MISSED"}, unzipped ${f.metSizeUnzipped ? "met" : "missed"}; init ≤ ${f.target.maxInitMs} ms, ${f.metInit ? "met" : "MISSED"})`
      : "";
    console.log(`  ${f.name.padEnd(pad)} ${f.kb} KB (${f.bytes} bytes; zipped ≈ gzip ${f.gzipKB} KB)   ${init}${goal}`);
    const indent = " ".repeat(pad + 3);
    console.log(
      `${indent}AWS SDK ${f.awsSdkKB} KB, other node_modules ${f.otherNodeModulesKB} KB, ours ${f.oursKB} KB, esbuild glue ${f.restKB} KB`,
    );
    console.log(
      `${indent}by dependency: ${f.topDependencies
        .slice(0, 5)
        .map(
          (d) =>
            `${d.name} ${d.kbWithItsDependencies} KB (${d.importedBy[0] ?? "?"}${d.importers > 1 ? ` +${d.importers - 1}` : ""})`,
        )
        .join(", ")}`,
    );
    console.log(`${indent}top inputs: ${f.topInputs.map((input) => `${input.path} ${input.kb} KB`).join(", ")}`);
    if (f.networkAtImport.length) console.log(`${indent}NETWORK AT IMPORT: ${f.networkAtImport.join(", ")}`);
    for (const warning of f.warnings) console.log(`${indent}esbuild warning: ${warning}`);
  }
}
