import { csvTemplate, editsFromCsv } from "../../src/assessment/csv-upload";

/**
 * Issue 14.4: text a user uploaded comes back in csvTemplate, which people open in spreadsheets. A cell that
 * starts with = + - @ tab or CR is a formula there (OWASP, CSV injection): it is written with a leading '.
 */
const row = (kpi: string, notUsedReason: string | null, target: number | null = null) => ({
  kpi,
  version: 3,
  inputs: null,
  notUsed: notUsedReason !== null,
  notUsedReason,
  disclosure: "COUNTRY",
  target,
});
const HEADER =
  "kpi,version,numerator,denominator,valueYearT,valueYearTMinus1,count,hours,days,yes,amount,notUsed,notUsedReason,disclosure,target";

describe("csvTemplate neutralises formulas", () => {
  it("prefixes every text cell that a spreadsheet would run, and leaves numbers and plain text alone", () => {
    const csv = csvTemplate([
      row("TF.1.1", "=cmd|' /C calc'!A0"),
      row("TF.1.2", "+1+1"),
      row("TF.2.1", "-2+3+cmd|' /C calc'!A0"),
      row("TF.2.2", "@SUM(1+1)*cmd|' /C calc'!A0"),
      row("TF.2.3", "\t=1"),
      row("TF.3.1", "\r=1"),
      row("TF.3.2", "no data, yet", -12.5),
    ]);
    expect(csv.split("\n")).toEqual([
      HEADER,
      "TF.1.1,3,,,,,,,,,,true,'=cmd|' /C calc'!A0,COUNTRY,",
      "TF.1.2,3,,,,,,,,,,true,'+1+1,COUNTRY,",
      "TF.2.1,3,,,,,,,,,,true,'-2+3+cmd|' /C calc'!A0,COUNTRY,",
      "TF.2.2,3,,,,,,,,,,true,'@SUM(1+1)*cmd|' /C calc'!A0,COUNTRY,",
      "TF.2.3,3,,,,,,,,,,true,'\t=1,COUNTRY,",
      'TF.3.1,3,,,,,,,,,,true,"\'\r=1",COUNTRY,',
      'TF.3.2,3,,,,,,,,,,true,"no data, yet",COUNTRY,-12.5',
      "",
    ]);
  });

  it("reads the neutralised cell back as it was written: the template round-trips", () => {
    const csv = csvTemplate([row("TF.1.1", "=cmd|' /C calc'!A0"), row("TF.1.2", "'quoted already")]);
    expect(editsFromCsv(csv).map((e) => e.notUsedReason)).toEqual(["=cmd|' /C calc'!A0", "'quoted already"]);
  });
});
