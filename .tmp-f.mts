import { interaction } from "./bench/.tmp-rules-x.ts";
import { normaliseText } from "./packages/core/src/text/normalise";
const pool = Array.from({ length: 1000 }, (_, n) => interaction(n));
function time(label: string, fn: (i: number) => unknown) {
  for (let i = 0; i < 3000; i++) fn(i);
  const t0 = performance.now(); let n = 0;
  while (performance.now() - t0 < 500) { for (let i = 0; i < 100; i++) { fn(n++); } }
  console.log(label, ((performance.now() - t0) * 1000 / n).toFixed(2), "µs");
}
const norm = pool.map((p) => normaliseText(p.text));
console.log("avg len", norm.reduce((a, b) => a + b.length, 0) / 1000);
time("normalise", (i) => normaliseText(pool[i % 1000]!.text));
for (const p of ["\\b(order|invoice)\\s*#?\\d+", "\\p{Extended_Pictographic}{2,}", "^(hi|hello|שלום)\\b", "\\bwtf\\b|🤬"]) {
  const r = new RegExp(p, "iu"); time(p, (i) => r.test(norm[i % 1000]!));
  const r2 = new RegExp(p, "u"); time(p + " (u only)", (i) => r2.test(norm[i % 1000]!));
}
