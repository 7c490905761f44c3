import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { benchBundles, printBundles } from "./bundles";
import { benchCrm, printCrm } from "./crm";
import { benchEnrichment, printEnrichment } from "./enrichment";
import { benchIngest } from "./ingest";
import { benchRules, printRules } from "./rules";

/**
 * `npm run bench`: prints the figures and writes them to bench/results/ (`latest.json` only for a
 * full run: every benchmark, not quick). `--quick` for short runs;
 * `--only=ingest,rules,enrichment,crm,bundles` for some of them; `--keep-bundles` leaves the
 * function bundles and their metafiles in a temporary directory.
 */
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version };
const quick = process.argv.includes("--quick");
const only = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const wanted = (name: string) => !only || only.includes(name);
const benchmarks: unknown[] = [];
let failed = false;

// CPU-bound figures first, while nothing else runs in the process.
if (wanted("rules")) {
  const rules = await benchRules({ quick });
  printRules(rules);
  benchmarks.push(rules);
}
if (wanted("enrichment")) {
  const enrichment = await benchEnrichment({ quick });
  printEnrichment(enrichment);
  benchmarks.push(enrichment);
}
if (wanted("bundles")) {
  const bundles = await benchBundles({ quick, keep: process.argv.includes("--keep-bundles") });
  printBundles(bundles);
  benchmarks.push(bundles);
  failed ||= !bundles.allBuiltAndImported;
}
if (wanted("crm")) {
  const crm = await benchCrm({ quick });
  printCrm(crm);
  benchmarks.push(crm);
  failed ||= !crm.correct;
}
if (wanted("ingest")) {
  const ingest = await benchIngest({ deliveries: quick ? 2_000 : 20_000, connections: 32 });
  console.log(`\ningest (${ingest.setup})`);
  console.log(`  acknowledged   ${ingest.acknowledged}/${ingest.deliveries}  (rejected ${ingest.rejected})`);
  console.log(
    `  throughput     ${ingest.throughputPerSecond} deliveries/s   (target ≥ ${ingest.target.throughputPerSecond})`,
  );
  console.log(
    `  ack latency    p50 ${ingest.latencyMs.p50} ms, p90 ${ingest.latencyMs.p90} ms, p99 ${ingest.latencyMs.p99} ms, max ${ingest.latencyMs.max} ms   (target p99 ≤ ${ingest.target.p99Ms} ms)`,
  );
  console.log(
    `  became interactions ${(ingest.durableShare * 100).toFixed(2)}%   (${ingest.interactions}; processing caught up ${ingest.processingCatchUpMs} ms after the load)`,
  );
  benchmarks.push(ingest);
  failed ||= ingest.durableShare !== 1;
}

const results = { at: new Date().toISOString(), machine, quick, benchmarks };
mkdirSync("bench/results", { recursive: true });
const stamp = results.at.replace(/[:.]/g, "-");
// Only a full run is `latest.json` (the figures the README quotes); a partial or quick one is kept beside it.
const complete = !only && !quick;
const file = complete
  ? `bench/results/run-${stamp}.json`
  : `bench/results/partial-${(only ?? ["all"]).join("+")}${quick ? "-quick" : ""}-${stamp}.json`;
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
if (complete) writeFileSync("bench/results/latest.json", `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwritten to ${complete ? "bench/results/latest.json and " : ""}${file}`);
if (failed) process.exitCode = 1;
