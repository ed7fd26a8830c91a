import "reflect-metadata";
import { GraphQLError } from "graphql";
import { csvTemplate, editsFromCsv } from "../../src/assessment/csv-upload";

/** The problems a refused CSV carries in `extensions.problems` (and nothing was changed). */
function problemsOf(csv: string) {
  try {
    editsFromCsv(csv);
  } catch (err) {
    expect(err).toBeInstanceOf(GraphQLError);
    expect((err as GraphQLError).extensions.code).toBe("BAD_USER_INPUT");
    return (err as GraphQLError).extensions.problems;
  }
  throw new Error("the CSV was accepted");
}

describe("editsFromCsv", () => {
  it("reads one edit per row, with its line, version and inputs", () => {
    expect(editsFromCsv("kpi,version,numerator,denominator\nTF.2.2,3,30,60\nTF.1.1,1,5,10\n")).toEqual([
      { where: "line 2", kpi: "TF.2.2", expectedVersion: 3, inputs: { numerator: 30, denominator: 60 } },
      { where: "line 3", kpi: "TF.1.1", expectedVersion: 1, inputs: { numerator: 5, denominator: 10 } },
    ]);
  });

  it("takes a byte-order mark, spaces around cells, CRLF line ends and blank lines, counting lines as a spreadsheet does", () => {
    expect(editsFromCsv("\ufeffkpi , version , count\r\n\r\n TF.3.1 , 2 , 14 \r\n")).toEqual([
      { where: "line 3", kpi: "TF.3.1", expectedVersion: 2, inputs: { count: 14 } },
    ]);
  });

  it("leaves a field with an empty cell as it is (no key at all)", () => {
    expect(editsFromCsv("kpi,version,numerator,denominator,evidence,target\nTF.2.2,4,,,,\n")).toEqual([
      { where: "line 2", kpi: "TF.2.2", expectedVersion: 4 },
    ]);
  });

  it("reads not-used flags, levels in any case, evidence with quoted commas and targets", () => {
    const csv = [
      "kpi,version,notUsed,notUsedReason,disclosure,evidence,target",
      'TF.5.1,2,yes,"not measured, this cycle",country,,',
      'TF.1.1,1,N,,wco,"report, p. 3",75.5',
      "TF.1.2,1,TRUE,,Public,,",
    ].join("\n");
    expect(editsFromCsv(csv)).toEqual([
      {
        where: "line 2",
        kpi: "TF.5.1",
        expectedVersion: 2,
        notUsed: true,
        notUsedReason: "not measured, this cycle",
        disclosure: "COUNTRY",
      },
      {
        where: "line 3",
        kpi: "TF.1.1",
        expectedVersion: 1,
        notUsed: false,
        disclosure: "WCO",
        evidence: "report, p. 3",
        target: 75.5,
      },
      { where: "line 4", kpi: "TF.1.2", expectedVersion: 1, notUsed: true, disclosure: "PUBLIC" },
    ]);
  });

  it("reports every bad cell of every row by line, and returns no edits", () => {
    const csv = [
      "kpi,version,count,notUsed,disclosure,target",
      "TF.3.1,x,3,,,",
      ",1,many,maybe,SECRET,high",
      "TF.3.2,2,4,,,",
    ].join("\n");
    expect(problemsOf(csv)).toEqual([
      {
        where: "line 2",
        kpi: "TF.3.1",
        field: "version",
        reason: "must be the result's current version (see the CSV template)",
      },
      { where: "line 3", kpi: null, field: "kpi", reason: "is required" },
      { where: "line 3", kpi: null, field: "count", reason: "must be a number" },
      { where: "line 3", kpi: null, field: "notUsed", reason: "must be true or false" },
      { where: "line 3", kpi: null, field: "disclosure", reason: "must be one of PUBLIC, WCO, UNION, COUNTRY" },
      { where: "line 3", kpi: null, field: "target", reason: "must be a number" },
    ]);
  });

  it("refuses a version that is not a whole number", () => {
    expect(problemsOf("kpi,version,count\nTF.3.1,1.5,3\n")).toEqual([
      {
        where: "line 2",
        kpi: "TF.3.1",
        field: "version",
        reason: "must be the result's current version (see the CSV template)",
      },
    ]);
  });

  it("refuses unknown columns and missing required ones on line 1, before reading any row", () => {
    expect(problemsOf("kpi,colour,count\nTF.3.1,red,x\n")).toEqual([
      {
        where: "line 1",
        kpi: null,
        field: "header",
        reason:
          "has unknown column(s) colour; allowed: kpi, version, numerator, denominator, valueYearT, valueYearTMinus1, " +
          "count, hours, days, yes, amount, notUsed, notUsedReason, disclosure, evidence, target",
      },
      { where: "line 1", kpi: null, field: "header", reason: "needs a 'version' column" },
    ]);
  });

  it("refuses a CSV without data rows", () => {
    expect(problemsOf("kpi,version\n")).toEqual([
      { where: "csv", kpi: null, field: "csv", reason: "has no data rows" },
    ]);
  });

  it.each([
    ['kpi,version,evidence\nTF.1.1,1,"unclosed\n', "line 2"],
    ["kpi,version,count\nTF.3.1,1,3\nTF.3.2,1,4,5\n", "line 3"],
  ])("refuses malformed CSV %j at the line where it breaks", (csv, where) => {
    const problems = problemsOf(csv) as { where: string; field: string; reason: string }[];
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ where, kpi: null, field: "csv" });
    expect(problems[0].reason).toMatch(/^is not valid CSV \(/);
  });
});

