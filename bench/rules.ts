import type { Interaction } from "../packages/core/src/interaction/schema";
import { type CompiledRuleSet, type Condition, compileRules, type Rule } from "../packages/core/src/rule";
import { seededRandom } from "../packages/core/src/testing/seeded-random";

/**
 * Rule evaluation on one core: the whole pass decision (`context` + `candidates` + `test`, no
 * actions) over a pool of realistic English/Hebrew/emoji interactions.
 */
export interface RulesOptions {
  quick: boolean;
}

const prng = seededRandom;

const random = prng(42);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const some = <T>(items: readonly T[], min: number, max: number) =>
  Array.from({ length: int(min, max) }, () => pick(items));

const EN_COMMON =
  "i my the a to and is it for you this was not with have on but please thanks hi hello can get when why how still " +
  "your we our just now again today yesterday week did does will would could help need want order package " +
  "delivery account app service support team store price product customer message reply update time day";
const EN_TOPICS =
  "refund broken cancel late missing damaged charged twice invoice receipt return exchange warranty scam fraud " +
  "lawyer complaint terrible awful worst disappointed angry useless slow crashed error bug login password hacked " +
  "stolen leak unsafe recall allergy injury love great amazing awesome perfect recommend thank happy fast " +
  "discount coupon promo sale shipping tracking courier address subscription upgrade downgrade billing payment";
const HE_COMMON =
  "אני את אתה של על זה לא עם היה רוצה תודה שלום הזמנה חבילה משלוח שירות לקוחות היום אתמול עדיין למה מתי " +
  "בבקשה אפשר צריך כבר שוב הכל טוב מאוד רק גם אבל";
const HE_TOPICS =
  "החזר כספי שבור מבוטל ביטול איחור חסר פגום חיוב כפול חשבונית קבלה החלפה אחריות הונאה עורך דין תלונה " +
  "גרוע נורא מאוכזב כועס איטי תקלה שגיאה סיסמה נפרץ גנוב מסוכן אלרגיה פציעה אוהב מעולה מדהים מושלם ממליץ " +
  "מהיר הנחה קופון מבצע משלוחים מעקב שליח כתובת מנוי שדרוג תשלום";
const EMOJI = ["😡", "👍", "👍🏽", "🙏", "😢", "❤️", "🔥", "👨‍👩‍👧", "🤬", "✅", "📦", "💸"];

/** Pseudo-words fill the keyword vocabulary to a few thousand entries, as a real brand's lists grow. */
function pseudoWords(count: number, letters: string, finals: Record<string, string>, length: [number, number]) {
  const words = new Set<string>();
  while (words.size < count) {
    let word = Array.from({ length: int(...length) }, () => pick([...letters])).join("");
    const last = word.at(-1) ?? "";
    if (finals[last]) word = word.slice(0, -1) + finals[last];
    words.add(word);
  }
  return [...words];
}

const split = (s: string) => s.split(" ");
const EN_VOCAB = [...split(EN_TOPICS), ...pseudoWords(2000, "abcdefghiklmnoprstuvy", {}, [4, 9])];
const HE_VOCAB = [
  ...split(HE_TOPICS),
  ...pseudoWords(1200, "אבגדהוזחטיכלמנסעפצקרשת", { כ: "ך", מ: "ם", נ: "ן", פ: "ף", צ: "ץ" }, [3, 6]),
];
const VOCAB = [...EN_VOCAB, ...HE_VOCAB];
const NIQQUD: Record<string, string> = { שלום: "שָׁלוֹם", תודה: "תּוֹדָה", החזר: "הֶחְזֵר", כספי: "כַּסְפִּי" };

/** A customer message of 5–60 words: common words, some topic words, emoji, now and then niqqud. */
function text(): string {
  const language = random();
  const words: string[] = [];
  for (let i = int(5, 60); i > 0; i--) {
    const hebrew = language < 0.35 || (language < 0.55 && random() < 0.5);
    const topic = random() < 0.12;
    let word = hebrew
      ? pick(topic ? HE_VOCAB.slice(0, 200) : split(HE_COMMON))
      : pick(topic ? EN_VOCAB.slice(0, 400) : split(EN_COMMON));
    if (random() < 0.05) word = NIQQUD[word] ?? word;
    if (random() < 0.1) word = word.toUpperCase();
    words.push(word);
    if (random() < 0.08) words.push(pick(EMOJI));
  }
  return words.join(pick([" ", " ", " ", ", "]));
}

const PLATFORMS = ["facebook", "instagram", "messenger", "whatsapp", "x", "youtube", "linkedin", "telegram"];
const KINDS = ["comment", "post", "message", "mention", "reply", "review"] as const;
const TAGS = ["vip", "complaint", "spam", "lead", "press", "returning"];

function interaction(n: number): Interaction {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 97_000).toISOString();
  return {
    id: `int_${n}`,
    workspaceId: "default",
    platform: pick(PLATFORMS),
    kind: pick(KINDS),
    direction: random() < 0.9 ? "inbound" : "outbound",
    externalId: `e${n}`,
    threadId: `t${n % 300}`,
    account: { id: "page" },
    author: { id: `u${n}`, name: "Noa", followers: Math.floor(10 ** (random() * 6)) },
    text: text(),
    occurredAt: at,
    receivedAt: at,
    ...(random() < 0.7 ? { sentiment: { label: pick(["negative", "neutral", "positive"] as const), score: 0 } } : {}),
    ...(random() < 0.15 ? { attachments: [{ type: pick(["image", "video", "file"]) }] } : {}),
    tags: random() < 0.5 ? [] : some(TAGS, 1, 2),
    priority: "normal",
    status: "open",
    deliveryId: `d${n}`,
    history: [],
  };
}

