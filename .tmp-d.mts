import { interaction } from "./bench/.tmp-rules-x.ts";
import { compileRules } from "./packages/core/src/rule";
import { sampleRule } from "./packages/core/src/rule/fixtures";
const pool = Array.from({ length: 1000 }, (_, n) => interaction(n));
function time(label: string, fn: () => void) {
  for (let i = 0; i < 2000; i++) fn();
  const t0 = performance.now(); let n = 0;
  while (performance.now() - t0 < 600) { for (let i = 0; i < 100; i++) { fn(); n++; } }
  return (performance.now() - t0) * 1000 / n;
}
const leaves: Record<string, any> = {
  platformEq: { field: "platform", op: "neq", value: "zzz" },
  followers: { field: "author.followers", op: "gte", value: 0 },
  tags: { field: "tags", op: "nin", value: ["zzz"] },
  kw: { field: "text", op: "containsAny", value: ["zzz1","zzz2","zzz3","zzz4","zzz5"] },
  always: undefined,
};
for (const [name, leaf] of Object.entries(leaves)) {
  const rules = Array.from({ length: 500 }, (_, i) => sampleRule({ id: `r${String(i).padStart(4, "0")}`, when: leaf ? { all: [leaf, { not: { field: "platform", op: "eq", value: "zz" } }] } : undefined }));
  const set = compileRules(rules);
  let k = 0;
  const base = time("ctx", () => { const it = pool[k++ % 1000]!; const ctx = set.context(it); set.candidates("interaction.received", ctx); });
  const full = time("full", () => { const it = pool[k++ % 1000]!; const ctx = set.context(it); for (const r of set.candidates("interaction.received", ctx)) r.test(it, ctx); });
  console.log(name, "base", base.toFixed(2), "per test ns", ((full - base) * 1000 / 500).toFixed(1));
}
