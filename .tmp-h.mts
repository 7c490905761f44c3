import { interaction } from "./bench/.tmp-rules-x.ts";
import { normaliseText } from "./packages/core/src/text/normalise";
const pool = Array.from({ length: 1000 }, (_, n) => interaction(n));
const norm = pool.map((p) => normaliseText(p.text));
function time(label: string, fn: (i: number) => unknown) {
  for (let i = 0; i < 3000; i++) fn(i);
  const t0 = performance.now(); let n = 0;
  while (performance.now() - t0 < 300) { for (let i = 0; i < 100; i++) { fn(n++); } }
  console.log(label, ((performance.now() - t0) * 1000 / n).toFixed(2), "µs");
}
for (const p of ["\\b(order|invoice)\\s*#?\\d+", "\\bwtf\\b|🤬", "refund"]) for (const f of ["iu", "iv", "u", "i"]) {
  let r: RegExp; try { r = new RegExp(p, f); } catch { continue; }
  time(`${p} /${f}`, (i) => r.test(norm[i % 1000]!));
}
