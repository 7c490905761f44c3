/**
 * The slice of SOQL the fake understands:
 *   SELECT f1, f2 FROM Obj [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...] [LIMIT n] [OFFSET n]
 * where cond combines `f op literal`, `f [NOT] IN (...)`, `f LIKE '...'`, NOT and parentheses with
 * AND or OR (mixing them at one level without parentheses is an error, as in SOQL). Literals are
 * quoted strings with the documented escapes, numbers, true/false, null, and date/dateTime literals.
 * Anything else is answered as Salesforce does: 400 MALFORMED_QUERY (or INVALID_FIELD /
 * INVALID_TYPE for names it does not know), with the caret-style message.
 */

export class SoqlError extends Error {
  constructor(
    readonly errorCode: "MALFORMED_QUERY" | "INVALID_FIELD" | "INVALID_TYPE" | "INVALID_QUERY_FILTER_OPERATOR",
    message: string,
  ) {
    super(message);
  }
}

type TokenKind = "word" | "string" | "number" | "datetime" | "date" | "op" | "punct" | "eof";
interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

export type Literal =
  | { kind: "string"; raw: string; pos: number }
  | { kind: "number"; value: number; pos: number }
  | { kind: "boolean"; value: boolean; pos: number }
  | { kind: "null"; pos: number }
  | { kind: "datetime"; value: number; pos: number }
  | { kind: "date"; text: string; pos: number };

export interface FieldRef {
  name: string;
  pos: number;
}

type Op = "=" | "!=" | "<" | ">" | "<=" | ">=";
export type Condition =
  | { kind: "and" | "or"; items: Condition[] }
  | { kind: "not"; item: Condition }
  | { kind: "compare"; field: FieldRef; op: Op; value: Literal }
  | { kind: "like"; field: FieldRef; pattern: Literal }
  | { kind: "in"; field: FieldRef; negated: boolean; values: Literal[] };

export interface SoqlQuery {
  fields: FieldRef[];
  object: FieldRef;
  where?: Condition;
  orderBy: { field: FieldRef; desc: boolean; nullsLast: boolean }[];
  limit?: number;
  offset?: number;
}

const datetimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const datePattern = /^\d{4}-\d{2}-\d{2}(?![\dT])/;

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const rest = soql.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    if (rest.startsWith("'")) {
      let end = 1;
      while (end < rest.length && rest.charAt(end) !== "'") end += rest.charAt(end) === "\\" ? 2 : 1;
      if (end >= rest.length) throw malformed(soql, i, `line 1:${i} mismatched character '<EOF>' expecting '''`);
      tokens.push({ kind: "string", text: rest.slice(1, end), pos: i });
      i += end + 1;
      continue;
    }
    const dt = datetimePattern.exec(rest) ?? datePattern.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    const op = /^(<=|>=|!=|<>|=|<|>)/.exec(rest);
    const punct = /^[(),]/.exec(rest);
    let token: Token;
    if (dt) token = { kind: dt[0].includes("T") ? "datetime" : "date", text: dt[0], pos: i };
    else if (word) token = { kind: "word", text: word[0], pos: i };
    else if (number) token = { kind: "number", text: number[0], pos: i };
    else if (op) token = { kind: "op", text: op[0] === "<>" ? "!=" : op[0], pos: i };
    else if (punct) token = { kind: "punct", text: punct[0], pos: i };
    else throw malformed(soql, i, `unexpected token: '${rest.charAt(0)}'`);
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ kind: "eof", text: "<EOF>", pos: soql.length });
  return tokens;
}

/** Salesforce's error text: the query, a caret under the offending column, then the reason. */
export function caret(soql: string, pos: number, detail: string): string {
  return `\n${soql}\n${" ".repeat(pos)}^\nERROR at Row:1:Column:${pos + 1}\n${detail}`;
}

export function malformed(soql: string, pos: number, detail: string): SoqlError {
  return new SoqlError("MALFORMED_QUERY", caret(soql, pos, detail));
}

