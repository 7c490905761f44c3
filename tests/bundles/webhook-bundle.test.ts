import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { sstBuildOptions } from "../../bench/bundles";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** What reaches the webhook function's bundle, built as stacks/ deploy it (sizes are `npm run bench`'s). */
async function bundledPackages(entry: string) {
  const result = await build({
    ...sstBuildOptions(entry, join(root, "bench", ".bundles", "unwritten.mjs")),
    write: false,
  });
  const output = Object.values((result.metafile as Metafile).outputs)[0];
  return Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

describe("the webhook function's bundle (the one the platforms' timeouts wait on)", () => {
  it("leaves out the OpenAPI machinery, zod's locales, the rules and SLA schemas, YAML, iCal and the lexicons", async () => {
    const inputs = await bundledPackages("functions/webhook.ts");
    const heavy = [
      /node_modules\/@hono\/zod-openapi\//,
      /node_modules\/@asteasolutions\/zod-to-openapi\//,
      /node_modules\/zod\/v4\/locales\/(?!en\.js)/,
      /node_modules\/yaml\//,
      /node_modules\/ical\.js\//,
      /node_modules\/franc-min\//,
      /node_modules\/@hubspot\//,
      /node_modules\/jsforce\//,
      /packages\/core\/src\/rule\//,
      /packages\/core\/src\/sla\/policy\.ts/,
      /packages\/dynamodb\/src\/rule-store\.ts/,
      /packages\/http\/src\/admin\//,
    ];
    expect(inputs.filter((path) => heavy.some((pattern) => pattern.test(path)))).toEqual([]);
    // It still carries what it needs, so the check above is about a real bundle.
    expect(inputs.some((path) => path.includes("packages/http/src/webhooks/meta.ts"))).toBe(true);
    expect(inputs.some((path) => path.includes("@aws-sdk/client-dynamodb"))).toBe(true);
  });

  it("the admin function, by contrast, carries the OpenAPI machinery (the check above can fail)", async () => {
    const inputs = await bundledPackages("functions/admin-api.ts");
    expect(inputs.some((path) => path.includes("node_modules/@hono/zod-openapi/"))).toBe(true);
  });
});
