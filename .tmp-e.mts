import { mixed, ruleSet, interaction } from "./bench/.tmp-rules-x.ts";
import { compileRules } from "./packages/core/src/rule";
const pool = Array.from({ length: 1000 }, (_, n) => interaction(n));
const rules = ruleSet(Number(process.env.N ?? 100), mixed);
const set = compileRules(rules);
function time(label: string, fn: () => void) {
  for (let i = 0; i < 3000; i++) fn();
  const t0 = performance.now(); let n = 0;
  while (performance.now() - t0 < 1000) { for (let i = 0; i < 100; i++) { fn(); n++; } }
  console.log(label, ((performance.now() - t0) * 1000 / n).toFixed(2), "µs");
}
let k = 0;
time("context+candidates", () => { const it = pool[k++ % 1000]!; const ctx = set.context(it); set.candidates("interaction.received", ctx); });
time("full", () => { const it = pool[k++ % 1000]!; const ctx = set.context(it); for (const r of set.candidates("interaction.received", ctx)) r.test(it, ctx); });
time("full, tests twice (2nd memo-warm)", () => { const it = pool[k++ % 1000]!; const ctx = set.context(it); const c = set.candidates("interaction.received", ctx); for (const r of c) r.test(it, ctx); for (const r of c) r.test(it, ctx); });
// leaf kinds census
const census = new Map<string, number>();
const walk = (c: any) => { if (c.all) c.all.forEach(walk); else if (c.any) c.any.forEach(walk); else if (c.not) walk(c.not); else census.set(c.field + " " + c.op, (census.get(c.field + " " + c.op) ?? 0) + 1); };
rules.forEach(r => walk(r.when));
console.log(census);
let cands = 0, matches = 0;
for (let i = 0; i < 1000; i++) { const it = pool[i]!; const ctx = set.context(it); const c = set.candidates("interaction.received", ctx); cands += c.length; for (const r of c) if (r.test(it, ctx)) matches++; }
console.log("candidates/eval", cands / 1000, "matches/eval", matches / 1000);
{
let filled = 0, size = 0;
for (let i = 0; i < 200; i++) { const it = pool[i]!; const ctx = set.context(it); const c = set.candidates("interaction.received", ctx); filled += ctx.memo.filter(Boolean).length; size = ctx.memo.length; }
console.log("memo filled after candidates", filled / 200, "of", size);
filled = 0;
for (let i = 0; i < 200; i++) { const it = pool[i]!; const ctx = set.context(it); const c = set.candidates("interaction.received", ctx); for (const r of c) r.test(it, ctx); filled += ctx.memo.filter(Boolean).length; }
console.log("memo filled after tests", filled / 200);
}
