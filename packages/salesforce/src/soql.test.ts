import { Connection } from "jsforce";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SalesforceFake, startSalesforceFake } from "../../../tests/fakes/salesforce";
import { escapeSoqlString, SoqlBuildError, soql, soqlLike, soqlLiteral, soqlName, soqlSelect } from "./soql";

describe("escapeSoqlString / soqlLiteral", () => {
  it.each([
    ["plain", "'plain'"],
    ["O'Brien", "'O\\'Brien'"],
    ["' OR Name != '", "'\\' OR Name != \\''"],
    ["x' OR Id != null OR Name = 'y", "'x\\' OR Id != null OR Name = \\'y'"],
    ["back\\slash", "'back\\\\slash'"],
    ["\\'", "'\\\\\\''"],
    ["ends with \\", "'ends with \\\\'"],
    ['say "hi"', "'say \\\"hi\\\"'"],
    ["a\nb\rc\td\be\ff", "'a\\nb\\rc\\td\\be\\ff'"],
    ["שלום עולם", "'שלום עולם'"],
    ["👋🏽 café", "'👋🏽 café'"],
    ["50% _off_", "'50% _off_'"],
    ["", "''"],
  ])("%j renders as %s", (value, expected) => {
    expect(soqlLiteral(value)).toBe(expected);
  });

  it.each([
    [42, "42"],
    [-1.5, "-1.5"],
    [0, "0"],
    [true, "true"],
    [false, "false"],
    [null, "null"],
    [new Date("2026-11-22T10:11:12Z"), "2026-11-22T10:11:12Z"],
    [new Date("2026-11-22T10:11:12.345Z"), "2026-11-22T10:11:12.345Z"],
    [["a", "b'c"], "('a','b\\'c')"],
    [[1, 2, null], "(1,2,null)"],
  ] as const)("%j renders as %s", (value, expected) => {
    expect(soqlLiteral(value)).toBe(expected);
  });

  it.each([
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [1e21],
    [new Date("not a date")],
    [[]],
    [undefined as unknown as string],
    [{} as unknown as string],
  ])("refuses %j", (value) => {
    expect(() => soqlLiteral(value)).toThrow(SoqlBuildError);
  });

  it("escapes the backslash before anything else", () => {
    expect(escapeSoqlString("\\n")).toBe("\\\\n");
    expect(escapeSoqlString("\\\n")).toBe("\\\\\\n");
  });
});

describe("names", () => {
  it.each(["Contact", "SCRM_Case_Key__c", "Account.Name", "Parent__r.Field__c", "ns__Thing__c", "a1"])(
    "accepts %s",
    (name) => {
      expect(soqlName(name).name).toBe(name);
    },
  );
  it.each(["", "1abc", "_x", "Name OR 1", "Name'", "Name--", "a..b", "a.", "Name\n", "Id,Name"])(
    "refuses %j",
    (name) => {
      expect(() => soqlName(name)).toThrow(SoqlBuildError);
    },
  );
});

describe("soql`…`", () => {
  it("quotes every interpolated value, names only when wrapped", () => {
    const emails = ["a@x.test", "o'b@x.test"];
    expect(
      soql`SELECT Id FROM ${soql.id("Contact")} WHERE Email IN ${emails} AND LastName != ${"' OR Name != '"}`,
    ).toBe("SELECT Id FROM Contact WHERE Email IN ('a@x.test','o\\'b@x.test') AND LastName != '\\' OR Name != \\''");
    // A plain string where a name belongs stays a string literal: the query fails, it is never injected.
    expect(soql`SELECT Id FROM ${"Contact WHERE 1=1"}`).toBe("SELECT Id FROM 'Contact WHERE 1=1'");
  });

  it("builds LIKE patterns with escaped wildcards", () => {
    expect(soqlLike("50%_o'b", "startsWith").literal).toBe("'50\\%\\_o\\'b%'");
    expect(soqlLike("x").literal).toBe("'%x%'");
    expect(soqlLike("x", "endsWith").literal).toBe("'%x'");
    expect(soqlLike("x", "exact").literal).toBe("'x'");
  });

  it("soqlSelect builds from validated names and literal values", () => {
    expect(
      soqlSelect({
        fields: ["Id", "LastName"],
        from: "Contact",
        where: { Email: ["a@x.test"], LastName: "O'Brien" },
        orderBy: { field: "LastName", desc: true },
        limit: 5,
      }),
    ).toBe(
      "SELECT Id, LastName FROM Contact WHERE Email IN ('a@x.test') AND LastName = 'O\\'Brien' ORDER BY LastName DESC LIMIT 5",
    );
    expect(() => soqlSelect({ fields: ["Id"], from: "Contact", where: { "Name = 'x' OR Id": "y" } })).toThrow(
      SoqlBuildError,
    );
    expect(() => soqlSelect({ fields: ["Id; DELETE"], from: "Contact" })).toThrow(SoqlBuildError);
  });
});

describe("built queries against the Salesforce fake through jsforce", () => {
  let fake: SalesforceFake;
  let conn: Connection;
  const tricky = [
    "O'Brien",
    "' OR Name != '",
    "back\\slash",
    "trailing\\",
    'quote "double"',
    "tab\there",
    "line\nbreak",
    "שלום",
    "emoji 👋🏽",
    "50%_off",
  ];

  beforeAll(async () => {
    fake = await startSalesforceFake();
    conn = new Connection({ instanceUrl: fake.url, accessToken: fake.accessToken, version: fake.apiVersion });
    for (const name of tricky) fake.insert("Contact", { LastName: name, Email: `${tricky.indexOf(name)}@x.test` });
    fake.insert("Contact", { LastName: "Innocent", Email: "innocent@x.test" });
  });
  afterAll(() => fake.stop());

  it.each(tricky)("finds exactly the contact named %j", async (name) => {
    const result = await conn.query<{ LastName: string }>(
      soql`SELECT Id, LastName FROM Contact WHERE LastName = ${name}`,
    );
    expect(result.records.map((r) => r.LastName)).toEqual([name]);
  });

  it("an injection attempt matches nothing instead of everything", async () => {
    const result = await conn.query(soql`SELECT Id FROM Contact WHERE LastName = ${"x' OR LastName != 'x"}`);
    expect(result.totalSize).toBe(0);
  });

  it("IN lists, LIKE, ORDER BY and datetimes", async () => {
    const inList = await conn.query<{ LastName: string }>(
      soqlSelect({
        fields: ["LastName"],
        from: "Contact",
        where: { LastName: tricky.slice(0, 4) },
        orderBy: "LastName",
      }),
    );
    expect(inList.records.map((r) => r.LastName).sort()).toEqual(tricky.slice(0, 4).sort());
    const like = await conn.query<{ LastName: string }>(
      soql`SELECT LastName FROM Contact WHERE LastName LIKE ${soqlLike("50%_", "startsWith")}`,
    );
    expect(like.records.map((r) => r.LastName)).toEqual(["50%_off"]);
    const recent = await conn.query(
      soql`SELECT Id FROM Contact WHERE CreatedDate > ${new Date(Date.now() - 3_600_000)} LIMIT ${100}`,
    );
    expect(recent.totalSize).toBe(tricky.length + 1);
  });
});
