import { FrameworkAndReference1795392000001 } from "./0001-framework-and-reference";
import { AssessmentsAndResults1795392000002 } from "./0002-assessments-and-results";
import { DataCollection1795392000003 } from "./0003-data-collection";
import { Analytics1795392000004 } from "./0004-analytics";
import { IncomeGroups1795392000005 } from "./0005-income-groups";
import { ReportReleases1795392000006 } from "./0006-report-releases";

/** Every migration, in order. Listed explicitly so the build holds exactly what runs. */
export const migrations = [
  FrameworkAndReference1795392000001,
  AssessmentsAndResults1795392000002,
  DataCollection1795392000003,
  Analytics1795392000004,
  IncomeGroups1795392000005,
  ReportReleases1795392000006,
];
