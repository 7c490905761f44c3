/**
 * Required literals of a regex: strings one of which every match must contain. `matches` checks
 * them with `includes` before running the regex, because V8 runs some patterns under flags "iu"
 * (a `\b`, a class) some 30 times slower than a substring search.
 *
 * Sound for a pattern normalised by normaliseLetters and run with flags "iu" over a text normalised
 * by normaliseText: ASCII letters are compared lower-cased, and the only other characters that
 * case-fold to ASCII letters (U+017F ſ, U+212A Kelvin K) cannot occur in NFKC text; non-ASCII
 * literals are kept only when caseless (Hebrew letters, emoji), which fold to nothing else. Anything
 * this parser does not fully understand gives up (undefined), which only means "no prefilter".
 */

type Requirement = string[] | undefined;

const SYNTAX = "^$\\.*+?()[]{}|/";

class GiveUp extends Error {}

const OPTIONAL = 0;
const ONCE = 1;
/** Required, but a literal run cannot continue past it ("ab+c" does not require "abc"). */
const REPEATED = 2;

/** A pattern character usable in a literal, as it appears in normalised text, or undefined. */
function literal(char: string): string | undefined {
  if (char.length === 1 && char.charCodeAt(0) < 0x80) return char.toLowerCase();
  return char.toLowerCase() === char && char.toUpperCase() === char ? char : undefined;
}

class Parser {
  #at = 0;
  constructor(private readonly source: string) {}

  #peek(offset = 0): string | undefined {
    return this.source[this.#at + offset];
  }

  #skipPast(close: string): void {
    const end = this.source.indexOf(close, this.#at);
    if (end < 0) throw new GiveUp();
    this.#at = end + 1;
  }

  /** Disjunction: one of each alternative's requirement, or none if any alternative has none. */
  disjunction(): Requirement {
    const all: string[] = [];
    let ok = true;
    for (;;) {
      const alternative = this.#alternative();
      if (alternative) all.push(...alternative);
      else ok = false;
      if (this.#peek() !== "|") break;
      this.#at++;
    }
    return ok ? [...new Set(all)] : undefined;
  }

  /** The best requirement among a sequence's literal runs and required groups. */
  #alternative(): Requirement {
    const candidates: string[][] = [];
    let run = "";
    const flush = () => {
      if (run) candidates.push([run]);
      run = "";
    };
    for (let c = this.#peek(); c !== undefined && c !== "|" && c !== ")"; c = this.#peek()) {
      const atom = this.#atom();
      const min = this.#quantifier();
      if (atom.kind === "char" && atom.text !== undefined && min > 0) {
        run += atom.text;
        if (min === REPEATED) flush();
        continue;
      }
      flush();
      if (atom.kind === "group" && atom.requirement && min > 0) candidates.push(atom.requirement);
    }
    flush();
    const score = (set: string[]) => Math.min(...set.map((s) => s.length)) * 100 - set.length;
    return candidates.sort((a, b) => score(b) - score(a))[0];
  }

  /** How the atom just read repeats: ONCE (unquantified), OPTIONAL (may be absent) or REPEATED (at least once). */
  #quantifier(): number {
    const c = this.#peek();
    let how = REPEATED;
    if (c === "*" || c === "?") how = OPTIONAL;
    else if (c === "{") {
      const match = /^\{(\d+)(,\d*)?\}/.exec(this.source.slice(this.#at));
      if (!match) throw new GiveUp();
      this.#at += match[0].length - 1;
      if (Number(match[1]) === 0) how = OPTIONAL;
    } else if (c !== "+") return ONCE;
    this.#at++;
    if (this.#peek() === "?") this.#at++;
    return how;
  }

  #atom(): { kind: "char"; text: string | undefined } | { kind: "group" | "other"; requirement?: Requirement } {
    const c = this.#peek() as string;
    if (c === "(") return this.#group();
    if (c === "[") {
      this.#at++;
      while (this.#peek() !== "]") {
        if (this.#peek() === undefined) throw new GiveUp();
        if (this.#peek() === "\\") this.#at++;
        this.#at++;
      }
      this.#at++;
      return { kind: "other" };
    }
    if (c === "\\") return this.#escape();
    if (c === "." || c === "^" || c === "$") {
      this.#at++;
      return { kind: "other" };
    }
    if ("*+?{}]".includes(c)) throw new GiveUp();
    const char = String.fromCodePoint(this.source.codePointAt(this.#at) as number);
    this.#at += char.length;
    return { kind: "char", text: literal(char) };
  }

  #escape(): { kind: "char"; text: string | undefined } | { kind: "other" } {
    const c = this.#peek(1);
    this.#at += 2;
    if (c === undefined) throw new GiveUp();
    if (SYNTAX.includes(c)) return { kind: "char", text: literal(c) };
    if (c === "p" || c === "P" || c === "k" || (c === "u" && this.#peek() === "{"))
      this.#skipPast(c === "k" ? ">" : "}");
    else if (c === "u") this.#at += 4;
    else if (c === "x") this.#at += 2;
    else if (c === "c") this.#at += 1;
    else if (/\d/.test(c)) while (/\d/.test(this.#peek() ?? "")) this.#at++;
    else if (!"bBdDwWsStnrvf".includes(c)) throw new GiveUp();
    return { kind: "other" };
  }

  #group(): { kind: "group" | "other"; requirement?: Requirement } {
    this.#at++;
    let lookaround = false;
    if (this.#peek() === "?") {
      const next = this.#peek(1);
      const after = this.#peek(2);
      if (next === ":") this.#at += 2;
      else if (next === "=" || next === "!" || (next === "<" && (after === "=" || after === "!"))) {
        this.#at += next === "<" ? 3 : 2;
        lookaround = true;
      } else if (next === "<") this.#skipPast(">");
      else throw new GiveUp();
    }
    const requirement = this.disjunction();
    if (this.#peek() !== ")") throw new GiveUp();
    this.#at++;
    return lookaround ? { kind: "other" } : { kind: "group", requirement };
  }

  get done(): boolean {
    return this.#at === this.source.length;
  }
}

/** Strings one of which every match of `pattern` contains (lower-cased), or undefined when unknown. */
export function requiredLiterals(pattern: string): string[] | undefined {
  try {
    const parser = new Parser(pattern);
    const requirement = parser.disjunction();
    return parser.done && requirement?.every((s) => s.length > 0) ? requirement : undefined;
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}