const other = (): Condition =>
  pick<() => Condition>([
    () => ({ field: "platform", op: "in", value: some(PLATFORMS, 1, 3) }),
    () => ({ field: "direction", op: "eq", value: "inbound" }),
    () => ({ field: "author.followers", op: "gte", value: pick([100, 1000, 10_000]) }),
    () => ({ field: "sentiment.label", op: "eq", value: "negative" }),
  ])();

const keywords = (min: number, max: number): Condition => ({
  field: "text",
  op: "containsAny",
  value: some(VOCAB, min, max),
});

const keywordHeavy = (): Condition => ({ all: [keywords(5, 20), ...Array.from({ length: int(1, 2) }, other)] });

const PATTERNS = [
  "\\b(order|invoice)\\s*#?\\d+",
  "\\p{Extended_Pictographic}{2,}",
  "^(hi|hello|שלום)\\b",
  "\\bwtf\\b|🤬",
];

/**
 * Rules as admins write them: a scope (platform, kind, direction), a trigger (keywords, sentiment,
 * reach, a regex or a tag) and, for half of them, a refinement nesting an any or a not.
 */
function mixed(): Condition {
  const scope = (): Condition =>
    pick<() => Condition>([
      () => ({ field: "platform", op: "eq", value: pick(PLATFORMS) }),
      () => ({ field: "platform", op: "in", value: some(PLATFORMS, 2, 3) }),
      () => ({ field: "kind", op: "in", value: some(KINDS, 1, 2) }),
      () => ({ field: "direction", op: "eq", value: "inbound" }),
    ])();
  const trigger = (): Condition =>
    pick<() => Condition>([
      () => keywords(3, 10),
      () => keywords(3, 10),
      () => ({ field: "sentiment.label", op: "eq", value: "negative" }),
      () => ({ field: "author.followers", op: "gte", value: pick([1000, 10_000, 100_000]) }),
      () => ({ field: "text", op: "matches", value: pick(PATTERNS) }),
      () => ({ field: "tags", op: "contains", value: pick(TAGS) }),
    ])();
  const refinement = (): Condition[] =>
    pick<() => Condition[]>([
      () => [],
      () => [{ any: [trigger(), scope()] }],
      () => [{ not: pick([scope, trigger])() }],
    ])();
  return { all: [...Array.from({ length: int(1, 2) }, scope), trigger(), ...refinement()] };
}

function ruleSet(count: number, when: () => Condition): Rule[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `r${i}`,
    name: `rule ${i}`,
    enabled: true,
    order: int(0, 200),
    on: ["interaction.received"],
    when: when(),
    then: [{ type: "tag", tags: [`r${i}`] }],
    stop: false,
    workspaceId: "default",
    version: 1,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    updatedBy: "bench",
  }));
}

/** Evaluations until `ms` have passed; the clock is read every 256 evaluations to stay out of the way. */
function run(set: CompiledRuleSet, pool: readonly Interaction[], ms: number) {
  let evaluations = 0;
  let candidates = 0;
  let matches = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 256; i++) {
      const item = pool[evaluations++ % pool.length] as Interaction;
      const ctx = set.context(item);
      for (const rule of set.candidates("interaction.received", ctx)) {
        candidates++;
        if (rule.test(item, ctx)) matches++;
      }
    }
    elapsed = performance.now() - started;
  }
  return { evaluations, candidates, matches, seconds: elapsed / 1000 };
}

export async function benchRules(options: RulesOptions) {
  const pool = Array.from({ length: 1000 }, (_, n) => interaction(n));
  const measureMs = options.quick ? 300 : 1500;
  const figures = [];
  for (const [mix, when] of [
    ["keyword-heavy", keywordHeavy],
    ["mixed", mixed],
  ] as const) {
    for (const count of [10, 100, 1000]) {
      const rules = ruleSet(count, when);
      const compileStarted = performance.now();
      const set = compileRules(rules);
      const compileMs = performance.now() - compileStarted;
      run(set, pool, options.quick ? 100 : 500);
      const r = run(set, pool, measureMs);
      figures.push({
        mix,
        rules: count,
        evaluationsPerSecond: Math.round(r.evaluations / r.seconds),
        candidatesPerEvaluation: Number((r.candidates / r.evaluations).toFixed(1)),
        matchesPerEvaluation: Number((r.matches / r.evaluations).toFixed(2)),
        compileMs: Math.round(compileMs),
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const target = { at100: 100_000, at1000: 20_000 };
  const meets = figures.every(
    (f) =>
      (f.rules !== 100 || f.evaluationsPerSecond >= target.at100) &&
      (f.rules !== 1000 || f.evaluationsPerSecond >= target.at1000),
  );
  return {
    name: "rules",
    setup:
      `single thread, ${pool.length} generated English/Hebrew/emoji interactions (5–60 words), ` +
      `keyword vocabulary ${VOCAB.length} words, ${measureMs} ms per figure`,
    figures,
    target,
    meetsTargets: meets,
  };
}

export function printRules(result: Awaited<ReturnType<typeof benchRules>>): void {
  console.log(`\nrules (${result.setup})`);
  for (const f of result.figures) {
    const goal = f.rules === 100 ? result.target.at100 : f.rules === 1000 ? result.target.at1000 : undefined;
    const verdict =
      goal === undefined ? "" : `   (target ≥ ${goal}${f.evaluationsPerSecond >= goal ? ", met" : ", MISSED"})`;
    console.log(
      `  ${f.mix.padEnd(13)} ${String(f.rules).padStart(5)} rules  ${String(f.evaluationsPerSecond).padStart(9)} evaluations/s` +
        `  candidates ${f.candidatesPerEvaluation}, matches ${f.matchesPerEvaluation}, compiled in ${f.compileMs} ms${verdict}`,
    );
  }
}