export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let at = 0;
  const peek = () => tokens[at] as Token;
  const next = () => tokens[at++] as Token;
  const isWord = (word: string) => peek().kind === "word" && peek().text.toUpperCase() === word;
  const unexpected = (token = peek()) => malformed(soql, token.pos, `unexpected token: ${token.text}`);
  const expectWord = (word: string) => {
    if (!isWord(word)) throw unexpected();
    next();
  };
  const expectPunct = (p: string) => {
    if (peek().text !== p || peek().kind !== "punct") throw unexpected();
    next();
  };
  const fieldRef = (): FieldRef => {
    const token = next();
    if (token.kind !== "word" || reserved.has(token.text.toUpperCase())) throw unexpected(token);
    if (peek().text === "(") throw unexpected(peek());
    return { name: token.text, pos: token.pos };
  };
  const literal = (): Literal => {
    const token = next();
    const upper = token.text.toUpperCase();
    if (token.kind === "string") return { kind: "string", raw: token.text, pos: token.pos };
    if (token.kind === "number") return { kind: "number", value: Number(token.text), pos: token.pos };
    if (token.kind === "datetime") return { kind: "datetime", value: Date.parse(token.text), pos: token.pos };
    if (token.kind === "date") return { kind: "date", text: token.text, pos: token.pos };
    if (token.kind === "word" && (upper === "TRUE" || upper === "FALSE"))
      return { kind: "boolean", value: upper === "TRUE", pos: token.pos };
    if (token.kind === "word" && upper === "NULL") return { kind: "null", pos: token.pos };
    throw unexpected(token);
  };
  const term = (): Condition => {
    if (isWord("NOT")) {
      next();
      return { kind: "not", item: term() };
    }
    if (peek().text === "(" && peek().kind === "punct") {
      next();
      const inner = condition();
      expectPunct(")");
      return inner;
    }
    const field = fieldRef();
    const negated = isWord("NOT");
    if (negated) next();
    if (isWord("IN")) {
      next();
      expectPunct("(");
      const values = [literal()];
      while (peek().text === ",") {
        next();
        values.push(literal());
      }
      expectPunct(")");
      return { kind: "in", field, negated, values };
    }
    if (negated) throw unexpected();
    if (isWord("LIKE")) {
      next();
      return { kind: "like", field, pattern: literal() };
    }
    if (peek().kind !== "op") throw unexpected();
    const op = next().text as Op;
    return { kind: "compare", field, op, value: literal() };
  };
  const condition = (): Condition => {
    const first = term();
    if (!isWord("AND") && !isWord("OR")) return first;
    const joiner = peek().text.toUpperCase();
    const items = [first];
    while (isWord("AND") || isWord("OR")) {
      if (peek().text.toUpperCase() !== joiner) throw unexpected();
      next();
      items.push(term());
    }
    return { kind: joiner === "AND" ? "and" : "or", items };
  };
  const count = (): number => {
    const token = next();
    if (token.kind !== "number" || !/^\d+$/.test(token.text)) throw unexpected(token);
    return Number(token.text);
  };

  expectWord("SELECT");
  const fields = [fieldRef()];
  while (peek().text === "," && peek().kind === "punct") {
    next();
    fields.push(fieldRef());
  }
  expectWord("FROM");
  const object = fieldRef();
  const query: SoqlQuery = { fields, object, orderBy: [] };
  if (isWord("WHERE")) {
    next();
    query.where = condition();
  }
  if (isWord("ORDER")) {
    next();
    expectWord("BY");
    do {
      if (peek().text === ",") next();
      const field = fieldRef();
      const desc = isWord("DESC");
      if (desc || isWord("ASC")) next();
      let nullsLast = desc;
      if (isWord("NULLS")) {
        next();
        nullsLast = isWord("LAST");
        if (!nullsLast) expectWord("FIRST");
        else next();
      }
      query.orderBy.push({ field, desc, nullsLast });
    } while (peek().text === ",");
  }
  if (isWord("LIMIT")) {
    next();
    query.limit = count();
  }
  if (isWord("OFFSET")) {
    next();
    query.offset = count();
  }
  if (peek().kind !== "eof") throw unexpected();
  return query;
}

const reserved = new Set(["SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER", "BY", "LIMIT", "NULL"]);