describe("csvTemplate", () => {
  it("writes the header and one row per result, empty cells for what is unknown or withheld", () => {
    expect(
      csvTemplate([
        {
          kpi: "TF.2.2",
          version: 3,
          inputs: { numerator: 30, denominator: 60 },
          notUsed: false,
          notUsedReason: null,
          disclosure: "WCO",
          target: 80,
        },
        {
          kpi: "TF.3.1",
          version: 1,
          inputs: null,
          notUsed: null,
          notUsedReason: null,
          disclosure: "COUNTRY",
          target: null,
        },
      ]),
    ).toBe(
      "kpi,version,numerator,denominator,valueYearT,valueYearTMinus1,count,hours,days,yes,amount,notUsed,notUsedReason,disclosure,target\n" +
        "TF.2.2,3,30,60,,,,,,,,,,WCO,80\n" +
        "TF.3.1,1,,,,,,,,,,,,COUNTRY,\n",
    );
  });

  it("quotes cells with commas, quotes or line breaks", () => {
    expect(
      csvTemplate([
        {
          kpi: "TF.5.1",
          version: 2,
          inputs: null,
          notUsed: true,
          notUsedReason: 'no "single window",\nyet',
          disclosure: "UNION",
          target: null,
        },
      ])
        .split("\n")
        .slice(1)
        .join("\n"),
    ).toBe('TF.5.1,2,,,,,,,,,,true,"no ""single window"",\nyet",UNION,\n');
  });

  it("writes a template editsFromCsv reads back", () => {
    const template = csvTemplate([
      {
        kpi: "TF.2.2",
        version: 3,
        inputs: { numerator: 30, denominator: 60 },
        notUsed: false,
        notUsedReason: null,
        disclosure: "WCO",
        target: 80,
      },
      {
        kpi: "TF.5.1",
        version: 2,
        inputs: null,
        notUsed: true,
        notUsedReason: "a, b",
        disclosure: "UNION",
        target: null,
      },
    ]);
    expect(editsFromCsv(template)).toEqual([
      {
        where: "line 2",
        kpi: "TF.2.2",
        expectedVersion: 3,
        inputs: { numerator: 30, denominator: 60 },
        disclosure: "WCO",
        target: 80,
      },
      { where: "line 3", kpi: "TF.5.1", expectedVersion: 2, notUsed: true, notUsedReason: "a, b", disclosure: "UNION" },
    ]);
  });
});
