// Type-checks sst.config.ts and stacks/ against SST's platform types, generating them first when
// missing (offline: `sst install` needs neither AWS nor the internet; about 50 s and 320 MB, once).
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync(".sst/platform/config.d.ts")) {
  console.log("generating SST platform types (npx sst install)…");
  execSync("npx sst install", {
    stdio: "inherit",
    env: {
      ...process.env,
      SST_STAGE: process.env.SST_STAGE ?? "typecheck",
      SST_NO_BUN: "1",
      SST_SKIP_DEPENDENCY_CHECK: "1",
      SST_TELEMETRY_DISABLED: "1",
    },
  });
}
execSync("npx tsc -p tsconfig.stacks.json --noEmit", { stdio: "inherit" });
