/** The disclosure-control engine of report releases: pure, no database, no GraphQL (docs/methods.md, 12). */
export { computeRelease, ReportRefused } from "./engine";
export { viewerKinds, seesLevel, publicViewerIds } from "./viewers";
export type * from "./report.types";
