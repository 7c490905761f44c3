import { interaction } from "./bench/.tmp-rules-x.ts";
import { compileRules } from "./packages/core/src/rule";
import { sampleRule } from "./packages/core/src/rule/fixtures";
const pool = Array.from({ length: 1000 }, (_, n) => interaction(n));
function time(fn: (i: number) => unknown) {
  for (let i = 0; i < 5000; i++) fn(i);
  const t0 = performance.now(); let n = 0;
  while (performance.now() - t0 < 500) { for (let i = 0; i < 100; i++) { fn(n++); } }
  return (performance.now() - t0) * 1000 / n;
}
const kinds: Record<string, (i: number) => any> = {
  none: () => undefined,
  gte: (i) => ({ field: "author.followers", op: "gte", value: 1e7 + i }),
  neq: (i) => ({ field: "platform", op: "neq", value: `p${i}` }),
  notEq: (i) => ({ not: { field: "platform", op: "eq", value: `p${i}` } }),
  anyGte: (i) => ({ any: [{ field: "author.followers", op: "gte", value: 1e7 + i }, { field: "author.followers", op: "lt", value: -i }] }),
  tags: (i) => ({ field: "tags", op: "contains", value: `t${i}` }),
};
for (const [name, make] of Object.entries(kinds)) {
  const set = compileRules(Array.from({ length: 100 }, (_, i) => sampleRule({ id: `r${String(i).padStart(3, "0")}`, when: make(i) })));
  const us = time((n) => { const it = pool[n % 1000]!; const ctx = set.context(it); for (const r of set.candidates("interaction.received", ctx)) r.test(it, ctx); });
  console.log(name.padEnd(8), us.toFixed(2), "µs per evaluation of 100 rules →", (us * 10).toFixed(0), "ns per rule");
}
